#pragma once
// Helpers shared by the test suites: temporary directories, migration sets written on the
// fly, and scratch databases of every dialect under test (real SQLite files, a real
// PostgreSQL server started by tools/pg-test-server.sh; never mocks).

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "migrator/dialect_registry.hpp"
#include "migrator/runner.hpp"

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

// Writes <dir>/<folder>/up.sql, down.sql and, when non-empty, migration.yaml.
void write_migration(std::filesystem::path const& dir, std::string const& folder, std::string const& up,
                     std::string const& down, std::string const& yaml = {});

// The repository's shipped migrations directory.
std::filesystem::path shipped_migrations();

DialectRegistry const& registry();

// A dialect the conformance suite runs against; printed as its name by Boost.Test.
struct Target {
    std::string dialect;
};
std::ostream& operator<<(std::ostream& os, Target const& t);

// MIGRATOR_TEST_DIALECTS (comma-separated; default "sqlite"). PostgreSQL needs
// MIGRATOR_TEST_PG_URL, a superuser URL of the test server.
std::vector<Target> dialects_under_test();
// For a test main: 0 when every requested dialect is reachable; 77 (CTest: skipped) when
// PostgreSQL is requested but unreachable, unless CI=true, where that is a failure (1).
int check_targets_reachable();

// A fresh database, dropped at scope exit: a SQLite file in a temp dir, or a new PostgreSQL database.
class ScratchDatabase {
public:
    explicit ScratchDatabase(Target const& target);
    ~ScratchDatabase();
    ScratchDatabase(ScratchDatabase const&) = delete;
    ScratchDatabase& operator=(ScratchDatabase const&) = delete;

    Dialect const& dialect() const { return dialect_; }
    std::string const& url() const noexcept { return url_; } // for the CLI
    std::unique_ptr<Session> connect(Timeout lock_timeout = std::chrono::seconds(10)) const;
    Session& session(); // one long-lived connection for assertions

    bool has_table(std::string const& name);
    std::vector<std::string> tables(); // user tables, sorted
    std::vector<std::int64_t> applied_versions(std::string const& version_table = "schema_version");
    void execute(std::string const& sql);
    std::vector<std::vector<std::string>> query(std::string const& sql);

private:
    Dialect const& dialect_;
    std::string url_;
    std::string admin_url_;
    std::string dbname_;
    TempDir dir_;
    std::unique_ptr<Session> session_;
};

// Runs `up` over `set` on a new connection; for one-liners in tests.
RunResult run_up(ScratchDatabase& db, MigrationSet const& set, std::optional<Version> to = std::nullopt,
                 RunOptions options = {}, std::string const& table = "schema_version");
RunResult run_down(ScratchDatabase& db, MigrationSet const& set, DownTarget target,
                   std::string const& table = "schema_version");
MigrationSet load(std::filesystem::path const& dir, Dialect const& dialect);

} // namespace migrator::test
