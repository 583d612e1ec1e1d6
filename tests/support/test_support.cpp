#include "test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "engine/executor.hpp"
#include "engine/version_store.hpp"
#include "schema/schema_render.hpp"

namespace fs = std::filesystem;

namespace migrator::test {

namespace {
std::optional<ConformanceTarget> registered;
} // namespace

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("migrator-test-" + std::to_string(getpid()) + "-" +
                                         std::to_string(counter++) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void write_file(fs::path const& path, std::string const& text) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_migration(fs::path const& dir, std::string const& folder, std::string const& up,
                     std::string const& down, std::string const& yaml) {
    write_file(dir / folder / "up.sql", up);
    write_file(dir / folder / "down.sql", down);
    if (!yaml.empty()) write_file(dir / folder / "migration.yaml", yaml);
}

fs::path shipped_migrations() {
    return fs::path(MIGRATOR_SOURCE_DIR) / "migrations";
}

DialectRegistry const& registry() {
    static DialectRegistry const r = builtin_dialects();
    return r;
}

int run_suite(ConformanceTarget target, int argc, char* argv[]) {
    bool const ci = std::getenv("CI") && std::string(std::getenv("CI")) == "true";
    if (target.unreachable) {
        if (std::string const why = target.unreachable(); !why.empty()) {
            std::fprintf(stderr, "%s tests %s: %s\n", std::string(target.dialect->name()).c_str(),
                         ci ? "FAIL (CI=true)" : "skipped", why.c_str());
            return ci ? 1 : 77;
        }
    }
    registered = std::move(target);
    return boost::unit_test::unit_test_main([] { return true; }, argc, argv);
}

ConformanceTarget const& target() {
    if (!registered) throw std::logic_error("no conformance target registered (see run_suite)");
    return *registered;
}

ScratchDatabase::ScratchDatabase(ConformanceTarget const& t)
    : dialect_(*t.dialect), server_(t.server), url_(dialect_.create_scratch(server_, dir_.path())) {}

ScratchDatabase::~ScratchDatabase() {
    connection_.reset();
    try {
        dialect_.drop_scratch(server_, url_);
    } catch (...) {
    }
}

std::unique_ptr<Connection> ScratchDatabase::connect(Timeout lock_timeout) const {
    return dialect_.connect(url_, lock_timeout);
}

Connection& ScratchDatabase::connection() {
    if (!connection_) connection_ = connect();
    return *connection_;
}

void ScratchDatabase::execute(std::string const& sql) {
    connection().execute(sql);
}

Rows ScratchDatabase::query(std::string const& sql) {
    return connection().query(sql);
}

std::vector<std::string> ScratchDatabase::tables() {
    // Nothing is excluded as a version table: the name cannot occur.
    auto const schema = connection().inspect_schema(QualifiedName{"", "migrator_test_no_such_table"});
    std::vector<std::string> out;
    for (auto const& [name, _] : schema.tables)
        out.push_back(name);
    return out;
}

bool ScratchDatabase::has_table(std::string const& name) {
    auto const t = tables();
    return std::find(t.begin(), t.end(), name) != t.end();
}

std::vector<std::int64_t> ScratchDatabase::applied_versions(std::string const& version_table) {
    auto const table = QualifiedName::parse(version_table, dialect_.supports_schemas());
    std::vector<std::int64_t> out;
    if (connection().table_columns(table).empty()) return out;
    for (auto const& row : query("SELECT version FROM " + dialect_.quote_name(table) + " ORDER BY version"))
        out.push_back(std::stoll(row.at(0)));
    return out;
}

std::string ScratchDatabase::dump(std::string const& version_table) {
    return render_schema(
        connection().inspect_schema(QualifiedName::parse(version_table, dialect_.supports_schemas())));
}

MigrationSet load(fs::path const& dir, Dialect const& dialect, SourceOptions options) {
    return MigrationSource::directory(dir, options).load(dialect, registry());
}

namespace {
template <class Run>
RunReport run(ScratchDatabase& db, std::string const& table, Timeout lock_timeout, Run&& go) {
    auto connection = db.connect(lock_timeout);
    VersionStore store(db.dialect(), QualifiedName::parse(table, db.dialect().supports_schemas()));
    RunControl control;
    Observer quiet;
    LiveSink sink(*connection, {lock_timeout, &quiet, &control});
    Executor executor(connection.get(), sink, true, store, quiet, control);
    return go(executor);
}
} // namespace

RunReport run_up(ScratchDatabase& db, MigrationSet const& set, std::optional<Version> to, UpOptions options,
                 std::string const& table, Timeout lock_timeout) {
    options.to = to;
    return run(db, table, lock_timeout, [&](Executor& e) { return e.up(set, options); });
}

RunReport run_down(ScratchDatabase& db, MigrationSet const& set, DownTarget target,
                   std::string const& table) {
    DownOptions options;
    options.target = target;
    return run(db, table, std::chrono::seconds(30), [&](Executor& e) { return e.down(set, options); });
}

void run_repair(ScratchDatabase& db, Version v, bool mark_applied, std::string const& table) {
    run(db, table, std::chrono::seconds(5), [&](Executor& e) {
        e.repair(v, mark_applied);
        return RunReport{};
    });
}

} // namespace migrator::test
