#include "commands.hpp"

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
        UpOptions o;
        if (opt->to) o.to = Version{*opt->to};
        o.dry_run = opt->dry_run;
        o.sql = opt->sql;
        o.allow_changed = opt->allow_changed;
        o.allow_out_of_order = opt->allow_out_of_order;
        if (opt->sql) {
            if (opt->dialect && !ctx.has_database()) return print_sql(ctx, ctx.offline(*opt->dialect).up(o));
            Migrator& m = ctx.migrator();
            if (opt->dialect && m.dialect().name() != *opt->dialect)
                throw UsageError("--dialect " + *opt->dialect + " does not match the database's dialect, " +
                                 std::string(m.dialect().name()));
            return print_sql(ctx, m.up(o));
        }
        Migrator& m = ctx.migrator();
        StepPrinter printer(ctx.out());
        m.set_observer(&printer);
        install_stop_handlers(m);
        report_run(ctx, m.up(o));
    });
}

} // namespace migrator::cli
