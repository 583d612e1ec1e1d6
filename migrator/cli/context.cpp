#include "context.hpp"

#include <atomic>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <thread>

namespace migrator::cli {

namespace {
// What a signal stops: slot 0 for a single command, one slot per worker for a fleet.
std::atomic<Migrator*> running_migrators[max_running_migrators] = {};
std::atomic<bool> fleet_running{false};
std::atomic<int> fleet_handlers_running{0}; // a handler between reading a slot and using it
std::atomic<int> signals_seen{0};
std::atomic<bool> cancel_at_once{false}; // install_cancel_handlers
// The migration in flight, for the handler's message: written into the buffer not being shown,
// then published by flipping `shown`, so that the handler never reads a half-written name.
char in_flight[2][256] = {};
std::atomic<int> shown{0};

void say(char const* text) noexcept {
    [[maybe_unused]] ssize_t const n = write(STDERR_FILENO, text, std::strlen(text)); // signal-safe
}

// A fleet: the first signal stops starting targets and asks each one in flight to stop after
// its migration in flight; the second cancels their statements.
void stop_fleet(int seen) noexcept {
    ++fleet_handlers_running;
    say(seen == 0
            ? "migrator: stopping: no new target starts; the targets in flight finish their migration in "
              "flight (again to cancel it)\n"
            : "migrator: cancelling the statements in flight\n");
    for (auto& slot : running_migrators)
        if (Migrator* m = slot.load()) {
            if (seen == 0)
                m->request_stop();
            else
                m->cancel();
        }
    --fleet_handlers_running;
}

extern "C" void on_stop_signal(int) {
    // Only atomic flags, write(2), and cancel()'s PQcancel / sqlite3_interrupt: all signal-safe.
    int const seen = signals_seen.fetch_add(1);
    if (fleet_running.load()) return stop_fleet(seen);
    Migrator* m = running_migrators[0].load();
    if (!m) return;
    if (cancel_at_once.load()) {
        if (seen == 0) say("migrator: stopping: removing the scratch databases first\n");
        m->cancel();
        return;
    }
    if (seen == 0) {
        char const* folder = in_flight[shown.load()];
        if (*folder) {
            say("migrator: stopping after ");
            say(folder);
            say(" finishes (Ctrl-C again to cancel it)\n");
        } else {
            say("migrator: stopping before the next migration (Ctrl-C again to cancel a statement in "
                "flight)\n");
        }
        m->request_stop();
    } else {
        say("migrator: cancelling the statement in flight\n");
        m->cancel();
    }
}
} // namespace

void install_stop_handlers(Migrator& running) {
    running_migrators[0] = &running;
    install_stop_handlers();
}

void install_cancel_handlers(Migrator& running) {
    cancel_at_once = true;
    install_stop_handlers(running);
}

void install_fleet_stop_handlers() {
    fleet_running = true;
    install_stop_handlers();
}

void stop_running_migrators() noexcept {
    ++fleet_handlers_running;
    for (auto& slot : running_migrators)
        if (Migrator* m = slot.load()) m->request_stop();
    --fleet_handlers_running;
}

void set_running_migrator(std::size_t slot, Migrator* running) noexcept {
    running_migrators[slot] = running;
    // A handler on another thread may hold the Migrator the slot named: it is destroyed next.
    if (!running)
        while (fleet_handlers_running.load() > 0)
            std::this_thread::yield();
}

void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

void set_migration_in_flight(std::string const& folder) noexcept {
    int const next = 1 - shown.load();
    std::size_t const n = std::min(folder.size(), sizeof in_flight[0] - 1);
    std::memcpy(in_flight[next], folder.data(), n);
    in_flight[next][n] = '\0';
    shown.store(next);
}

bool stop_signal_seen() noexcept {
    return signals_seen.load() > 0;
}

Context::Context(DialectRegistry const& registry, GlobalOptions const& options, Output& out)
    : registry_(registry), options_(options), out_(out) {}

Config const& Context::config() {
    if (!config_) {
        config_ = resolve_config(options_.overrides, process_environment());
        for (auto const& w : config_->warnings)
            out_.note("migrator: warning: " + w);
    }
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
    if (!migrator_) {
        migrator_ = Migrator::open(registry_, config().require_database(), source(), open_options());
        if (auto limit = wait_limit()) wait_for_database(*migrator_, *limit);
    }
    return *migrator_;
}

std::int64_t Context::elapsed_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_)
        .count();
}

Migrator& Context::writing_migrator() {
    Migrator& m = migrator();
    announce_database(m.database());
    return m;
}

void Context::announce_database(std::string const& redacted_url) {
    if (announced_) return;
    announced_ = true;
    out_.doc()["database"] = redacted_url;
    out_.doc()["database_source"] = config().database_source;
    out_.line("database: " + redacted_url + " (" + config().database_source + ")");
}

std::optional<Timeout> Context::wait_limit() {
    if (!options_.wait) return std::nullopt;
    if (options_.wait->empty()) return std::chrono::seconds(60); // --wait alone
    try {
        return parse_duration(*options_.wait);
    } catch (UsageError const& e) {
        throw UsageError(std::string("--wait: ") + e.what());
    }
}

void Context::wait_for_database(Migrator& m, Timeout limit) {
    install_stop_handlers(m);
    wait_until_answers(m, limit, [&](std::string const& text) { out_.note(text); });
}

void wait_until_answers(Migrator& m, Timeout limit, std::function<void(std::string const&)> const& say) {
    using clock = std::chrono::steady_clock;
    auto const deadline = clock::now() + limit;
    auto pause = std::chrono::milliseconds(100);
    for (bool said = false;; said = true) {
        try {
            return m.ping();
        } catch (ConnectionFailed const& e) {
            // Only "not there (yet)": a wrong password or a failed migration is never retried.
            if (clock::now() >= deadline || stop_signal_seen()) {
                auto const waited =
                    std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - deadline + limit);
                throw ConnectionFailed(std::string(e.what()) + "; gave up waiting after " +
                                       std::to_string(waited.count() / 1000) + "." +
                                       std::to_string(waited.count() % 1000 / 100) + " s");
            }
            if (!said) say("migrator: waiting for the database to answer (" + std::string(e.what()) + ")");
        }
        // In short slices, so that a stop signal ends the wait at once; the last try at the deadline.
        auto const until = std::min(clock::now() + pause, deadline);
        while (clock::now() < until && !stop_signal_seen())
            std::this_thread::sleep_for(
                std::min<clock::duration>(std::chrono::milliseconds(50), until - clock::now()));
        pause = std::min(pause * 2, std::chrono::milliseconds(1000));
    }
}

Migrator& Context::offline(std::string const& dialect) {
    if (!migrator_) migrator_ = Migrator::offline(registry_, dialect, source(), open_options());
    return *migrator_;
}

} // namespace migrator::cli
