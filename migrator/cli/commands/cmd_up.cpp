#include "commands.hpp"

namespace migrator::cli {

void setup_up(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::optional<std::string> to;
        std::optional<int> steps;
        bool dry_run = false, sql = false, allow_changed = false, allow_out_of_order = false,
             single_transaction = false;
        std::optional<std::string> dialect;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("up", "apply pending migrations");
    sub->alias("migrate");
    auto* to =
        sub->add_option("--to", opt->to, "apply up to and including this version")->type_name("VERSION");
    sub->add_option("--steps", opt->steps, "apply at most this many pending migrations")
        ->type_name("N")
        ->excludes(to);
    sub->add_flag("--single-transaction", opt->single_transaction,
                  "apply every pending migration in one transaction: all or nothing (config: "
                  "single_transaction: true)");
    sub->add_flag("--dry-run", opt->dry_run, "list what would be applied; change nothing");
    sub->add_flag("--sql", opt->sql,
                  "print the SQL that would run, version-table writes included; change nothing");
    sub->add_option("--dialect", opt->dialect,
                    "with --sql: print for this dialect, offline (as if nothing were applied), whatever "
                    "database the config names")
        ->type_name("D");
    sub->add_flag("--allow-changed", opt->allow_changed,
                  "apply even though an applied migration's file changed");
    sub->add_flag("--allow-out-of-order", opt->allow_out_of_order,
                  "apply pending versions older than the newest applied");
    commands.emplace_back(sub, [&ctx, opt] {
        UpOptions o;
        // Only the versions are needed, which is what up reads anyway (LoadScope::up_text).
        if (opt->to)
            o.to = version_arg((opt->sql && opt->dialect ? ctx.offline(*opt->dialect) : ctx.migrator())
                                   .migrations(LoadScope::up_text),
                               *opt->to, "--to");
        o.steps = opt->steps;
        o.dry_run = opt->dry_run;
        o.sql = opt->sql;
        o.allow_changed = opt->allow_changed;
        o.allow_out_of_order = opt->allow_out_of_order;
        o.single_transaction = opt->single_transaction || ctx.config().single_transaction;
        if (opt->dialect && !opt->sql)
            throw UsageError("--dialect is for --sql (the SQL for a dialect, printed offline); add --sql");
        // Offline whenever a dialect is named: the script for a fresh database of that dialect,
        // so that a CI job or a DBA gets the same text wherever it runs (DESIGN.md: --sql --dialect).
        if (opt->sql && opt->dialect) return print_sql(ctx, ctx.offline(*opt->dialect).up(o));
        if (opt->sql) return print_sql(ctx, ctx.migrator().up(o));
        Migrator& m = ctx.writing_migrator();
        StepPrinter printer(ctx.out());
        m.set_observer(&printer);
        install_stop_handlers(m);
        report_run(ctx,
                   run_batch_aware(
                       ctx, o.single_transaction, [&] { return m.up(o); }, &printer),
                   opt->to);
    });
}

} // namespace migrator::cli
