#pragma once
// Helpers shared by the test suites: temporary directories, migration sets written on the
// fly, and scratch databases of the dialect under test (real SQLite files, a real PostgreSQL
// server started by tools/pg-test-server.sh; never mocks). Nothing here names a dialect:
// each dialect's test main describes itself in a ConformanceTarget.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "migrator/migrator.hpp"
#include "migrator/run_report.hpp"

namespace migrator::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;
    std::filesystem::path const& path() const noexcept { return path_; }
    std::filesystem::path operator/(std::string const& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

void write_file(std::filesystem::path const& path, std::string const& text);
std::string read_file(std::filesystem::path const& path);

// Writes <dir>/<folder>/up.sql, down.sql and, when non-empty, migration.yaml.
void write_migration(std::filesystem::path const& dir, std::string const& folder, std::string const& up,
                     std::string const& down, std::string const& yaml = {});

// The repository's shipped migrations directory.
std::filesystem::path shipped_migrations();

// Every dialect compiled into libmigrator.
DialectRegistry const& registry();

class ScratchDatabase;

// What the shared suites need to know of a dialect; supplied by the dialect's own test main.
struct ConformanceTarget {
    Dialect const* dialect = nullptr;
    DialectRegistry const* registry = &test::registry(); // the one that holds `dialect`
    // The server on which scratch databases are created (empty when they are files).
    DatabaseUrl server;
    // "" when the target is reachable; otherwise why not.
    std::function<std::string()> unreachable;
    // Runs an offline script (--sql output) against `url` with the database's own client, stopping
    // at the first error; returns its exit status.
    std::function<int(std::string const& script_file, DatabaseUrl const& url)> replay;
    bool names_lock_holder = false; // the lock timeout message can say who holds the lock
    // How an index is built outside a transaction (CREATE INDEX CONCURRENTLY where there is one).
    std::string non_transactional_index = "CREATE INDEX";
    // The database's own consistency check of its files: "" when they are sound, else what is
    // wrong. Empty: the database has none worth running.
    std::function<std::string(ScratchDatabase&)> integrity_check;
};

// For a test main: registers the target, then runs Boost.Test. Exits 77 (CTest: skipped) when
// the target is unreachable, except under CI=true, where that is a failure (1).
int run_suite(ConformanceTarget target, int argc, char* argv[]);
ConformanceTarget const& target();

// A fresh database of the target's dialect, dropped at scope exit.
class ScratchDatabase {
public:
    explicit ScratchDatabase(ConformanceTarget const& target = test::target());
    ~ScratchDatabase();
    ScratchDatabase(ScratchDatabase const&) = delete;
    ScratchDatabase& operator=(ScratchDatabase const&) = delete;

    Dialect const& dialect() const { return dialect_; }
    DatabaseUrl const& url() const noexcept { return url_; }
    // A URL text for the CLI: the redacted form, which connects as long as it needs no password.
    std::string cli_url() const { return url_.redacted(); }
    std::unique_ptr<Connection> connect(Timeout lock_timeout = std::chrono::seconds(10)) const;
    Connection& connection(); // one long-lived connection for assertions

    bool has_table(std::string const& name);
    std::vector<std::string> tables(); // user tables, sorted (the version table included)
    std::vector<std::int64_t> applied_versions(std::string const& version_table = "schema_version");
    void execute(std::string const& sql);
    Rows query(std::string const& sql);
    std::string dump(std::string const& version_table = "schema_version"); // the stable schema text

private:
    Dialect const& dialect_;
    DatabaseUrl server_;
    TempDir dir_;
    DatabaseUrl url_;
    std::unique_ptr<Connection> connection_;
};

MigrationSet load(std::filesystem::path const& dir, Dialect const& dialect, SourceOptions options = {});

// Runs `up`/`down` over `set` through the executor on a new connection; for one-liners.
RunReport run_up(ScratchDatabase& db, MigrationSet const& set, std::optional<Version> to = std::nullopt,
                 UpOptions options = {}, std::string const& table = "schema_version",
                 Timeout lock_timeout = std::chrono::seconds(30));
RunReport run_down(ScratchDatabase& db, MigrationSet const& set, DownTarget target,
                   std::string const& table = "schema_version");
// `repair --mark-applied` (true) or `--remove` (false).
void run_repair(ScratchDatabase& db, Version v, bool mark_applied,
                std::string const& table = "schema_version");

} // namespace migrator::test
