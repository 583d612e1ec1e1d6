#include "context.hpp"

#include <csignal>

#include "migrator/loader.hpp"

namespace migrator::cli {

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void on_stop_signal(int) {
    stop_requested.store(true);
}
} // namespace

std::atomic<bool> const* stop_flag() {
    return &stop_requested;
}

void install_stop_handlers() {
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

DatabaseUrl const& Context::url() {
    if (!url_) url_ = DatabaseUrl::parse(config().require_database(), config().database_base_dir);
    return *url_;
}

Dialect const& Context::dialect() {
    if (offline_dialect_ && !has_database()) return registry_.get(*offline_dialect_);
    return registry_.get(url().dialect());
}

MigrationSet const& Context::migrations() {
    if (!migrations_)
        migrations_ =
            Loader::load(config().migrations_dir, std::string(dialect().name()), dialect().flavor());
    return *migrations_;
}

QualifiedName Context::table() {
    return QualifiedName::parse(config().version_table, dialect().supports_schemas());
}

Session* Context::session(bool create) {
    if (offline_dialect_ && !has_database()) return nullptr;
    if (!session_ && (create || !session_checked_)) {
        session_checked_ = true;
        if (create || dialect().database_exists(url()))
            session_ = dialect().connect(url(), config().lock_timeout);
    }
    return session_.get();
}

Runner Context::runner(bool create) {
    return Runner(dialect(), session(create), table(), config().lock_timeout);
}

} // namespace migrator::cli
