#include <algorithm>
#include <set>

#include "check/dialect_check.hpp"
#include "migrator/errors.hpp"

namespace migrator {

namespace {

// An id in a `-- migrator:allow` comment that no registered dialect declares: a misspelt id would
// otherwise allow nothing, silently.
void require_known_allow_comments(MigrationSet const& set, DialectRegistry const& registry) {
    std::optional<std::vector<std::pair<std::string, LintRule>>> rules; // read at the first comment
    for (auto const& m : set.migrations()) {
        if (!m.for_this_dialect || m.up.text.find("migrator:allow") == std::string::npos) continue;
        if (!rules) rules = registry.lint_rules();
        for (auto const& [id, line] : allow_comments(m.up.text, m.up.first_line))
            if (!DialectRegistry::find_lint_rule(*rules, id))
                throw MigrationSetError(m.up.path.string() + ":" + std::to_string(line) +
                                        ": unknown lint rule '" + printable(id, 60) +
                                        "' in -- migrator:allow (migrator help lint-rules lists them)");
    }
}

// The versions the live database has applied: old migrations' findings cannot be fixed without
// changing checksums.
std::set<Version> applied_live(DialectCheck& c) {
    std::set<Version> applied;
    if (!c.req.lint_pending_only) return applied;
    if (!c.has_server || !c.dialect.database_exists(*c.req.database))
        throw UsageError("linting only pending migrations needs the live database (of " + c.name + ")");
    auto live = c.dialect.connect(*c.req.database, check_timeout);
    VersionStore store(c.dialect, c.vt);
    if (auto const columns = store.columns(*live); !columns.empty())
        for (auto const& r : store.read(*live, columns))
            applied.insert(r.version);
    return applied;
}

} // namespace

void lint_set(DialectCheck& c, DialectRegistry const& registry) {
    std::set<Version> const applied = applied_live(c);
    require_known_allow_comments(c.set, registry);
    for (auto const& l : c.dialect.lint(c.set)) {
        Version const v = l.migration->version;
        if (c.req.lint_since && v <= *c.req.lint_since) continue;
        if (applied.count(v)) continue;
        if (auto const it = c.req.lint_allow.find(v.value);
            it != c.req.lint_allow.end() &&
            std::find(it->second.begin(), it->second.end(), l.rule) != it->second.end())
            continue;
        c.report.findings.push_back(
            {FindingKind::lint, c.name, l.migration->folder, l.file, l.line, l.rule, l.message, {}, false});
    }
}

} // namespace migrator
