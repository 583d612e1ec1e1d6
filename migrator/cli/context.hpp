#pragma once
// What every command shares: the global flags, and lazily resolved config and Migrator. Each is
// worked out at most once, and only when a command asks for it, so `new` never connects and
// `status` never reads a script twice. Uses the public API only.

#include <memory>
#include <optional>
#include <string>

#include "config.hpp"
#include "migrator/migrator.hpp"
#include "output.hpp"

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

private:
    DialectRegistry const& registry_;
    GlobalOptions const& options_;
    Output& out_;
    std::optional<Config> config_;
    std::optional<Migrator> migrator_;
};

// SIGINT/SIGTERM ask `running` to stop after the migration in flight (or to stop waiting for
// the lock), saying so on stderr; a second one cancels the statement in flight.
void install_stop_handlers(Migrator& running);
// The migration the first signal's message names ("stopping after 0005_x finishes"); "" for none.
void set_migration_in_flight(std::string const& folder) noexcept;
// Whether a stop signal came: the command then exits 1 however it ended (a cancelled deploy
// must never look successful).
bool stop_signal_seen() noexcept;

} // namespace migrator::cli
