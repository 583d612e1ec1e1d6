#pragma once
// What every command shares: the global flags, and lazily resolved config, URL, dialect,
// migration set and connection. Each is worked out at most once, and only when a command
// asks for it, so `new` never connects and `status` never reads a script twice.

#include <memory>
#include <optional>

#include "migrator/config.hpp"
#include "migrator/database_url.hpp"
#include "migrator/dialect_registry.hpp"
#include "migrator/migration.hpp"
#include "migrator/runner.hpp"
#include "output.hpp"

namespace migrator::cli {

struct GlobalOptions {
    ConfigOverrides overrides;
    bool json = false;
    bool quiet = false;
    bool verbose = false;
};

class Context {
public:
    Context(DialectRegistry const& registry, GlobalOptions const& options, Output& out);

    Config const& config();
    DatabaseUrl const& url(); // throws UsageError when no database is configured
    bool has_database();
    Dialect const& dialect(); // the URL's dialect, or the offline one
    // `--sql --dialect D` without a database: dialect() is D and session() is null.
    void use_offline_dialect(std::string name) { offline_dialect_ = std::move(name); }
    Dialect const& dialect(std::string const& name) const { return registry_.get(name); }
    DialectRegistry const& registry() const noexcept { return registry_; }
    MigrationSet const& migrations(); // loaded for dialect()
    QualifiedName table();
    // The connection. With create=false, a database that does not exist yet (a missing SQLite
    // file) is not created: the result is null.
    Session* session(bool create = true);
    Runner runner(bool create = true);
    Output& out() noexcept { return out_; }

private:
    DialectRegistry const& registry_;
    GlobalOptions const& options_;
    Output& out_;
    std::optional<Config> config_;
    std::optional<DatabaseUrl> url_;
    std::optional<MigrationSet> migrations_;
    std::unique_ptr<Session> session_;
    bool session_checked_ = false;
    std::optional<std::string> offline_dialect_;
};

// The flag set by SIGINT/SIGTERM: runs stop after the migration in flight.
std::atomic<bool> const* stop_flag();
void install_stop_handlers();

} // namespace migrator::cli
