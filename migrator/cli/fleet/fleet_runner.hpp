#pragma once
// Runs one command on every target of a fleet: N workers, each with one Migrator (one
// database connection, plus PostgreSQL's lock connection while it writes) at a time, taking the
// next target when its last one ends. Each target runs exactly what `migrator <command>` runs on
// it alone: the same lock, transactions and refusals. A failing target is recorded and the
// others go on. A stop signal, and with --fail-fast the first failure, start no new target and
// stop those in flight after their migration in flight. Uses the public API only.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fleet/fleet_targets.hpp"
#include "migrator/migrator.hpp"
#include "render/output.hpp"

namespace migrator::cli {

enum class FleetCommand { up, down, status, validate, check };

struct FleetRequest {
    FleetCommand command = FleetCommand::up;
    UpOptions up;
    DownOptions down;
    bool status_exit_code = false; // status --exit-code: 3 for a target behind, dirty or changed
    int parallel = 1;
    bool fail_fast = false;
    std::string version_table = "schema_version"; // a tenant's lives in its schema
    Timeout lock_timeout = std::chrono::seconds(60);
    SourceOptions source;
    std::optional<Timeout> wait; // --wait: each target's database, until it answers
};

struct TargetResult {
    enum class Outcome {
        applied,
        up_to_date,
        reverted,
        nothing_to_revert,
        would_apply,
        would_revert,
        sql, // up, down
        pending,
        problems,
        valid, // status, validate, check
        failed,
        lock_timeout,
        interrupted,
        skipped
    };
    Outcome outcome = Outcome::skipped;
    int count = 0;     // migrations applied, reverted, that would be, pending, or problems found
    int exit_code = 0; // as `migrator <command>` on this target alone would exit
    std::optional<Version> before, after;
    std::string error;                 // failed, lock_timeout, interrupted: one line
    std::vector<std::string> findings; // problems: one line each
    std::vector<std::string> sql;      // --sql
    std::int64_t ms = 0;
};

// The JSON name of an outcome ("applied", "up_to_date", "lock_timeout", ...).
char const* outcome_name(TargetResult::Outcome outcome);

class FleetProgress;
class TargetObserver;

class FleetRunner {
public:
    FleetRunner(DialectRegistry const& registry, FleetRequest request, Output const& out);
    // Every target's result, in the targets' order. Installs the fleet's stop handlers.
    std::vector<TargetResult> run(std::vector<FleetTarget> const& targets);

private:
    TargetResult run_one(FleetTarget const& target, std::size_t slot);
    void run_command(Migrator& m, TargetResult& r);
    static void versions_after_failure(Migrator& m, TargetObserver const& observer, TargetResult& r) noexcept;
    MigrationSource const& source_for(std::string const& dir);

    DialectRegistry const& registry_;
    FleetRequest request_;
    Output const& out_;
    std::vector<std::pair<std::string, MigrationSource>> sources_; // one per directory, read once
    FleetProgress* progress_ = nullptr;                            // while run() runs
    std::atomic<bool> fail_fast_tripped_{false};
};

} // namespace migrator::cli
