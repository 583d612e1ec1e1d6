// PostgreSQL-only behaviour; what every dialect must do lives in the conformance suite.
#include <boost/test/unit_test.hpp>
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "check/checker.hpp"
#include "migrator/errors.hpp"
#include "migrator/migrator.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

BOOST_AUTO_TEST_CASE(dollar_quoted_bodies_do_blocks_and_colon_names_survive) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(
        dir.path(), "1_functions",
        "CREATE TABLE notes (body TEXT NOT NULL);\n"
        "CREATE FUNCTION add_note(t TEXT) RETURNS void LANGUAGE plpgsql AS $fn$\n"
        "BEGIN\n"
        "  INSERT INTO notes VALUES (t || '; done');\n"
        "END;\n"
        "$fn$;\n"
        "DO $$ BEGIN PERFORM add_note('first'); END $$;\n"
        "INSERT INTO notes VALUES (':name and :other'), ($$a:b$$), (E'it\\'s;');\n"
        "CREATE FUNCTION plus_one(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;\n",
        "DROP FUNCTION plus_one(int);\nDROP FUNCTION add_note(TEXT);\nDROP TABLE notes;\n");
    run_up(db, load(dir.path(), db.dialect()));
    auto const rows = db.query("SELECT body FROM notes ORDER BY body");
    BOOST_REQUIRE_EQUAL(rows.size(), 4u);
    BOOST_TEST(rows[0][0] == ":name and :other");
    BOOST_TEST(rows[1][0] == "a:b");
    BOOST_TEST(rows[2][0] == "first; done");
    BOOST_TEST(rows[3][0] == "it's;");
    BOOST_TEST(db.query("SELECT plus_one(1)").at(0).at(0) == "2");
}

BOOST_AUTO_TEST_CASE(error_names_line_statement_and_sqlstate) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_bad",
                    "CREATE TABLE a (id INT);\n"
                    "-- a comment\n"
                    "INSERT INTO a\n"
                    "  SELECT id\n"
                    "  FROM missing_table;\n",
                    "DROP TABLE a;\n");
    try {
        run_up(db, load(dir.path(), db.dialect()));
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(e.line() == 5); // the statement starts on line 3; the error position is on line 5
        BOOST_TEST(e.statement() == 2);
        BOOST_TEST(e.sqlstate() == "42P01");
        BOOST_TEST(std::string(e.what()) ==
                   (dir / "1_bad/up.sql").string() +
                       ":5: statement 2: relation \"missing_table\" does not exist [42P01]");
    }
    BOOST_TEST(!db.has_table("a"));
}

