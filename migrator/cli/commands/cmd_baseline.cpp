#include "commands.hpp"

namespace migrator::cli {

void setup_baseline(CLI::App& app, Context& ctx, CommandList& commands) {
    auto version = std::make_shared<std::string>();
    auto* sub =
        app.add_subcommand("baseline", "record migrations up to VERSION as applied without running them");
    sub->add_option("VERSION", *version, "the last version the existing database already has")->required();
    commands.emplace_back(sub, [&ctx, version] {
        Migrator& m = ctx.writing_migrator();
        auto const recorded = m.baseline(version_arg(m.migrations(), *version, "baseline"));
        auto& list = ctx.out().doc()["recorded"] = nlohmann::json::array();
        for (auto const* m : recorded) {
            list.push_back(m->version.value);
            ctx.out().detail("recorded " + m->folder);
        }
        ctx.out().line("baseline: recorded " + count_of(recorded.size(), "migration") + " up to version " +
                       *version);
    });
}

} // namespace migrator::cli
