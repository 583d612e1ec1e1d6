#include "commands.hpp"
#include "migrator/errors.hpp"

namespace migrator::cli {

void setup_down(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::optional<int> steps;
        std::optional<std::int64_t> to;
        bool all = false, dry_run = false, sql = false;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("down", "roll back applied migrations (default: the last one)");
    auto* steps = sub->add_option("--steps", opt->steps, "roll back this many migrations");
    auto* to = sub->add_option("--to", opt->to, "roll back to this version, which stays applied (0: all)");
    auto* all = sub->add_flag("--all", opt->all, "roll back every applied migration");
    steps->excludes(to, all);
    to->excludes(all);
    sub->add_flag("--dry-run", opt->dry_run, "list what would be rolled back; change nothing");
    sub->add_flag("--sql", opt->sql, "print the SQL that would run; change nothing");
    commands.emplace_back(sub, [&ctx, opt] {
        DownTarget target;
        if (opt->all)
            target.kind = DownTarget::Kind::all;
        else if (opt->to)
            target = {DownTarget::Kind::to, 0, Version{*opt->to}};
        else if (opt->steps)
            target = {DownTarget::Kind::steps, *opt->steps, {}};
        if (opt->sql) return print_sql(ctx, ctx.runner(false).down_sql(ctx.migrations(), target));
        RunOptions run{opt->dry_run, false, false, stop_flag()};
        StepPrinter printer(ctx.out());
        auto const& set = ctx.migrations();
        install_stop_handlers();
        report_run(ctx, ctx.runner(!opt->dry_run).down(set, target, run, printer));
    });
}

} // namespace migrator::cli
