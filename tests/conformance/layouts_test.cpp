// Every layout migrator reads in place applies and rolls back on every dialect, with the same
// tables, versions and transactions as the tool's own rules give (README "Switching from
// another tool").
#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>

#include "check/checker.hpp"
#include "migrator/errors.hpp"
#include "migrator/migrator.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;

namespace {

// The same three migrations in each tool's layout: a table, a second table with a block of two
// inserts that runs whole, and an index, non-transactional where the tool can say so.
std::map<Format, std::function<void(fs::path const&)>> const writers = {
    {Format::golang_migrate,
     [](fs::path const& d) {
         write_file(d / "1_a.up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
         write_file(d / "1_a.down.sql", "DROP TABLE a;\n");
         write_file(d / "2_b.up.sql",
                    "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (2);\n");
         write_file(d / "2_b.down.sql", "DROP TABLE b;\n");
         write_file(d / "3_index.up.sql", "CREATE INDEX b_id ON b (id);\n");
         write_file(d / "3_index.down.sql", "DROP INDEX b_id;\n");
     }},
    {Format::dbmate,
     [](fs::path const& d) {
         write_file(
             d / "1_a.sql",
             "-- migrate:up\nCREATE TABLE a (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE a;\n");
         write_file(d / "2_b.sql", "-- migrate:up\nCREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\n"
                                   "INSERT INTO b VALUES (2);\n\n-- migrate:down\nDROP TABLE b;\n");
         write_file(d / "3_index.sql", "-- migrate:up transaction:false\nCREATE INDEX b_id ON b (id);\n-- "
                                       "migrate:down\nDROP INDEX b_id;\n");
     }},
    {Format::goose,
     [](fs::path const& d) {
         write_file(
             d / "00001_a.sql",
             "-- +goose Up\nCREATE TABLE a (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE a;\n");
         write_file(d / "00002_b.sql",
                    "-- +goose Up\nCREATE TABLE b (id INTEGER);\n-- +goose StatementBegin\n"
                    "INSERT INTO b VALUES (1);\nINSERT INTO b VALUES (2);\n-- +goose StatementEnd\n"
                    "-- +goose Down\nDROP TABLE b;\n");
         write_file(d / "00003_index.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX b_id ON b "
                                           "(id);\n-- +goose Down\nDROP INDEX b_id;\n");
     }},
    {Format::diesel,
     [](fs::path const& d) {
         write_file(d / "2020-01-01-000001_a/up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
         write_file(d / "2020-01-01-000001_a/down.sql", "DROP TABLE a;\n");
         write_file(d / "2020-01-01-000002_b/up.sql",
                    "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (2);\n");
         write_file(d / "2020-01-01-000002_b/down.sql", "DROP TABLE b;\n");
         write_file(d / "2020-01-01-000003_index/up.sql", "CREATE INDEX b_id ON b (id);\n");
         write_file(d / "2020-01-01-000003_index/down.sql", "DROP INDEX b_id;\n");
         write_file(d / "2020-01-01-000003_index/metadata.toml", "run_in_transaction = false\n");
     }},
    {Format::sqlx,
     [](fs::path const& d) {
         write_file(d / "1_a.up.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
         write_file(d / "1_a.down.sql", "DROP TABLE a;\n");
         write_file(d / "2_b.postgres.up.sql",
                    "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1), (2);\n");
         write_file(d / "2_b.sqlite3.up.sql",
                    "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (2);\n");
         write_file(d / "2_b.down.sql", "DROP TABLE b;\n");
         write_file(d / "3_index.up.sql", "-- no-transaction\nCREATE INDEX b_id ON b (id);\n");
         write_file(d / "3_index.down.sql", "DROP INDEX b_id;\n");
     }},
    {Format::flyway,
     [](fs::path const& d) {
         write_file(d / "V1__a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
         write_file(d / "U1__a.sql", "DROP TABLE a;\n");
         write_file(d / "V1.1__b.sql",
                    "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (2);\n");
         write_file(d / "U1.1__b.sql", "DROP TABLE b;\n");
         write_file(d / "V2__index.sql", "CREATE INDEX b_id ON b (id);\n");
         write_file(d / "V2__index.sql.conf", "executeInTransaction=false\n");
         write_file(d / "U2__index.sql", "DROP INDEX b_id;\n");
     }},
};

// Each tool's version table as the tool creates it, saying the first two migrations are applied
// (goose: the third applied and rolled back; flyway: in its dotted form).
std::map<Format, std::function<void(ScratchDatabase&)>> const tool_tables = {
    {Format::golang_migrate,
     [](ScratchDatabase& db) {
         db.execute(
             "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
         db.execute("INSERT INTO schema_migrations VALUES (2, FALSE)");
     }},
    {Format::dbmate,
     [](ScratchDatabase& db) {
         db.execute("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
         db.execute("INSERT INTO schema_migrations VALUES ('1'), ('2')");
     }},
    {Format::goose,
     [](ScratchDatabase& db) {
         db.execute("CREATE TABLE goose_db_version (id integer PRIMARY KEY, version_id bigint NOT NULL, "
                    "is_applied boolean NOT NULL, tstamp timestamp DEFAULT CURRENT_TIMESTAMP)");
         db.execute(
             "INSERT INTO goose_db_version (id, version_id, is_applied) VALUES (1, 0, TRUE), (2, 1, TRUE), "
             "(3, 2, TRUE), (4, 3, TRUE), (5, 3, FALSE)");
     }},
    {Format::diesel,
     [](ScratchDatabase& db) {
         db.execute("CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, "
                    "run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
         db.execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('20200101000001'), "
                    "('20200101000002')");
     }},
    {Format::sqlx,
     [](ScratchDatabase& db) {
         db.execute("CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
                    "installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, "
                    "checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)");
         db.execute("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) "
                    "VALUES (1, 'a', TRUE, '', 1), (2, 'b', TRUE, '', 1)");
     }},
    {Format::flyway,
     [](ScratchDatabase& db) {
         db.execute(
             "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), "
             "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, "
             "checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT "
             "CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL)");
         db.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    "installed_by, execution_time, success) VALUES (1, '1', 'a', 'SQL', 'V1__a.sql', 'me', "
                    "1, TRUE), "
                    "(2, '1.1', 'b', 'SQL', 'V1.1__b.sql', 'me', 1, TRUE)");
     }},
};

std::string tool_table(Format format) {
    std::map<Format, std::string> const names = {{Format::golang_migrate, "schema_migrations"},
                                                 {Format::dbmate, "schema_migrations"},
                                                 {Format::goose, "goose_db_version"},
                                                 {Format::diesel, "__diesel_schema_migrations"},
                                                 {Format::sqlx, "_sqlx_migrations"},
                                                 {Format::flyway, "flyway_schema_history"}};
    return names.at(format);
}

// Runs the ups of the first `n` migrations by hand, as the other tool did.
void apply_by_hand(ScratchDatabase& db, MigrationSet const& set, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        for (auto const& st : set.migrations()[i].up.statements)
            db.execute(st.text);
}

Migrator open(ScratchDatabase& db, fs::path const& dir, Format format = Format::detect) {
    return Migrator::open(*target().registry, db.cli_url(), MigrationSource::directory(dir, {format, false}));
}

} // namespace

BOOST_AUTO_TEST_SUITE(conformance)

BOOST_AUTO_TEST_CASE(other_tools_layouts_apply_and_roll_back) {
    for (auto const& [format, write] : writers) {
        BOOST_TEST_CONTEXT(format_name(format)) {
            TempDir dir;
            write(dir.path());
            // popx's infixes are recognised by the dialects registered (the faulty suite has one).
            if (format != Format::sqlx || target().registry->names().size() > 1)
                BOOST_TEST((MigrationSource::directory(dir.path()).format(*target().registry) == format));
            ScratchDatabase db;
            auto const set = load(dir.path(), db.dialect(), {format, false});
            BOOST_REQUIRE(set.migrations().size() == 3u);
            BOOST_TEST(set.migrations()[0].transactional);
            // golang-migrate has no way to say "no transaction"; the others said it.
            BOOST_TEST(set.migrations()[2].transactional == (format == Format::golang_migrate));
            auto const up = run_up(db, set);
            BOOST_TEST(up.steps.size() == 3u);
            BOOST_TEST(db.tables() == (std::vector<std::string>{"a", "b", "schema_version"}),
                       boost::test_tools::per_element());
            BOOST_TEST(db.query("SELECT COUNT(*) FROM b")[0][0] == "2");
            std::vector<std::int64_t> versions;
            for (auto const& m : set.migrations())
                versions.push_back(m.version.value);
            BOOST_TEST(db.applied_versions() == versions, boost::test_tools::per_element());
            BOOST_TEST(run_up(db, set).steps.empty());
            run_down(db, set, {DownTarget::Kind::all, 0, {}});
            BOOST_TEST(db.tables() == std::vector<std::string>{"schema_version"},
                       boost::test_tools::per_element());
            BOOST_TEST(db.applied_versions().empty());
            BOOST_TEST(run_up(db, set).steps.size() == 3u); // and again
        }
    }
}

BOOST_AUTO_TEST_CASE(import_adopts_each_tools_table_and_up_applies_the_rest) {
    for (auto const& [format, write] : writers) {
        BOOST_TEST_CONTEXT(format_name(format)) {
            TempDir dir;
            write(dir / "set");
            ScratchDatabase db;
            auto const set = load(dir / "set", db.dialect(), {format, false});
            apply_by_hand(db, set, 2);
            tool_tables.at(format)(db);
            auto const tool_rows = db.query("SELECT COUNT(*) FROM " + tool_table(format));
            // Converted, then adopted through the converted set: same checksums as in place.
            auto const folders =
                write_migrator_layout(MigrationSource::directory(dir / "set", {format, false}),
                                      *target().registry, dir / "converted");
            BOOST_TEST(folders.size() == 3u);
            auto const converted = load(dir / "converted", db.dialect());
            for (std::size_t i = 0; i < 3; ++i) {
                BOOST_TEST(converted.migrations()[i].version.value == set.migrations()[i].version.value);
                BOOST_TEST(converted.migrations()[i].up.checksum == set.migrations()[i].up.checksum);
                BOOST_TEST(converted.migrations()[i].transactional == set.migrations()[i].transactional);
            }
            auto m = open(db, dir / "converted");
            auto const recorded = m.import_history(format);
            BOOST_REQUIRE(recorded.size() == 2u);
            BOOST_TEST(db.applied_versions() ==
                           (std::vector<std::int64_t>{set.migrations()[0].version.value,
                                                      set.migrations()[1].version.value}),
                       boost::test_tools::per_element());
            BOOST_TEST(db.query("SELECT COUNT(*) FROM " + tool_table(format)) == tool_rows); // untouched
            auto const up = m.up();
            BOOST_REQUIRE(up.steps.size() == 1u); // exactly the rest
            BOOST_TEST(up.steps[0].migration->version.value == set.migrations()[2].version.value);
            // A second import finds migrator's table in use.
            try {
                m.import_history(format);
                BOOST_FAIL("expected a refusal");
            } catch (UsageError const& e) {
                BOOST_TEST(std::string(e.what()).find("already has rows") != std::string::npos);
            }
        }
    }
}

// A dual-dialect popx set (tests/data/real-style/generate.py), per-database files where the SQL
// differs: unchanged, it applies, rolls back, re-applies, and round-trips clean.
BOOST_AUTO_TEST_CASE(a_real_style_dual_dialect_set_unchanged) {
    auto const dir = shipped_migrations().parent_path() / "tests/data/real-style/popx-dual";
    ScratchDatabase db;
    auto const set = load(dir, db.dialect(), {Format::sqlx, false});
    BOOST_REQUIRE(set.migrations().size() == 20u);
    BOOST_TEST(run_up(db, set).steps.size() == 20u);
    BOOST_TEST(db.query("SELECT body FROM p3 WHERE title = 'x;y'").at(0).at(0) == "it's");
    run_down(db, set, {DownTarget::Kind::all, 0, {}});
    BOOST_TEST(db.tables() == std::vector<std::string>{"schema_version"}, boost::test_tools::per_element());
    BOOST_TEST(run_up(db, set).steps.size() == 20u);
    TempDir snapshots;
    CheckRequest req{MigrationSource::directory(dir, {Format::sqlx, false}), snapshots.path()};
    req.dialects = {std::string(target().dialect->name())};
    req.version_table = QualifiedName::parse("schema_version", false);
    req.live = false;
    if (target().dialect->scratch_needs_server()) req.database = target().server;
    auto const report = Checker(*target().registry).run(req);
    for (auto const& f : report.findings)
        BOOST_TEST((f.kind == FindingKind::drift || f.kind == FindingKind::lint),
                   to_string(f.kind) << " " << f.migration << ": " << f.message);
    BOOST_TEST(report.dialects.at(0).migrations == 20);
}

BOOST_AUTO_TEST_CASE(import_refuses_dirty_and_failed_rows) {
    struct Case {
        Format format;
        std::string sql;
        std::string version;
    };
    std::vector<Case> const cases = {
        {Format::golang_migrate, "UPDATE schema_migrations SET dirty = TRUE", "2"},
        {Format::sqlx, "UPDATE _sqlx_migrations SET success = FALSE WHERE version = 2", "2"},
        {Format::flyway, "UPDATE flyway_schema_history SET success = FALSE WHERE installed_rank = 2", "1.1"},
    };
    for (auto const& c : cases) {
        BOOST_TEST_CONTEXT(format_name(c.format)) {
            TempDir dir;
            writers.at(c.format)(dir.path());
            ScratchDatabase db;
            tool_tables.at(c.format)(db);
            db.execute(c.sql);
            auto m = open(db, dir.path(), c.format);
            try {
                m.import_history(c.format);
                BOOST_FAIL("expected a refusal");
            } catch (CheckFailed const& e) {
                BOOST_TEST(std::string(e.what()).find("version " + c.version + " ") != std::string::npos,
                           e.what());
            }
            BOOST_TEST(db.tables() == std::vector<std::string>{tool_table(c.format)}); // nothing written
        }
    }
}

// Issue 23: each tool's fixture (tests/data/layouts/) read as its tool reads it, on every dialect:
// a missing down makes a migration irreversible (down stops before it, whole), a comment-only up
// is a recorded no-op, titles may differ, a script's own BEGIN/COMMIT runs as written, Flyway's
// repeatable runs after the versioned ones, diesel's 18-digit version comes after 14-digit ones.
BOOST_AUTO_TEST_CASE(real_sets_in_place_as_their_tools_read_them) {
    struct Expect {
        char const* tool;
        std::size_t migrations;
        char const* irreversible;      // the folder down stops before
        std::size_t reversible_on_top; // how many downs run before it
    };
    for (auto const& e : std::vector<Expect>{{"golang-migrate", 4, "000002_seed_items", 2},
                                             {"dbmate", 4, "20200102000000_seed_items", 2},
                                             {"goose", 4, "00002_seed_items", 2},
                                             {"flyway", 3, "V1.1__seed_items", 1},
                                             {"sqlx", 2, "20200102000000_seed_items", 0},
                                             {"diesel", 3, "2017-01-01-000000_seed_items", 1}}) {
        BOOST_TEST_CONTEXT(e.tool) {
            fs::path const dir = shipped_migrations().parent_path() / "tests" / "data" / "layouts" / e.tool;
            ScratchDatabase db;
            auto m = open(db, dir);
            auto const up = m.up();
            std::size_t applied = 0;
            for (auto const& step : up.steps)
                applied += step.outcome == Outcome::applied && !step.migration->repeatable;
            BOOST_TEST(applied == e.migrations);
            BOOST_TEST(db.query("SELECT count(*) FROM items").at(0).at(0) == "1");
            if (std::string(e.tool) != "sqlx") BOOST_TEST(db.has_table("tags"));
            if (std::string(e.tool) == "golang-migrate") // its own BEGIN/COMMIT ran as written
                BOOST_TEST(db.query("SELECT count(*) FROM tags").at(0).at(0) == "1");
            if (std::string(e.tool) == "flyway") {
                BOOST_TEST(db.query("SELECT count(*) FROM item_names").at(0).at(0) == "1");
                BOOST_TEST((m.status().repeatables.at(0).state == MigrationState::applied));
                BOOST_TEST(m.status().current_version->value == 20000);
                BOOST_TEST(m.migrations().find(*m.status().current_version)->version_text == "2");
            }
            if (std::string(e.tool) == "diesel") {
                auto const& list = m.migrations().migrations();
                BOOST_TEST(list.back().folder == "2023-10-10-123456-0001_add_tags"); // newest by text
            }
            BOOST_TEST(m.up().changed() == 0); // nothing left, repeatables included
            // The downs above the irreversible one run; then down stops before it, reverting nothing.
            for (std::size_t i = 0; i < e.reversible_on_top; ++i)
                BOOST_TEST(m.down().changed() == 1);
            auto const before = db.applied_versions();
            try {
                m.down();
                BOOST_FAIL("expected a refusal");
            } catch (IrreversibleMigration const& refused) {
                BOOST_TEST(std::string(refused.what())
                                   .find(std::string(e.irreversible) + " has no down (irreversible)") !=
                               std::string::npos,
                           refused.what());
            }
            BOOST_TEST(db.applied_versions() == before);
            BOOST_TEST(m.up().changed() == e.reversible_on_top);
        }
    }
}

// A database another tool manages: status names it; up refuses before touching anything.
BOOST_AUTO_TEST_CASE(first_contact_with_another_tools_database) {
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INTEGER);\n", "DROP TABLE a;\n");
    for (auto const& [format, make] : tool_tables) {
        BOOST_TEST_CONTEXT(format_name(format)) {
            ScratchDatabase db;
            make(db);
            auto m = Migrator::open(*target().registry, db.cli_url(), MigrationSource::directory(dir.path()));
            auto const status = m.status();
            BOOST_REQUIRE(status.foreign.has_value());
            BOOST_TEST(status.foreign->tool == std::string(format_name(format)));
            BOOST_TEST(status.foreign->message().find("adopt it: migrator import --from " +
                                                      std::string(format_name(format))) != std::string::npos);
            try {
                m.up();
                BOOST_FAIL("expected a refusal");
            } catch (UsageError const& e) {
                BOOST_TEST(std::string(e.what()).find("this database is at " +
                                                      std::string(format_name(format))) == 0u,
                           e.what());
            }
            BOOST_TEST(!db.has_table("schema_version"));
            BOOST_TEST(!db.has_table("a"));
        }
    }
    ScratchDatabase alembic;
    alembic.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    alembic.execute("INSERT INTO alembic_version VALUES ('1a2b3c4d5e6f')");
    auto m = Migrator::open(*target().registry, alembic.cli_url(), MigrationSource::directory(dir.path()));
    BOOST_TEST(m.status().foreign->message().find("alembic version 1a2b3c4d5e6f") != std::string::npos);
    BOOST_TEST(m.status().foreign->message().find("migrator baseline") != std::string::npos);
    BOOST_CHECK_THROW(m.up(), UsageError);
    BOOST_TEST(!alembic.has_table("schema_version"));
}

BOOST_AUTO_TEST_SUITE_END()