BOOST_AUTO_TEST_CASE(concurrent_index_while_another_runner_waits_for_the_lock) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_table",
                    "CREATE TABLE big (id INT NOT NULL, v INT);\nINSERT INTO big SELECT g, g FROM "
                    "generate_series(1, 20000) g;\n",
                    "DROP TABLE big;\n");
    write_migration(dir.path(), "2_index",
                    "SELECT pg_sleep(1);\nCREATE INDEX CONCURRENTLY big_v_idx ON big (v);\n",
                    "DROP INDEX CONCURRENTLY big_v_idx;\n", "transaction: false\n");
    auto const set = load(dir.path(), db.dialect());
    run_up(db, set, Version{1});
    std::string first_error, second_error;
    std::vector<StepResult> second_steps;
    std::thread first([&] {
        try {
            run_up(db, set);
        } catch (std::exception const& e) {
            first_error = e.what();
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the first one holds the lock by now
    try {
        second_steps = run_up(db, set).steps;
    } catch (std::exception const& e) {
        second_error = e.what();
    }
    first.join();
    BOOST_TEST(first_error.empty(), first_error);
    BOOST_TEST(second_error.empty(), second_error); // a blocking waiter would have deadlocked
    BOOST_TEST(second_steps.empty());               // it found nothing left to do
    BOOST_TEST(db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'big_v_idx'::regclass")
                   .at(0)
                   .at(0) == "true");
    BOOST_TEST(db.applied_versions() == (std::vector<std::int64_t>{1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(schema_qualified_version_table) {
    ScratchDatabase db;
    run_up(db, load(shipped_migrations(), db.dialect()), Version{2}, {}, "ops.schema_version");
    BOOST_TEST(db.applied_versions("ops.schema_version") == (std::vector<std::int64_t>{1, 2}),
               boost::test_tools::per_element());
    BOOST_TEST(db.query("SELECT data_type FROM information_schema.columns WHERE table_schema = 'ops' AND "
                        "table_name = 'schema_version' AND column_name = 'applied_at'")
                   .at(0)
                   .at(0) == "timestamp with time zone");
}

BOOST_AUTO_TEST_CASE(passwords_decode_and_never_leak) {
    ScratchDatabase db;
    std::string const password = "S3cr@t:/%?#'\"";
    db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'migrator_pw') THEN "
               "CREATE ROLE migrator_pw LOGIN; END IF; END $$");
    db.execute("ALTER ROLE migrator_pw PASSWORD " + db.dialect().literal(password));
    std::string const url = db.cli_url();
    std::string const base = url.substr(0, url.find("://") + 3);
    std::string const host_db = url.substr(url.find('@') + 1);
    auto const parse = [&](std::string const& text) { return db.dialect().parse_url(text, {}); };
    // Percent-encoded, the password works...
    auto const good = parse(base + "migrator_pw:S3cr%40t%3A%2F%25%3F%23%27%22@" + host_db);
    BOOST_CHECK_NO_THROW(db.dialect().connect(good, std::chrono::seconds(5)));
    auto const query_form =
        parse(base + "migrator_pw@" + host_db + "?password=S3cr%40t%3A%2F%25%3F%23%27%22");
    BOOST_CHECK_NO_THROW(db.dialect().connect(query_form, std::chrono::seconds(5)));
    // PGPASSWORD still works, because libpq reads it when the URL has no password.
    setenv("PGPASSWORD", password.c_str(), 1);
    BOOST_CHECK_NO_THROW(
        db.dialect().connect(parse(base + "migrator_pw@" + host_db), std::chrono::seconds(5)));
    unsetenv("PGPASSWORD");
    // ...a wrong one is a one-line DatabaseError without it.
    std::string const wrong = "Wr0ng-hunter2";
    try {
        db.dialect().connect(parse(base + "migrator_pw:" + wrong + "@" + host_db), std::chrono::seconds(5));
        BOOST_FAIL("expected a DatabaseError");
    } catch (DatabaseError const& e) {
        std::string const m = e.what();
        BOOST_TEST(m.find(wrong) == std::string::npos, m);
        BOOST_TEST(m.find("password authentication failed") != std::string::npos, m);
        BOOST_TEST(m.find("migrator_pw:***@") != std::string::npos, m);
        BOOST_TEST(m.find('\n') == std::string::npos, m);
        BOOST_TEST(static_cast<int>(e.exit_code()) == 1);
    }
}

BOOST_AUTO_TEST_CASE(unix_socket_host) {
    ScratchDatabase db;
    auto const& admin = target().server;
    char const* data = std::getenv("MIGRATOR_PG_DATA");
    std::string const socket_dir =
        data ? data : "/tmp/migrator-pg-" + admin.field("port"); // tools/pg-test-server.sh
    auto const url =
        db.dialect().parse_url("postgresql://" + admin.field("user") + "@/" + admin.field("dbname") +
                                   "?host=" + socket_dir + "&port=" + admin.field("port"),
                               {});
    auto session = db.dialect().connect(url, std::chrono::seconds(5));
    BOOST_TEST(session->query("SELECT inet_client_addr() IS NULL").at(0).at(0) == "t"); // a socket, not TCP
}

BOOST_AUTO_TEST_CASE(unreachable_server_and_missing_database) {
    auto const& dialect = registry().get("postgresql");
    try {
        dialect.connect(dialect.parse_url("postgresql://u:pw1234@127.0.0.1:1/db", {}),
                        std::chrono::seconds(2));
        BOOST_FAIL("expected a DatabaseError");
    } catch (DatabaseError const& e) {
        BOOST_TEST(std::string(e.what()).find("pw1234") == std::string::npos);
        BOOST_TEST(std::string(e.what()).find("cannot connect to postgresql://u:***@127.0.0.1:1/db") == 0u,
                   e.what());
    }
    // Nothing listening is what `wait` retries; a database that does not exist is not.
    BOOST_CHECK_THROW(
        dialect.connect(dialect.parse_url("postgresql://u@127.0.0.1:1/db", {}), std::chrono::seconds(2)),
        ConnectionFailed);
    ScratchDatabase db;
    std::string const url = db.cli_url().substr(0, db.cli_url().rfind('/')) + "/no_such_database";
    try {
        dialect.connect(dialect.parse_url(url, {}), std::chrono::seconds(2));
        BOOST_FAIL("expected a DatabaseError");
    } catch (ConnectionFailed const& e) {
        BOOST_FAIL(std::string("a missing database is not worth waiting for: ") + e.what());
    } catch (DatabaseError const&) {
    }
}

BOOST_AUTO_TEST_CASE(reaction_kinds_are_an_enum) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    run_up(db, set);
    BOOST_TEST(
        db.query("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON "
                 "t.oid = e.enumtypid WHERE t.typname = 'reaction_kind'")
            .at(0)
            .at(0) == "LIKE,LOVE,HAHA,WOW,SAD,ANGRY");
    run_down(db, set, {DownTarget::Kind::all, 0, {}});
    BOOST_TEST(db.query("SELECT count(*) FROM pg_type WHERE typname = 'reaction_kind'").at(0).at(0) == "0");
}

BOOST_AUTO_TEST_CASE(parity_finds_a_sqlite_only_column) {
    TempDir dir;
    write_migration(dir / "migrations", "1_users",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n",
                    "DROP TABLE users;\n");
    write_file(dir / "migrations/1_users/up.sqlite.sql",
               "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT);\n");
    CheckRequest req{
        MigrationSource::directory(dir / "migrations"), dir / "schema", {}, {}, {}, false, false};
    req.dialects = {"sqlite", "postgresql"};
    // Schema-qualified on PostgreSQL, a plain table name on SQLite.
    req.version_table = QualifiedName::parse("ops.schema_version", true);
    req.database = target().server;
    req.live = false;
    req.update_snapshot = true;
    BOOST_TEST(Checker(registry()).run(req).clean());
    req.update_snapshot = false;
    auto const report = Checker(registry()).run(req);
    BOOST_REQUIRE_EQUAL(report.findings.size(), 1u);
    BOOST_TEST((report.findings[0].kind == FindingKind::parity));
    BOOST_TEST(report.findings[0].message == "column users.nickname exists on sqlite but not on postgresql");
}

BOOST_AUTO_TEST_CASE(a_column_named_begin_and_a_concurrent_index) {
    // The hand-written splitter read `begin` as a block and merged every later statement into
    // statement 1, so CREATE INDEX CONCURRENTLY ran inside a multi-statement string (25001).
    ScratchDatabase db;
    TempDir dir;
    write_migration(
        dir.path(), "1_slots",
        "CREATE TABLE slots (id int, begin int);\nCREATE INDEX CONCURRENTLY slots_id_idx ON slots (id);\n",
        "DROP TABLE slots;\n", "transaction: false\n");
    write_migration(dir.path(), "2_bad", "CREATE TABLE t2 (begin int);\nSELECT * FROM missing_table;\n",
                    "DROP TABLE t2;\n");
    auto const set = load(dir.path(), db.dialect());
    try {
        run_up(db, set);
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(e.statement() == 2); // the error names the right statement
        BOOST_TEST(e.line() == 2);
        BOOST_TEST(e.sqlstate() == "42P01");
    }
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1}, boost::test_tools::per_element());
    BOOST_TEST(db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'slots_id_idx'::regclass")
                   .at(0)
                   .at(0) == "true");
}

BOOST_AUTO_TEST_CASE(a_rule_with_several_actions) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(
        dir.path(), "1_rule",
        "CREATE TABLE t (id int);\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"
        "CREATE RULE t_log AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (new.id); INSERT INTO b "
        "VALUES (new.id));\nINSERT INTO t VALUES (7);\n",
        "DROP TABLE t;\nDROP TABLE a;\nDROP TABLE b;\n");
    run_up(db, load(dir.path(), db.dialect()));
    BOOST_TEST(db.query("SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)").at(0).at(0) == "2");
}

