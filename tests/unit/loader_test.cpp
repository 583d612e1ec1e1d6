#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "engine/planner.hpp"
#include "migrator/errors.hpp"
#include "migrator/migrator.hpp"
#include "test_support.hpp"

using namespace migrator;
using migrator::test::TempDir;
using migrator::test::write_file;
using migrator::test::write_migration;

namespace {
MigrationSet load_sqlite(std::filesystem::path const& dir) {
    return test::load(dir, test::registry().get("sqlite"));
}

// The loader's message for `dir`, which must fail.
std::string error_of(std::filesystem::path const& dir, std::string const& dialect = "sqlite") {
    try {
        test::load(dir, test::registry().get(dialect));
    } catch (MigrationSetError const& e) {
        return e.what();
    }
    BOOST_FAIL("expected a MigrationSetError");
    return {};
}

bool contains(std::string const& text, std::string const& part) {
    return text.find(part) != std::string::npos;
}
} // namespace

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(orders_numerically_and_reads_metadata) {
    TempDir dir;
    write_migration(dir.path(), "10_third", "CREATE TABLE c (x INT);", "DROP TABLE c;");
    write_migration(dir.path(), "0002_second", "CREATE TABLE b (x INT);", "DROP TABLE b;",
                    "description: second one\ntransaction: false\n");
    write_migration(dir.path(), "1_first", "CREATE TABLE a (x INT);", "DROP TABLE a;");
    write_file(dir / "README.md", "plain files are ignored");
    auto const set = load_sqlite(dir.path());
    BOOST_REQUIRE_EQUAL(set.migrations().size(), 3u);
    BOOST_TEST(set.migrations()[0].folder == "1_first");
    BOOST_TEST(set.migrations()[1].version.value == 2);
    BOOST_TEST(set.migrations()[1].description == "second one");
    BOOST_TEST(!set.migrations()[1].transactional);
    BOOST_TEST(set.migrations()[2].name == "third");
    BOOST_TEST(set.migrations()[0].up.checksum.size() == 64u);
}

BOOST_AUTO_TEST_CASE(dialect_overrides_are_chosen) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (x INT);", "DROP TABLE a;");
    write_file(dir / "1_a/up.postgresql.sql", "CREATE TABLE a (x BIGINT);");
    BOOST_TEST(load_sqlite(dir.path()).migrations()[0].up.path.filename() == "up.sql");
    auto const pg = test::load(dir.path(), test::registry().get("postgresql"));
    BOOST_TEST(pg.migrations()[0].up.path.filename() == "up.postgresql.sql");
    BOOST_TEST(pg.migrations()[0].down.path.filename() == "down.sql");
}

BOOST_AUTO_TEST_CASE(dialects_list_skips_elsewhere) {
    TempDir dir;
    write_file(dir / "1_pg_only/migration.yaml", "dialects: [postgresql]\n");
    write_file(dir / "1_pg_only/up.postgresql.sql", "CREATE EXTENSION x;");
    write_file(dir / "1_pg_only/down.postgresql.sql", "DROP EXTENSION x;");
    auto const set = load_sqlite(dir.path());
    BOOST_TEST(!set.migrations()[0].for_this_dialect); // and no missing-script error for sqlite
}

BOOST_AUTO_TEST_CASE(duplicate_versions) {
    TempDir dir;
    write_migration(dir.path(), "001_a", "SELECT 1;", "SELECT 1;");
    write_migration(dir.path(), "1_b", "SELECT 1;", "SELECT 1;");
    auto const m = error_of(dir.path());
    BOOST_TEST(contains(m, "1_b: duplicate version 1 (also 001_a)"));
}

BOOST_AUTO_TEST_CASE(bad_folder_names) {
    TempDir dir;
    write_migration(dir.path(), "create_users", "SELECT 1;", "SELECT 1;");
    BOOST_TEST(contains(error_of(dir.path()), "create_users: not a migration folder name"));
    TempDir zero;
    write_migration(zero.path(), "0_x", "SELECT 1;", "SELECT 1;");
    BOOST_TEST(contains(error_of(zero.path()), "0_x: version must be positive"));
    TempDir huge;
    write_migration(huge.path(), "99999999999999999999_x", "SELECT 1;", "SELECT 1;");
    BOOST_TEST(contains(error_of(huge.path()), "is too large"));
}

