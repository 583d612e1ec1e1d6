#include "commands.hpp"

namespace migrator::cli {

void setup_baseline(CLI::App& app, Context& ctx, CommandList& commands) {
    auto version = std::make_shared<std::int64_t>(0);
    auto* sub =
        app.add_subcommand("baseline", "record migrations up to VERSION as applied without running them");
    sub->add_option("VERSION", *version, "the last version the existing database already has")->required();
    commands.emplace_back(sub, [&ctx, version] {
        auto const recorded = ctx.writing_migrator().baseline(Version{*version});
        auto& list = ctx.out().doc()["recorded"] = nlohmann::json::array();
        for (auto const* m : recorded) {
            list.push_back(m->version.value);
            ctx.out().detail("recorded " + m->folder);
        }
        ctx.out().line("baseline: recorded " + count_of(recorded.size(), "migration") + " up to version " +
                       std::to_string(*version));
    });
}

} // namespace migrator::cli
