#include "commands.hpp"

namespace migrator::cli {

void setup_down(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::optional<int> steps;
        std::optional<std::string> to;
        bool all = false, dry_run = false, sql = false, single_transaction = false;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("down", "roll back applied migrations (default: the last one)");
    sub->alias("rollback");
    auto* steps = sub->add_option("--steps", opt->steps, "roll back this many migrations")->type_name("N");
    auto* to = sub->add_option("--to", opt->to, "roll back to this version, which stays applied (0: all)")
                   ->type_name("VERSION");
    auto* all = sub->add_flag("--all", opt->all, "roll back every applied migration");
    steps->excludes(to, all);
    to->excludes(all);
    sub->add_flag("--single-transaction", opt->single_transaction,
                  "roll back in one transaction: all or nothing (config: single_transaction: true)");
    sub->add_flag("--dry-run", opt->dry_run, "list what would be rolled back; change nothing");
    sub->add_flag("--sql", opt->sql, "print the SQL that would run; change nothing");
    commands.emplace_back(sub, [&ctx, opt] {
        DownOptions o;
        if (opt->all)
            o.target.kind = DownTarget::Kind::all;
        else if (opt->to)
            o.target = {DownTarget::Kind::to, 0, version_arg(ctx.migrator().migrations(), *opt->to, "--to")};
        else if (opt->steps)
            o.target = {DownTarget::Kind::steps, *opt->steps, {}};
        o.dry_run = opt->dry_run;
        o.sql = opt->sql;
        o.single_transaction = opt->single_transaction || ctx.config().single_transaction;
        if (opt->sql) return print_sql(ctx, ctx.migrator().down(o));
        Migrator& m = ctx.writing_migrator();
        StepPrinter printer(ctx.out());
        m.set_observer(&printer);
        install_stop_handlers(m);
        report_run(ctx, run_batch_aware(
                            ctx, o.single_transaction, [&] { return m.down(o); }, &printer));
    });
}

} // namespace migrator::cli
