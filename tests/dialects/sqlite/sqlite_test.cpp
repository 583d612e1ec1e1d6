// SQLite-only behaviour; what every dialect must do lives in the conformance suite.
#include <boost/test/unit_test.hpp>

#include "migrator/errors.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

BOOST_AUTO_TEST_CASE(trigger_bodies_comments_and_semicolons_in_strings) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_trigger",
                    "-- a table, a log, and a trigger whose body holds ';'\n"
                    "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL);\n"
                    "CREATE TABLE item_log (note TEXT NOT NULL); /* inline; comment */\n"
                    "CREATE TRIGGER items_log AFTER INSERT ON items BEGIN\n"
                    "  INSERT INTO item_log (note) VALUES ('added; qty=' || CASE WHEN new.qty > 0 THEN "
                    "'positive' ELSE 'zero' END);\n"
                    "END;\n"
                    "INSERT INTO items (qty) VALUES (3);\n",
                    "DROP TRIGGER items_log;\nDROP TABLE item_log;\nDROP TABLE items;\n");
    run_up(db, load(dir.path(), db.dialect()));
    auto const rows = db.query("SELECT note FROM item_log");
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0][0] == "added; qty=positive");
}

BOOST_AUTO_TEST_CASE(syntax_error_names_file_line_and_statement) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_bad",
                    "CREATE TABLE a (id INTEGER);\n\n-- then\nCREATE TABLE b (id INTEGER;\n",
                    "DROP TABLE a;\n");
    try {
        run_up(db, load(dir.path(), db.dialect()));
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(std::string(e.what()) ==
                   (dir / "1_bad/up.sql").string() + ":4: statement 2: near \";\": syntax error");
    }
    BOOST_TEST(!db.has_table("a"));
}

BOOST_AUTO_TEST_CASE(applied_at_is_iso_8601_utc_text) {
    ScratchDatabase db;
    run_up(db, load(shipped_migrations(), db.dialect()), Version{1});
    auto const rows = db.query("SELECT applied_at, applied_by, typeof(applied_at) FROM schema_version");
    std::string const at = rows.at(0).at(0);
    BOOST_TEST(at.size() == 24u); // 2026-11-24T10:00:00.000Z
    BOOST_TEST(at[10] == 'T');
    BOOST_TEST(at.back() == 'Z');
    BOOST_TEST(rows.at(0).at(1).find('@') != std::string::npos);
    BOOST_TEST(rows.at(0).at(2) == "text");
}

BOOST_AUTO_TEST_CASE(in_memory_database) {
    auto m =
        Migrator::open(registry(), "sqlite://:memory:", MigrationSource::directory(shipped_migrations()));
    BOOST_TEST(m.up().steps.size() == 8u);
    BOOST_TEST(m.status().applied == 8); // the same connection: the same in-memory database
}

BOOST_AUTO_TEST_CASE(a_path_is_passed_to_sqlite_as_it_is) {
    TempDir dir;
    std::string const odd = (dir / "we\"ird name;x.db").string();
    auto m = Migrator::open(registry(), "sqlite:///" + odd, MigrationSource::directory(shipped_migrations()));
    m.up({.to = Version{1}});
    BOOST_TEST(std::filesystem::exists(odd));
    auto again =
        Migrator::open(registry(), "sqlite:///" + odd, MigrationSource::directory(shipped_migrations()));
    BOOST_TEST(again.status().applied == 1);
}

BOOST_AUTO_TEST_CASE(url_parameters) {
    TempDir dir;
    std::string const file = (dir / "ro.db").string();
    auto source = MigrationSource::directory(shipped_migrations());
    Migrator::open(registry(), "sqlite:///" + file, source).up({.to = Version{1}});
    auto ro = Migrator::open(registry(), "sqlite:///" + file + "?mode=ro", source);
    BOOST_TEST(ro.status().applied == 1); // reading works
    BOOST_CHECK_THROW(ro.up(), Error);    // writing does not
    BOOST_TEST(Migrator::open(registry(), "sqlite:///" + file, source).status().applied == 1);
    BOOST_CHECK_THROW(Migrator::open(registry(), "sqlite:///" + file + "?cache=shared", source), UsageError);
}

BOOST_AUTO_TEST_CASE(syntax_error_line_inside_a_long_statement) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_bad", "CREATE TABLE a (\n  id INTEGER,\n  name TEXT,,\n  x INTEGER\n);\n",
                    "DROP TABLE a;\n");
    try {
        run_up(db, load(dir.path(), db.dialect()));
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(e.line() == 3, e.what()); // where SQLite says the error is, not where the statement starts
    }
}

BOOST_AUTO_TEST_CASE(schema_qualified_version_table_is_refused) {
    BOOST_CHECK_THROW(QualifiedName::parse("ops.schema_version", registry().get("sqlite").supports_schemas()),
                      UsageError);
}
