#include "commands.hpp"

namespace migrator::cli {

void setup_validate(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub =
        app.add_subcommand("validate", "check the migration set is well formed and applied checksums match");
    commands.emplace_back(sub, [&ctx] {
        auto& out = ctx.out();
        if (!ctx.has_database()) {
            // No database: check the set as every known dialect would load it.
            for (auto const& name : ctx.registry().names()) {
                auto m = Migrator::offline(ctx.registry(), name, ctx.source(), ctx.open_options());
                out.line(name + ": " + std::to_string(m.migrations().migrations().size()) +
                         " migration(s), well formed");
            }
            out.doc()["valid"] = true;
            return;
        }
        Migrator& m = ctx.migrator();
        auto const problems = m.validate();
        auto& findings = out.doc()["findings"] = nlohmann::json::array();
        for (auto const& c : problems.changed) {
            std::string text = c.migration->up.path.string() + ": changed since it was applied (checksum " +
                               c.migration->up.checksum.substr(0, 12) + ", recorded " +
                               c.recorded.substr(0, 12) + ")";
            findings.push_back(
                {{"kind", "changed"}, {"version", c.migration->version.value}, {"message", text}});
            Output::error(text);
        }
        for (auto const& r : problems.missing) {
            std::string text = "applied version " + std::to_string(r.version.value) + " (" + r.name +
                               ") has no migration folder";
            findings.push_back({{"kind", "missing"}, {"version", r.version.value}, {"message", text}});
            Output::error(text);
        }
        out.doc()["valid"] = findings.empty();
        if (!findings.empty()) throw ExitWith{3};
        out.line(std::to_string(m.migrations().migrations().size()) +
                 " migration(s), well formed; applied checksums match");
    });
}

} // namespace migrator::cli