BOOST_AUTO_TEST_CASE(literals_are_safe_without_standard_conforming_strings) {
    // --sql prints values as literals that mean the same under either setting.
    auto const& d = registry().get("postgresql");
    BOOST_TEST(d.literal(std::string("it's")) == "'it''s'");
    BOOST_TEST(d.literal(std::string("a\\'); DROP TABLE canary; --")) ==
               "E'a\\\\''); DROP TABLE canary; --'");
    ScratchDatabase db;
    db.execute("SET standard_conforming_strings = off");
    std::string const value = "a\\'); DROP TABLE canary; --";
    BOOST_TEST(db.query("SELECT " + d.literal(value)).at(0).at(0) == value);
    db.execute("SET standard_conforming_strings = on");
    BOOST_TEST(db.query("SELECT " + d.literal(value)).at(0).at(0) == value);
}

// A set written the way large public golang-migrate sets are (tests/data/real-style/generate.py):
// 60 pairs with DO blocks, dollar-quoted functions with nested quotes, CREATE INDEX
// CONCURRENTLY, comments holding ; and quotes, BEGIN/COMMIT-wrapped files and empty downs. It
// loads, applies, rolls back and re-applies unchanged, and check names its one wrong down only.
BOOST_AUTO_TEST_CASE(a_real_style_golang_migrate_set_unchanged) {
    auto const dir = shipped_migrations().parent_path() / "tests/data/real-style/golang-migrate-postgresql";
    ScratchDatabase db;
    auto const set = load(dir, db.dialect());
    BOOST_REQUIRE(set.migrations().size() == 60u);
    BOOST_TEST(!set.find(Version{4})->transactional);             // CREATE INDEX CONCURRENTLY: run bare
    BOOST_TEST(set.find(Version{3})->up.statements.size() == 2u); // its own BEGIN/COMMIT dropped
    BOOST_TEST(run_up(db, set).steps.size() == 60u);
    BOOST_TEST(db.query("SELECT note FROM t01 WHERE name = 'e'").at(0).at(0) == "it's dollar; \"quoted\"");
    run_down(db, set, {DownTarget::Kind::all, 0, {}});
    BOOST_TEST(db.tables() == std::vector<std::string>{"schema_version"}, boost::test_tools::per_element());
    BOOST_TEST(run_up(db, set).steps.size() == 60u);

    TempDir snapshots;
    CheckRequest req{MigrationSource::directory(dir), snapshots.path()};
    req.dialects = {"postgresql"};
    req.version_table = QualifiedName::parse("schema_version", true);
    req.database = target().server;
    req.live = false;
    auto const report = Checker(registry()).run(req);
    std::set<std::string> wrong;
    for (auto const& f : report.findings)
        if (f.kind == FindingKind::round_trip) wrong.insert(f.migration);
    BOOST_TEST(wrong == std::set<std::string>{"000024_t05_name_index"}, boost::test_tools::per_element());
    BOOST_TEST(report.dialects.at(0).failed == 1);
    BOOST_TEST(report.dialects.at(0).migrations == 59);
}

