#pragma once
// What every command shares: the global flags, and lazily resolved config and Migrator. Each is
// worked out at most once, and only when a command asks for it, so `new` never connects and
// `status` never reads a script twice. Uses the public API only.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config.hpp"
#include "migrator/migrator.hpp"
#include "render/output.hpp"

namespace migrator::cli {

struct GlobalOptions {
    ConfigOverrides overrides;
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    bool allow_empty = false;
    std::optional<std::string> wait; // --wait DURATION
};

class Context {
public:
    Context(DialectRegistry const& registry, GlobalOptions const& options, Output& out);

    Config const& config();
    bool has_database();
    // The configured database with the configured migrations; UsageError naming the three
    // places a database can come from when there is none. With --wait, it first waits until
    // the database answers.
    Migrator& migrator();
    // migrator(), for a command that writes: its first line says which database it uses and
    // where that came from ("database: postgresql://app:***@db/prod (--env production in
    // migrator.yaml:9)"), silent under -q; with --json, the fields "database" and
    // "database_source".
    Migrator& writing_migrator();
    // That line alone, once, for a command that opens its own Migrator on the configured database.
    void announce_database(std::string const& redacted_url);
    // Retries connecting (only a ConnectionFailed) until the database answers or `limit` passes;
    // then rethrows the last failure. A stop signal ends the wait. Says once that it waits.
    void wait_for_database(Migrator& m, Timeout limit);
    // --wait as given, if given.
    std::optional<Timeout> wait_limit();
    // No database, for `--sql --dialect D` and `check` without one.
    Migrator& offline(std::string const& dialect);
    MigrationSource source();
    OpenOptions open_options();
    DialectRegistry const& registry() const noexcept { return registry_; }
    GlobalOptions const& options() const noexcept { return options_; }
    Output& out() noexcept { return out_; }
    // Appended to the error line when the command fails ("; rolled back; 2 earlier migrations
    // stay applied").
    std::string failure_note;
    // Wall-clock milliseconds since the command started (for a summary line).
    std::int64_t elapsed_ms() const;

private:
    DialectRegistry const& registry_;
    GlobalOptions const& options_;
    Output& out_;
    std::optional<Config> config_;
    std::optional<Migrator> migrator_;
    bool announced_ = false;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// Retries m.ping() (only a ConnectionFailed) with backoff until the database answers or `limit`
// passes, then rethrows the last failure; a stop signal ends the wait. `say` hears once that it waits.
void wait_until_answers(Migrator& m, Timeout limit, std::function<void(std::string const&)> const& say);

// SIGINT/SIGTERM ask `running` to stop after the migration in flight (or to stop waiting for
// the lock), saying so on stderr; a second one cancels the statement in flight.
void install_stop_handlers(Migrator& running);
// For `check`, whose databases are all scratch: the first signal cancels the statement in flight
// at once, and the check drops its scratch databases and folder before it exits.
void install_cancel_handlers(Migrator& running);
void install_stop_handlers(); // the handlers alone; what they stop is set below

// A fleet's workers: the first signal stops starting new targets and asks every Migrator in
// flight to stop after its migration in flight; the second cancels their statements. Each
// worker registers the Migrator it runs in its own slot (below max_running_migrators), null
// when it runs none; clearing a slot waits for a handler still using its Migrator.
inline constexpr std::size_t max_running_migrators = 256;
void install_fleet_stop_handlers();
void set_running_migrator(std::size_t slot, Migrator* running) noexcept;
// --fail-fast: what the first signal does to the Migrators in flight, without the signal.
void stop_running_migrators() noexcept;
// The migration the first signal's message names ("stopping after 0005_x finishes"); "" for none.
void set_migration_in_flight(std::string const& folder) noexcept;
// Whether a stop signal came: the command then exits 1 however it ended (a cancelled deploy
// must never look successful).
bool stop_signal_seen() noexcept;

} // namespace migrator::cli
