#include "test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "builtin.hpp"
#include "migrator/database_url.hpp"
#include "migrator/errors.hpp"
#include "migrator/loader.hpp"

namespace fs = std::filesystem;

namespace migrator::test {

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
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
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
    static DialectRegistry const r = [] {
        DialectRegistry reg;
        dialects::register_builtin_dialects(reg);
        return reg;
    }();
    return r;
}

std::ostream& operator<<(std::ostream& os, Target const& t) {
    return os << t.dialect;
}

std::vector<Target> dialects_under_test() {
    char const* env = std::getenv("MIGRATOR_TEST_DIALECTS");
    std::string list = env && *env ? env : "sqlite";
    std::vector<Target> out;
    std::stringstream ss(list);
    for (std::string name; std::getline(ss, name, ',');)
        if (!name.empty()) out.push_back({name});
    return out;
}

namespace {
std::string pg_admin_url() {
    char const* url = std::getenv("MIGRATOR_TEST_PG_URL");
    return url ? url : "";
}
} // namespace

int check_targets_reachable() {
    for (auto const& t : dialects_under_test()) {
        if (t.dialect != "postgresql") continue;
        bool const ci = std::getenv("CI") && std::string(std::getenv("CI")) == "true";
        std::string const url = pg_admin_url();
        try {
            if (url.empty()) throw std::runtime_error("MIGRATOR_TEST_PG_URL is not set");
            registry().get("postgresql").connect(DatabaseUrl::parse(url), std::chrono::seconds(5));
        } catch (std::exception const& e) {
            std::fprintf(stderr, "PostgreSQL tests %s: %s\n", ci ? "FAIL (CI=true)" : "skipped", e.what());
            return ci ? 1 : 77;
        }
    }
    return 0;
}

ScratchDatabase::ScratchDatabase(Target const& target) : dialect_(registry().get(target.dialect)) {
    if (target.dialect == "sqlite") {
        url_ = "sqlite:///" + (dir_ / "scratch.db").string();
    } else {
        static std::atomic<int> counter{0};
        admin_url_ = pg_admin_url();
        dbname_ = "migrator_scratch_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
        auto admin = dialect_.connect(DatabaseUrl::parse(admin_url_), std::chrono::seconds(10));
        dialect_.execute(*admin, "DROP DATABASE IF EXISTS " + dbname_);
        dialect_.execute(*admin, "CREATE DATABASE " + dbname_);
        auto const pos = admin_url_.find('/', admin_url_.find("://") + 3);
        url_ = admin_url_.substr(0, pos) + "/" + dbname_;
    }
}

ScratchDatabase::~ScratchDatabase() {
    session_.reset();
    if (dbname_.empty()) return;
    try {
        auto admin = dialect_.connect(DatabaseUrl::parse(admin_url_), std::chrono::seconds(10));
        dialect_.execute(*admin, "DROP DATABASE IF EXISTS " + dbname_ + " WITH (FORCE)");
    } catch (...) {
    }
}

std::unique_ptr<Session> ScratchDatabase::connect(Timeout lock_timeout) const {
    return dialect_.connect(DatabaseUrl::parse(url_), lock_timeout);
}

Session& ScratchDatabase::session() {
    if (!session_) session_ = connect();
    return *session_;
}

void ScratchDatabase::execute(std::string const& sql) {
    dialect_.execute(session(), sql);
}

std::vector<std::vector<std::string>> ScratchDatabase::query(std::string const& sql) {
    return dialect_.query(session(), sql);
}

std::vector<std::string> ScratchDatabase::tables() {
    std::string const sql =
        dialect_.name() == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
              "ORDER BY name"
            : "SELECT CASE WHEN table_schema = 'public' THEN table_name ELSE table_schema || '.' || "
              "table_name END FROM information_schema.tables WHERE table_schema NOT IN "
              "('pg_catalog', 'information_schema') ORDER BY 1";
    std::vector<std::string> out;
    for (auto const& row : query(sql))
        out.push_back(row.at(0));
    return out;
}

bool ScratchDatabase::has_table(std::string const& name) {
    auto const t = tables();
    return std::find(t.begin(), t.end(), name) != t.end();
}

std::vector<std::int64_t> ScratchDatabase::applied_versions(std::string const& version_table) {
    auto const table = QualifiedName::parse(version_table, dialect_.supports_schemas());
    std::vector<std::int64_t> out;
    if (!dialect_.table_exists(session(), table)) return out;
    for (auto const& row : query("SELECT version FROM " + dialect_.quote_name(table) + " ORDER BY version"))
        out.push_back(std::stoll(row.at(0)));
    return out;
}

MigrationSet load(fs::path const& dir, Dialect const& dialect) {
    return Loader::load(dir, std::string(dialect.name()), dialect.flavor());
}

RunResult run_up(ScratchDatabase& db, MigrationSet const& set, std::optional<Version> to, RunOptions options,
                 std::string const& table) {
    auto session = db.connect();
    Runner runner(db.dialect(), session.get(), QualifiedName::parse(table, db.dialect().supports_schemas()),
                  std::chrono::seconds(30));
    Observer quiet;
    return runner.up(set, to, options, quiet);
}

RunResult run_down(ScratchDatabase& db, MigrationSet const& set, DownTarget target,
                   std::string const& table) {
    auto session = db.connect();
    Runner runner(db.dialect(), session.get(), QualifiedName::parse(table, db.dialect().supports_schemas()),
                  std::chrono::seconds(30));
    Observer quiet;
    return runner.down(set, target, {}, quiet);
}

} // namespace migrator::test