BOOST_AUTO_TEST_CASE(missing_scripts) {
    // No down: irreversible, with a warning (as in every other tool's layout); an up of comments
    // alone needs none.
    TempDir dir;
    write_file(dir / "1_a/up.sql", "CREATE TABLE a (x INT);");
    write_file(dir / "2_b/up.sql", "-- nothing here on SQLite\n");
    MigrationSet const set = test::load(dir.path(), test::registry().get("sqlite"));
    BOOST_TEST(set.migrations()[0].irreversible);
    BOOST_TEST(set.migrations()[0].irreversible_why == "has no down");
    BOOST_TEST(!set.migrations()[1].irreversible);
    BOOST_TEST(set.warnings().size() == 2u);
    BOOST_TEST(set.warnings()[0].kind == "no-down");
    TempDir d2;
    write_file(d2 / "1_a/down.sql", "SELECT 1;");
    write_file(d2 / "1_a/up.postgresql.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(d2.path()), "1_a: no up.sql (or up.sqlite.sql)"));
}

BOOST_AUTO_TEST_CASE(empty_script) {
    // What `new` wrote, or nothing at all: it loads (status lists it as pending), but no plan runs it.
    for (std::string const up : {"-- add_bio: the change. Write the SQL here.\n", "", "\n  \n"}) {
        TempDir dir;
        write_migration(dir.path(), "1_a", up, "SELECT 1;");
        MigrationSet const set = test::load(dir.path(), test::registry().get("sqlite"));
        BOOST_TEST(set.migrations().front().up.statements.empty());
        BOOST_TEST(!set.migrations().front().noop_up);
        try {
            Planner::plan_up(set, {}, std::nullopt);
            BOOST_FAIL("an empty up was planned");
        } catch (MigrationSetError const& e) {
            BOOST_TEST(contains(e.what(), "1_a/up.sql: the script is empty"));
        }
    }
    // Comments someone wrote: a deliberate no-op, planned and recorded, with a warning.
    TempDir noop;
    write_migration(noop.path(), "1_a", "-- nothing to do on this database\n", "-- nor here\n");
    MigrationSet const set = test::load(noop.path(), test::registry().get("sqlite"));
    BOOST_TEST(set.migrations().front().noop_up);
    BOOST_TEST(Planner::plan_up(set, {}, std::nullopt).steps.size() == 1u);
    BOOST_TEST(set.warnings().front().kind == "noop-up");
}

BOOST_AUTO_TEST_CASE(own_transaction_control) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (x INT);\nBEGIN;\nCREATE TABLE b (x INT);\nCOMMIT;\n",
                    "SELECT 1;");
    BOOST_TEST(contains(error_of(dir.path()),
                        "1_a/up.sql:2: reading it for sqlite: the script holds its own BEGIN"));
    // transaction: false runs it as written.
    write_file(dir / "1_a" / "migration.yaml", "transaction: false\n");
    auto const set = load_sqlite(dir.path());
    BOOST_TEST(set.migrations().front().up.own_transaction);
    BOOST_TEST(!set.migrations().front().transactional);
    TempDir trigger; // a trigger's BEGIN ... END is not transaction control
    write_migration(trigger.path(), "1_a",
                    "CREATE TABLE a (x INT);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\n",
                    "DROP TABLE a;");
    BOOST_CHECK_NO_THROW(load_sqlite(trigger.path()));
}

BOOST_AUTO_TEST_CASE(bad_metadata) {
    TempDir unknown;
    write_migration(unknown.path(), "1_a", "SELECT 1;", "SELECT 1;", "description: x\ntransactoin: false\n");
    BOOST_TEST(contains(error_of(unknown.path()), "1_a/migration.yaml:2: unknown key 'transactoin'"));
    TempDir type;
    write_migration(type.path(), "1_a", "SELECT 1;", "SELECT 1;", "transaction: maybe\n");
    BOOST_TEST(contains(error_of(type.path()), "1_a/migration.yaml:1: 'transaction' must be true or false"));
    TempDir malformed;
    write_migration(malformed.path(), "1_a", "SELECT 1;", "SELECT 1;", "description: [unclosed\n");
    BOOST_TEST(contains(error_of(malformed.path()), "1_a/migration.yaml:"));
    TempDir dialect;
    write_migration(dialect.path(), "1_a", "SELECT 1;", "SELECT 1;", "dialects: [mysql]\n");
    BOOST_TEST(contains(error_of(dialect.path()), "unknown dialect 'mysql'"));
}

BOOST_AUTO_TEST_CASE(missing_directory) {
    BOOST_TEST(
        contains(error_of("/nonexistent/migrations"), "no migrations found in /nonexistent/migrations"));
}

