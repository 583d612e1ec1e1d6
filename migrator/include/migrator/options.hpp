#pragma once
// What a caller may ask of each Migrator operation; the fields mirror the CLI's flags.
// Thread-safety: plain values, copied by the operation that takes them.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "migrator/duration.hpp"
#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

struct MIGRATOR_API OpenOptions {
    std::string version_table = "schema_version"; // [schema.]table; validated at open
    Timeout lock_timeout = std::chrono::seconds(60);
    std::filesystem::path base_dir; // relative sqlite:/// paths resolve here (default: the working dir)
    // Schema-per-tenant: scripts run with this schema first on the search path (then the
    // database's public one), and an unqualified version_table lives in it, so its lock is this
    // tenant's alone. Empty: the connection's default. UsageError at open where the dialect has
    // no schemas or the name is not a plain identifier.
    std::string schema;
};

struct MIGRATOR_API UpOptions {
    std::optional<Version> to{};     // apply up to and including this version (it must be in the set)
    std::optional<int> steps{};      // apply at most this many (at least 1, at most what is pending)
    bool dry_run = false;            // plan only: report would_apply steps, change nothing
    bool sql = false;                // offline: RunReport::sql holds every statement; change nothing
    bool allow_changed = false;      // apply although an applied migration's up script changed
    bool allow_out_of_order = false; // apply pending versions older than the newest applied one
    // Every pending migration and its version row in one transaction: all or nothing. Refused
    // (UsageError) when one of them runs without a transaction.
    bool single_transaction = false;
};

struct MIGRATOR_API DownTarget {
    // last: the newest applied one, or nothing when none is applied.
    enum class Kind { last, steps, to, all } kind = Kind::last;
    int steps = 1;
    Version to{}; // `to` stays applied; Version{0} reverts everything
};

struct MIGRATOR_API DownOptions {
    DownTarget target{};
    bool dry_run = false;
    bool sql = false;
    bool single_transaction = false; // as UpOptions::single_transaction, for the downs
};

struct MIGRATOR_API CheckOptions {
    // Dialects to check; empty: the Migrator's own. A dialect whose scratch databases need a
    // server uses the Migrator's database as that server when it is of that dialect.
    std::vector<std::string> dialects{};
    std::filesystem::path snapshot_dir{}; // <dialect>.sql snapshots; empty: schema/ beside the migrations
    // Also check the Migrator's database itself, when it holds a version table (checksums,
    // missing, out-of-order, schema vs snapshot). False: use it only as a scratch server.
    bool live = true;
    bool update_snapshot = false; // write the snapshots instead of comparing against them
    // A down that restores every column in another order is a finding ("column order
    // differs") unless this is set.
    bool ignore_column_order = false;
    // Lint only what is new, so that old migrations' findings need no edit (an edit would change
    // their checksums): versions after `lint_since`; with `lint_pending_only`, only migrations
    // the live database has not applied; never the rules `lint_allow` lists for a version.
    std::optional<Version> lint_since{};
    bool lint_pending_only = false;
    std::map<std::int64_t, std::vector<std::string>> lint_allow{};
};

} // namespace migrator
