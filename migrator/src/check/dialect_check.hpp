#pragma once
// One dialect's part of `check`: what its checks share (the request, the set as that dialect
// reads it, the report its findings go to), and the checks themselves, one file each: the round
// trip (round_trip.cpp), lint (lint_check.cpp) and the live database (live_check.cpp). Snapshot
// drift and dialect parity are the checker's own (checker.cpp).

#include <filesystem>
#include <optional>
#include <string>

#include "check/checker.hpp"
#include "check/scratch_db.hpp"

namespace migrator {

struct DialectCheck {
    CheckRequest const& req;
    CheckReport& report;
    std::string const& name;
    Dialect const& dialect;
    MigrationSet const& set;
    DialectSummary& summary;
    DatabaseUrl server; // where scratch databases go; unused by file-based dialects
    bool has_server;    // the request's database is of this dialect
    QualifiedName vt;   // the version table, schema-qualified where the dialect has schemas
    std::filesystem::path scratch_dir;
    RunControl const& control;

    Finding& finding(FindingKind kind, Migration const* m, std::string file, std::string message,
                     std::string diff = {});
};

// Each migration up, down and up again on `db`, comparing schemas; a broken step is a finding and
// `db` is rebuilt past it. `before` starts as the empty schema and ends as the schema after the
// last migration. Returns the migration whose up failed (nothing after it can run), or null.
Migration const* round_trip(DialectCheck& c, std::optional<ScratchDb>& db, std::string& before);

// The dialect's lint findings for migrations newer than lint_since (and, with lint_pending_only,
// not applied live), less those lint_allow allows. An unknown id in a `-- migrator:allow`
// comment is a MigrationSetError naming file:line.
void lint_set(DialectCheck& c, DialectRegistry const& registry);

// The request's database, when it holds a version table: changed, missing and out-of-order
// migrations, and, when nothing is pending, its schema against the committed snapshot.
void check_live(DialectCheck& c, std::optional<std::string> const& committed_snapshot);

} // namespace migrator
