#include "context.hpp"

#include <atomic>
#include <csignal>

namespace migrator::cli {

namespace {
std::atomic<Migrator*> running_migrator{nullptr};
std::atomic<int> signals_seen{0};

extern "C" void on_stop_signal(int) {
    // Both calls only set atomic flags (and cancel() sends libpq's signal-safe PQcancel).
    if (Migrator* m = running_migrator.load()) {
        if (signals_seen.fetch_add(1) == 0)
            m->request_stop();
        else
            m->cancel();
    }
}
} // namespace

void install_stop_handlers(Migrator& running) {
    running_migrator = &running;
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
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
    return MigrationSource::directory(config().migrations_dir);
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