BOOST_AUTO_TEST_CASE(symbolic_links) {
    TempDir outside, dir;
    write_migration(outside.path(), "1_a", "SELECT 1;", "SELECT 1;");
    std::filesystem::create_directory_symlink(outside / "1_a", dir / "1_a");
    BOOST_TEST(contains(error_of(dir.path()), "symbolic link leads outside"));
    TempDir ok; // a link that stays inside is followed; hidden folders are not migrations
    write_migration(ok.path(), ".store/x", "CREATE TABLE a (x INT);", "DROP TABLE a;");
    std::filesystem::create_directory_symlink(ok / ".store/x", ok / "1_a");
    auto const set = load_sqlite(ok.path());
    BOOST_REQUIRE_EQUAL(set.migrations().size(), 1u);
    BOOST_TEST(set.migrations()[0].up.text == "CREATE TABLE a (x INT);");
}

BOOST_AUTO_TEST_CASE(crlf_checkout_has_the_same_checksum) {
    TempDir lf, crlf;
    write_migration(lf.path(), "1_a", "CREATE TABLE a (x INT);\n", "DROP TABLE a;\n");
    write_migration(crlf.path(), "1_a",
                    "\xEF\xBB\xBF"
                    "CREATE TABLE a (x INT);\r\n",
                    "DROP TABLE a;\r\n");
    BOOST_TEST(load_sqlite(lf.path()).migrations()[0].up.checksum ==
               load_sqlite(crlf.path()).migrations()[0].up.checksum);
}

BOOST_AUTO_TEST_CASE(shipped_set_loads_for_both_dialects) {
    BOOST_TEST(load_sqlite(test::shipped_migrations()).migrations().size() == 8u);
    auto const pg = test::load(test::shipped_migrations(), test::registry().get("postgresql"));
    BOOST_TEST(pg.migrations().size() == 8u);
    BOOST_TEST(pg.migrations()[0].up.path.filename() == "up.postgresql.sql");
}

namespace {
// Forwards to a directory and records every file read and every existence check.
class RecordingTree final : public MigrationSource::Tree {
public:
    explicit RecordingTree(std::filesystem::path const& dir) : source_(MigrationSource::directory(dir)) {}
    std::vector<Entry> entries() const override { return source_.tree().entries(); }
    std::optional<std::string> read(std::string const& folder, std::string const& file) const override {
        reads.push_back(folder + "/" + file);
        return source_.tree().read(folder, file);
    }
    bool exists(std::string const& folder, std::string const& file) const override {
        checks.push_back(folder + "/" + file);
        return source_.tree().exists(folder, file);
    }
    std::string display(std::string const& folder, std::string const& file) const override {
        return source_.tree().display(folder, file);
    }
    mutable std::vector<std::string> reads, checks;

private:
    MigrationSource source_;
};
} // namespace

BOOST_AUTO_TEST_CASE(up_only_reads_no_down_script_and_each_file_once) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (x INT);", "DROP TABLE a;");
    write_migration(dir.path(), "2_b", "CREATE TABLE b (x INT);", "BEGIN; DROP TABLE b; COMMIT;");
    write_file(dir / "2_b/migration.yaml", "description: b\n");
    auto tree = std::make_shared<RecordingTree>(dir.path());
    MigrationSource const source(tree);
    auto const& sqlite = test::registry().get("sqlite");
    auto const set = source.load(sqlite, test::registry(), LoadScope::up_only);
    BOOST_REQUIRE_EQUAL(set.migrations().size(), 2u);
    for (auto const& read : tree->reads)
        BOOST_TEST(read.find("down") == std::string::npos, read);
    auto sorted = tree->reads;
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST((std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()), "a file read twice");
    BOOST_TEST(tree->reads.size() == 6u); // each: migration.yaml, up.sqlite.sql (absent), up.sql
    // The down files were found, not read: their paths are known, their text is not.
    BOOST_TEST(set.migrations()[1].down.path.filename() == "down.sql");
    BOOST_TEST(set.migrations()[1].down.text.empty());
    BOOST_TEST(set.migrations()[1].description == "b");
    BOOST_TEST(set.migrations()[0].up.checksum.size() == 64u);
    // Loaded whole, the malformed down of 2_b is reported.
    BOOST_CHECK_EXCEPTION(source.load(sqlite, test::registry()), MigrationSetError, [](auto const& e) {
        return contains(e.what(), "2_b/down.sql:1") && contains(e.what(), "its own BEGIN");
    });
}

