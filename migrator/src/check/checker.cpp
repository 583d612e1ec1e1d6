#include "check/checker.hpp"

#include <fstream>
#include <sstream>

#include "check/dialect_check.hpp"
#include "migrator/errors.hpp"
#include "migrator/text_file.hpp"
#include "model/line_diff.hpp"
#include "model/owned_temp_dir.hpp"
#include "schema/schema_parity.hpp"
#include "schema/schema_render.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

std::optional<std::string> read_file(fs::path const& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The schema after every migration against the committed snapshot (drift), unless an up failed.
void check_drift(DialectCheck& c, Migration const* failed_up, std::optional<std::string> const& committed,
                 fs::path const& snapshot, std::string const& final_dump) {
    if (failed_up) {
        c.summary.drift_skipped =
            "not checked: " + failed_up->folder + "'s up failed, so the final schema is unknown";
    } else if (!committed) {
        c.finding(FindingKind::drift, nullptr, snapshot.string(), "no snapshot").snapshot_missing = true;
    } else if (snapshot_body(*committed) != final_dump) {
        c.finding(FindingKind::drift, nullptr, snapshot.string(),
                  "the schema after all migrations differs from the snapshot",
                  line_diff(snapshot_body(*committed), final_dump));
    }
}

} // namespace

std::string_view to_string(FindingKind kind) noexcept {
    switch (kind) {
    case FindingKind::round_trip:
        return "round_trip";
    case FindingKind::drift:
        return "drift";
    case FindingKind::parity:
        return "parity";
    case FindingKind::lint:
        return "lint";
    case FindingKind::changed:
        return "changed";
    case FindingKind::missing:
        return "missing";
    case FindingKind::out_of_order:
        return "out_of_order";
    case FindingKind::live_drift:
        return "live_drift";
    }
    return "unknown";
}

Checker::Final Checker::check_dialect(CheckRequest const& req, std::string const& name, fs::path const& tmp,
                                      RunControl const& control, CheckReport& report) const {
    Dialect const& dialect = registry_.get(name);
    MigrationSet const set = req.source.load(dialect, registry_); // throws when malformed
    DialectSummary summary;
    summary.dialect = name;
    bool const has_server = req.database && req.database->dialect() == name;
    if (!has_server && dialect.scratch_needs_server()) throw ScratchServerNeeded(name);
    // "ops.schema_version" is a schema-qualified name where there are schemas, a table elsewhere.
    QualifiedName const vt =
        dialect.supports_schemas() ? req.version_table : QualifiedName{"", req.version_table.table};
    DialectCheck c{
        req,        report, name, dialect, set, summary, has_server ? *req.database : DatabaseUrl{},
        has_server, vt,     tmp,  control};
    if (has_server) dialect.drop_stale_scratch(c.server);
    std::optional<ScratchDb> db;
    db.emplace(dialect, c.server, tmp, vt, control, req.active);

    Final final;
    fs::path const snapshot = req.snapshot_dir / (name + ".sql");
    if (req.update_snapshot) {
        db->run.executor.up(set, {});
        fs::create_directories(req.snapshot_dir);
        write_text_file(snapshot, snapshot_text(name, db->run.dump()));
        summary.snapshot_written = true;
        report.snapshot_files.push_back(snapshot.string());
        report.dialects.push_back(summary);
        return final;
    }
    std::string schema = db->run.dump();
    Migration const* failed_up = round_trip(c, db, schema);
    stop_if_asked(control);
    auto const committed = read_file(snapshot);
    check_drift(c, failed_up, committed, snapshot, schema);
    if (!failed_up) final = Final{name, &dialect, db->connection->inspect_schema(vt)};
    lint_set(c, registry_);
    check_live(c, committed);
    report.dialects.push_back(summary);
    return final;
}

CheckReport Checker::run(CheckRequest const& req) const {
    CheckReport report;
    std::vector<Final> finals;
    RunControl own_control;
    RunControl const& control = req.control ? *req.control : own_control;
    OwnedTempDir tmp(fs::temp_directory_path(), "migrator-check-");
    for (auto const& name : req.dialects)
        if (Final f = check_dialect(req, name, tmp.path(), control, report); f.dialect)
            finals.push_back(std::move(f));

    // Dialect parity: the final schemas, compared logically.
    if (req.dialects.size() < 2)
        report.parity_skipped = "not checked: one dialect";
    else if (finals.size() < req.dialects.size())
        report.parity_skipped = "not checked for every dialect: an up failed on " +
                                std::to_string(req.dialects.size() - finals.size()) + " of them";
    for (std::size_t i = 1; i < finals.size(); ++i)
        for (auto const& d : parity_differences(finals[0].schema, finals[0].name, *finals[0].dialect,
                                                finals[i].schema, finals[i].name, *finals[i].dialect))
            report.findings.push_back({FindingKind::parity, "", "", "", 0, "", d, {}, false});
    return report;
}

} // namespace migrator