// What every deploy pays on PostgreSQL, in round trips: a fresh Migrator's `up` with nothing to
// do, over an adopted connection (the connection's own start-up is libpq's). Counted from
// libpq's protocol trace: each Query (simple protocol) or Sync (extended) the client sends is
// one round trip. A new query on this path must be worth a round trip on every deploy.
BOOST_AUTO_TEST_CASE(no_op_up_costs_three_round_trips) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INT);", "DROP TABLE a;");
    write_migration(dir.path(), "2_b", "CREATE TABLE b (id INT);", "DROP TABLE b;");
    std::unique_ptr<PGconn, decltype(&PQfinish)> const conn(PQconnectdb(db.cli_url().c_str()), &PQfinish);
    BOOST_REQUIRE(PQstatus(conn.get()) == CONNECTION_OK);
    auto const migrator = [&] {
        return Migrator::adopt_native(*target().registry, db.dialect(), conn.get(),
                                      MigrationSource::directory(dir.path()));
    };
    BOOST_TEST(migrator().up().steps.size() == 2u);

    TempDir traces;
    std::string const trace = (traces / "trace").string();
    FILE* out = std::fopen(trace.c_str(), "w");
    BOOST_REQUIRE(out);
    PQtrace(conn.get(), out);
    PQsetTraceFlags(conn.get(), PQTRACE_SUPPRESS_TIMESTAMPS);
    RunReport const report = migrator().up();
    PQuntrace(conn.get());
    std::fclose(out);
    BOOST_TEST(report.steps.empty());

    std::ifstream in(trace);
    std::vector<std::string> round_trips;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("F\t", 0) == 0 &&
            (line.find("\tQuery\t") != std::string::npos || line.find("\tSync") != std::string::npos))
            round_trips.push_back(line);
    // Is the server writable (a standby, default_transaction_read_only), the version table's
    // columns, its rows.
    BOOST_TEST(round_trips.size() == 3u);
    for (auto const& line : round_trips)
        BOOST_TEST_MESSAGE(line);
}
