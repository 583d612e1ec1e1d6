#pragma once
// What `check` found (DESIGN.md "What a CI job relies on"): every finding, not just the first.
// Thread-safety: plain values that own all their text; copies may go to any thread.

#include <string>
#include <string_view>
#include <vector>

#include "migrator/export.hpp"

namespace migrator {

// What a finding is about. Its one text form (to_string, and JSON's "kind") is the name as written.
enum class FindingKind {
    round_trip,   // a down that does not restore the schema, or an up or down that fails
    drift,        // the schema after every migration differs from the committed snapshot
    parity,       // the dialects' final schemas differ
    lint,         // a lint rule's finding
    changed,      // live: an applied migration's file changed
    missing,      // live: an applied version has no folder
    out_of_order, // live: a pending version older than the newest applied one
    live_drift,   // live: the live schema differs from the snapshot
};
MIGRATOR_API std::string_view to_string(FindingKind kind) noexcept;

struct MIGRATOR_API Finding {
    FindingKind kind = FindingKind::round_trip;
    std::string dialect;   // "" for findings about the set as a whole
    std::string migration; // folder, or ""
    std::string file;
    int line = 0;
    std::string rule; // lint rule id
    std::string message;
    std::string diff;              // line diff of schema dumps, where one applies
    bool snapshot_missing = false; // drift: there is no snapshot file to compare with
};

struct MIGRATOR_API DialectSummary {
    std::string dialect;
    int migrations = 0; // round-tripped without a finding
    bool snapshot_written = false;
    bool live_checked = false;
    int failed = 0;            // round trips with a finding (the scratch database was rebuilt past each)
    int skipped = 0;           // not round-tripped: after an up that failed, nothing later can run
    std::string drift_skipped; // why drift was not checked, or ""
    // Applied without a round trip (forward-only): marked `irreversible: true`, or another tool's
    // migrations without a down; irreversible_why says which, item by item.
    std::vector<std::string> irreversible{};
    std::vector<std::string> irreversible_why{};
};

struct MIGRATOR_API CheckReport {
    std::vector<Finding> findings;
    std::vector<DialectSummary> dialects;
    std::vector<std::string> snapshot_files; // written by update_snapshot
    std::string parity_skipped;              // why dialect parity was not checked, or ""
    bool clean() const noexcept { return findings.empty(); }
};

} // namespace migrator
