#pragma once
// `check`: everything a CI job wants to know before a migration set merges (DESIGN.md "What a
// CI job relies on"). Runs on scratch databases it creates and drops; reports every finding.
// Findings are values; only a malformed set (MigrationSetError), a bad request (UsageError,
// ScratchServerNeeded) or an unreachable server (DatabaseError) throw.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/sink.hpp"
#include "migrator/check_report.hpp"
#include "migrator/dialect_registry.hpp"
#include "migrator/migration_source.hpp"

namespace migrator {

struct CheckRequest {
    MigrationSource source;
    std::filesystem::path snapshot_dir{}; // <dialect>.sql live here
    std::vector<std::string> dialects{};
    QualifiedName version_table{}; // a schema, if any, applies to dialects that have schemas
    // The server on which scratch databases of its dialect are created. When the database it
    // names has a version table, it is also checked live (checksums, missing, out-of-order,
    // schema vs snapshot), unless !live.
    std::optional<DatabaseUrl> database{};
    bool live = true;
    bool update_snapshot = false;
    bool ignore_column_order = false;
    std::optional<Version> lint_since{};
    bool lint_pending_only = false;
    std::map<std::int64_t, std::vector<std::string>> lint_allow{};
    // A stop request ends the check before its next step (Interrupted), after dropping its
    // scratch databases and folder; `active` is set to the scratch connection in use, so that a
    // cancel reaches its statement in flight. Both optional.
    RunControl const* control = nullptr;
    std::atomic<Connection*>* active = nullptr;
};

class Checker {
public:
    explicit Checker(DialectRegistry const& registry) : registry_(registry) {}
    CheckReport run(CheckRequest const& request) const;

private:
    // A dialect's schema after every migration, for dialect parity; `dialect` null when unknown.
    struct Final {
        std::string name;
        Dialect const* dialect = nullptr;
        SchemaModel schema;
    };
    // One dialect's checks (dialect_check.hpp), findings into `report`.
    Final check_dialect(CheckRequest const& req, std::string const& name, std::filesystem::path const& tmp,
                        RunControl const& control, CheckReport& report) const;

    DialectRegistry const& registry_;
};

} // namespace migrator
