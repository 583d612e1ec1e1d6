#pragma once
// `migrator check`: everything a CI job wants to know before a migration set merges
// (DESIGN.md "What a CI job relies on"). Runs on scratch databases it creates and drops;
// reports every finding, not just the first. Findings are values; only a malformed set
// (MigrationSetError), a bad request (UsageError) or an unreachable server (DatabaseError) throw.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "migrator/database_url.hpp"
#include "migrator/dialect_registry.hpp"

namespace migrator {

struct Finding {
    std::string kind;      // round_trip, drift, parity, lint, changed, missing, out_of_order, live_drift
    std::string dialect;   // "" for findings about the set as a whole
    std::string migration; // folder, or ""
    std::string file;
    int line = 0;
    std::string rule; // lint rule id
    std::string message;
    std::string diff; // line diff of schema dumps, where one applies
};

struct CheckRequest {
    std::filesystem::path migrations_dir;
    std::filesystem::path snapshot_dir; // schema/<dialect>.sql live here
    std::vector<std::string> dialects;
    QualifiedName version_table;
    // PostgreSQL: the server on which scratch databases are created. When the database it names
    // has a version table, it is also checked as a live database (checksums, missing,
    // out-of-order, schema vs snapshot).
    std::optional<DatabaseUrl> database;
    bool live = true; // false: `database` is only a server for scratch databases (--no-live)
    bool update_snapshot = false;
};

struct DialectSummary {
    std::string dialect;
    int migrations = 0;
    bool snapshot_written = false;
    bool live_checked = false;
};

struct CheckReport {
    std::vector<Finding> findings;
    std::vector<DialectSummary> dialects;
    bool clean() const noexcept { return findings.empty(); }
};

class Checker {
public:
    explicit Checker(DialectRegistry const& registry) : registry_(registry) {}
    CheckReport run(CheckRequest const& request) const;

private:
    DialectRegistry const& registry_;
};

// The snapshot file text for a dump: a header comment, then render_schema().
std::string snapshot_text(std::string const& dialect, std::string const& rendered);
// The dump part of a snapshot file (comment lines dropped).
std::string snapshot_body(std::string const& file_text);

} // namespace migrator
