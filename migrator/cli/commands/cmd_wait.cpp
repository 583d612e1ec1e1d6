#include "commands.hpp"

namespace migrator::cli {

void setup_wait(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub = app.add_subcommand(
        "wait",
        "wait until the database answers (at most --wait, default 60s); retries only connection failures");
    commands.emplace_back(sub, [&ctx] {
        auto const start = std::chrono::steady_clock::now();
        ctx.migrator(); // with --wait, that already waited
        if (!ctx.wait_limit()) ctx.wait_for_database(ctx.migrator(), std::chrono::seconds(60));
        auto const ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                .count();
        ctx.out().doc()["waited_ms"] = ms;
        ctx.out().line("the database answers: " + ctx.migrator().database());
    });
}

} // namespace migrator::cli
