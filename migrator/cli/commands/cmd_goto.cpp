#include "commands.hpp"

namespace migrator::cli {

void setup_goto(CLI::App& app, Context& ctx, CommandList& commands) {
    auto version = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("goto", "up or down to exactly VERSION (0: roll everything back)");
    sub->add_option("VERSION", *version, "the version to end at")->required();
    commands.emplace_back(sub, [&ctx, version] {
        Migrator& m = ctx.writing_migrator();
        Version const target = version_arg(m.migrations(), *version, "goto");
        StepPrinter printer(ctx.out());
        m.set_observer(&printer);
        install_stop_handlers(m);
        // Newer ones first come off, then what is missing up to the target goes on: golang-migrate's
        // goto. Each half takes the lock; a runner in between sees a state the table states.
        auto const rows = m.history();
        RunReport report;
        if (!rows.empty()) report.current_version = rows.back().version;
        if (!rows.empty() && rows.back().version > target) {
            DownOptions d;
            d.target = {DownTarget::Kind::to, 0, target};
            report = m.down(d);
        }
        bool const applied =
            std::any_of(rows.begin(), rows.end(), [&](AppliedRow const& r) { return r.version == target; });
        if (target.value != 0 && !applied) {
            UpOptions u;
            u.to = target;
            RunReport const up = m.up(u);
            report.steps.insert(report.steps.end(), up.steps.begin(), up.steps.end());
            report.current_version = up.current_version;
        }
        report.current_shown =
            report.current_version ? version_text(report.current_version, m.migrations()) : "";
        report_run(ctx, report);
    });
}

} // namespace migrator::cli
