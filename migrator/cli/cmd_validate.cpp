#include <set>

#include "commands.hpp"

namespace migrator::cli {

namespace {
// An empty down is a valid no-op (diesel and golang-migrate sets hold many), but rolling it back
// changes nothing: say so once per file, on stderr and in the document's "warnings".
void warn_empty_downs(MigrationSet const& set, Output& out, std::set<std::string>& said) {
    auto& warnings = out.doc()["warnings"];
    if (warnings.is_null()) warnings = nlohmann::json::array();
    for (auto const& m : set.migrations()) {
        if (!m.for_this_dialect || !m.down.statements.empty()) continue;
        std::string const text = m.down.path == m.up.path
                                     ? m.up.path.string() + ": " + m.folder +
                                           " has no down script: rolling it back changes nothing"
                                     : m.down.path.string() + ": the down script is empty: rolling " +
                                           m.folder + " back changes nothing";
        if (!said.insert(text).second) continue;
        warnings.push_back({{"kind", "empty-down"}, {"version", m.version.value}, {"message", text}});
        out.note("migrator: warning: " + text);
    }
}
} // namespace

void setup_validate(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub =
        app.add_subcommand("validate", "check the migration set is well formed and applied checksums match");
    commands.emplace_back(sub, [&ctx] {
        auto& out = ctx.out();
        if (!ctx.has_database()) {
            // No database: check the set as every known dialect would load it.
            std::set<std::string> said;
            for (auto const& name : ctx.registry().names()) {
                auto m = Migrator::offline(ctx.registry(), name, ctx.source(), ctx.open_options());
                warn_empty_downs(m.migrations(), out, said);
                out.line(name + ": " + std::to_string(m.migrations().migrations().size()) +
                         " migration(s), well formed");
            }
            out.doc()["valid"] = true;
            return;
        }
        Migrator& m = ctx.migrator();
        std::set<std::string> said;
        warn_empty_downs(m.migrations(), out, said);
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
