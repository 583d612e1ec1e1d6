#include "commands.hpp"

namespace migrator::cli {

// migrator redo: the newest applied migration's down and up again, under one lock, as a
// developer does while writing it (goose redo, dbmate rollback && migrate, Rails db:migrate:redo).
void setup_redo(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub = app.add_subcommand("redo", "roll the newest applied migration back and apply it again");
    commands.emplace_back(sub, [&ctx] {
        Migrator& m = ctx.writing_migrator();
        StepPrinter printer(ctx.out());
        m.set_observer(&printer);
        install_stop_handlers(m);
        report_run(ctx, m.redo());
    });
}

} // namespace migrator::cli
