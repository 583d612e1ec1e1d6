#include "context.hpp"

#include <atomic>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

namespace migrator::cli {

namespace {
std::atomic<Migrator*> running_migrator{nullptr};
std::atomic<int> signals_seen{0};

void say(char const* text) noexcept {
    [[maybe_unused]] ssize_t const n = write(STDERR_FILENO, text, std::strlen(text)); // signal-safe
}

extern "C" void on_stop_signal(int) {
    // Only atomic flags, write(2), and cancel()'s PQcancel / sqlite3_interrupt: all signal-safe.
    int const seen = signals_seen.fetch_add(1);
    Migrator* m = running_migrator.load();
    if (!m) return;
    if (seen == 0) {
        say("migrator: stopping after the migration in flight (signal again to cancel it)\n");
        m->request_stop();
    } else {
        say("migrator: cancelling the statement in flight\n");
        m->cancel();
    }
}
} // namespace

void install_stop_handlers(Migrator& running) {
    running_migrator = &running;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool stop_signal_seen() noexcept {
    return signals_seen.load() > 0;
}

Context::Context(DialectRegistry const& registry, GlobalOptions const& options, Output& out)
    : registry_(registry), options_(options), out_(out) {}

Config const& Context::config() {
    if (!config_) config_ = resolve_config(options_.overrides, process_environment());
    return *config_;
}

bool Context::has_database() {
    return config().database_url.has_value();
}

MigrationSource Context::source() {
    return MigrationSource::directory(config().migrations_dir, {config().format, options_.allow_empty});
}

OpenOptions Context::open_options() {
    OpenOptions o;
    o.version_table = config().version_table;
    o.lock_timeout = config().lock_timeout;
    o.base_dir = config().database_base_dir;
    return o;
}

Migrator& Context::migrator() {
    if (!migrator_)
        migrator_ = Migrator::open(registry_, config().require_database(), source(), open_options());
    return *migrator_;
}

Migrator& Context::offline(std::string const& dialect) {
    if (!migrator_) migrator_ = Migrator::offline(registry_, dialect, source(), open_options());
    return *migrator_;
}

} // namespace migrator::cli
