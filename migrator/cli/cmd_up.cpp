#include "commands.hpp"
#include "migrator/errors.hpp"

namespace migrator::cli {

void setup_up(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::optional<std::int64_t> to;
        bool dry_run = false, sql = false, allow_changed = false, allow_out_of_order = false;
        std::optional<std::string> dialect;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("up", "apply pending migrations");
    sub->add_option("--to", opt->to, "apply up to and including this version");
    sub->add_flag("--dry-run", opt->dry_run, "list what would be applied; change nothing");
    sub->add_flag("--sql", opt->sql,
                  "print the SQL that would run, version-table writes included; change nothing");
    sub->add_option("--dialect", opt->dialect, "with --sql and no database: the dialect to print for");
    sub->add_flag("--allow-changed", opt->allow_changed,
                  "apply even though an applied migration's file changed");
    sub->add_flag("--allow-out-of-order", opt->allow_out_of_order,
                  "apply pending versions older than the newest applied");
    commands.emplace_back(sub, [&ctx, opt] {
        std::optional<Version> to;
        if (opt->to) to = Version{*opt->to};
        if (opt->sql) {
            if (opt->dialect && ctx.has_database() && ctx.url().dialect() != *opt->dialect)
                throw UsageError("--dialect " + *opt->dialect + " does not match the database's dialect, " +
                                 ctx.url().dialect());
            if (opt->dialect) ctx.use_offline_dialect(*opt->dialect);
            return print_sql(ctx, ctx.runner(false).up_sql(ctx.migrations(), to));
        }
        RunOptions run{opt->dry_run, opt->allow_changed, opt->allow_out_of_order, stop_flag()};
        StepPrinter printer(ctx.out());
        auto const& set = ctx.migrations();
        install_stop_handlers();
        report_run(ctx, ctx.runner(!opt->dry_run).up(set, to, run, printer));
    });
}

} // namespace migrator::cli