BOOST_AUTO_TEST_CASE(up_only_reads_a_missing_down_as_irreversible) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (x INT);", "DROP TABLE a;");
    std::filesystem::remove(dir / "1_a/down.sql");
    auto const source = MigrationSource::directory(dir.path());
    BOOST_TEST(source.load(test::registry().get("sqlite"), test::registry(), LoadScope::up_only)
                   .migrations()
                   .front()
                   .irreversible);
    std::filesystem::create_directory(dir / "1_a/down.sql");
    BOOST_CHECK_EXCEPTION(source.load(test::registry().get("sqlite"), test::registry(), LoadScope::up_only),
                          MigrationSetError,
                          [](auto const& e) { return contains(e.what(), "not a regular file"); });
}
BOOST_AUTO_TEST_CASE(up_text_checksums_without_splitting) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (x INT);\r\nINSERT INTO a VALUES (1);",
                    "DROP TABLE a;");
    auto const source = MigrationSource::directory(dir.path());
    auto const& sqlite = test::registry().get("sqlite");
    auto const text = source.load(sqlite, test::registry(), LoadScope::up_text);
    auto const whole = source.load(sqlite, test::registry());
    Script const& light = text.migrations()[0].up;
    BOOST_TEST(light.statements.empty());
    BOOST_TEST(light.checksum == whole.migrations()[0].up.checksum); // the same normalised text
    BOOST_TEST(light.text == whole.migrations()[0].up.text);
    BOOST_TEST(whole.migrations()[0].up.statements.size() == 2u);
    write_file(dir / "1_a/up.sql", std::string("SELECT 1;\0", 10));
    BOOST_CHECK_EXCEPTION(source.load(sqlite, test::registry(), LoadScope::up_text), MigrationSetError,
                          [](auto const& e) { return contains(e.what(), "NUL byte"); });
}

BOOST_AUTO_TEST_CASE(up_reads_each_file_once_with_work_and_without) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (x INT);", "DROP TABLE a;");
    write_migration(dir.path(), "2_b", "CREATE TABLE b (x INT);\nINSERT INTO b VALUES (1);", "DROP TABLE b;");
    std::string const url = "sqlite:///" + (dir / "db.sqlite").string();
    for (int run = 0; run < 2; ++run) { // applies both, then the no-op
        auto tree = std::make_shared<RecordingTree>(dir.path());
        auto m = Migrator::open(test::registry(), url, MigrationSource(tree));
        BOOST_TEST(m.up().changed() == (run == 0 ? 2 : 0));
        auto sorted = tree->reads;
        std::sort(sorted.begin(), sorted.end());
        BOOST_TEST((std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()), "a file read twice");
        BOOST_TEST(tree->reads.size() == 6u);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// migrator's own layout: repeatable/<name>.sql, with <name>.<dialect>.sql overriding it.
BOOST_AUTO_TEST_CASE(repeatable_folder) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INT);\n", "DROP TABLE a;\n");
    write_file(dir / "repeatable" / "views.sql", "CREATE VIEW v AS SELECT 1 AS x;\n");
    write_file(dir / "repeatable" / "views.postgresql.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;\n");
    write_file(dir / "repeatable" / "only_pg.postgresql.sql", "SELECT 1;\n");
    write_file(dir / "repeatable" / "README.md", "notes\n");
    auto const sqlite = load_sqlite(dir.path());
    BOOST_REQUIRE(sqlite.repeatables().size() == 1u);
    BOOST_TEST(sqlite.repeatables()[0].folder == "repeatable/views");
    BOOST_TEST(sqlite.repeatables()[0].up.path.filename() == "views.sql");
    auto const pg = test::load(dir.path(), test::registry().get("postgresql"));
    BOOST_REQUIRE(pg.repeatables().size() == 2u);
    BOOST_TEST(pg.repeatables()[1].up.path.filename() == "views.postgresql.sql");
    write_file(dir / "repeatable" / "Views.sql", "SELECT 1;\n");
    BOOST_TEST(contains(error_of(dir.path()), "repeatable/Views.sql: a repeatable named like views"));
    std::filesystem::remove(dir / "repeatable" / "Views.sql");
    write_file(dir / "repeatable" / "x.mysql.sql", "SELECT 1;\n");
    BOOST_TEST(contains(error_of(dir.path()), "repeatable/x.mysql.sql: unknown dialect 'mysql'"));
}
