#include <boost/test/unit_test.hpp>

#include "model/statement_kind.hpp"
#include "test_support.hpp"

using namespace migrator;

namespace {
// The cases below pin what the splitter did before each dialect split its own scripts; they
// now run through SqliteDialect::split (sqlite3_complete) and PostgresqlDialect::split
// (PostgreSQL's lexer, libpg_query).
enum class SqlFlavor { sqlite, postgresql };
std::vector<Statement> split_statements(std::string const& sql, SqlFlavor f) {
    return test::registry().get(f == SqlFlavor::sqlite ? "sqlite" : "postgresql").split(sql);
}

std::vector<std::string> texts(std::string const& sql, SqlFlavor f) {
    std::vector<std::string> out;
    for (auto const& s : split_statements(sql, f))
        out.push_back(s.text);
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(splitter)

BOOST_AUTO_TEST_CASE(plain_statements_and_lines) {
    auto const st =
        split_statements("CREATE TABLE a (x INT);\n\n-- note\nCREATE TABLE b (y INT);\n", SqlFlavor::sqlite);
    BOOST_REQUIRE_EQUAL(st.size(), 2u);
    BOOST_TEST(st[0].text == "CREATE TABLE a (x INT)");
    BOOST_TEST(st[0].line == 1);
    BOOST_TEST(st[1].text == "CREATE TABLE b (y INT)");
    BOOST_TEST(st[1].line == 4); // the comment before it is not its start
}

BOOST_AUTO_TEST_CASE(semicolons_inside_strings_identifiers_and_comments) {
    auto const t = texts("INSERT INTO t VALUES ('a;b', 'it''s;');\n"
                         "SELECT \"we;ird\" FROM t; -- trailing; comment\n"
                         "/* block ; comment */ SELECT 1",
                         SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 3u);
    BOOST_TEST(t[0] == "INSERT INTO t VALUES ('a;b', 'it''s;')");
    BOOST_TEST(t[1] == "SELECT \"we;ird\" FROM t");
    BOOST_TEST(t[2] == "SELECT 1");
}

BOOST_AUTO_TEST_CASE(dollar_quotes_postgresql) {
    auto const t = texts("CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n"
                         "DO $body$ BEGIN PERFORM 1; END $body$;\n"
                         "SELECT $1::int",
                         SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 3u);
    BOOST_TEST(t[1] == "DO $body$ BEGIN PERFORM 1; END $body$");
}

BOOST_AUTO_TEST_CASE(escape_strings_postgresql) {
    auto const t = texts("SELECT E'a\\';b'; SELECT 2", SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 2u);
    BOOST_TEST(t[0] == "SELECT E'a\\';b'");
}

BOOST_AUTO_TEST_CASE(sqlite_trigger_body_with_case) {
    auto const t = texts("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                         "  UPDATE t SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n"
                         "  INSERT INTO log VALUES ('x;');\n"
                         "END;\n"
                         "CREATE TABLE z (a INT);",
                         SqlFlavor::sqlite);
    BOOST_REQUIRE_EQUAL(t.size(), 2u);
    BOOST_TEST(t[1] == "CREATE TABLE z (a INT)");
}

BOOST_AUTO_TEST_CASE(begin_atomic_body_postgresql) {
    auto const t =
        texts("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; SELECT a; END;\n"
              "SELECT 1;",
              SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 2u);
}

BOOST_AUTO_TEST_CASE(nested_block_comments_postgresql) {
    auto const t = texts("/* a /* b; */ c; */ SELECT 1; SELECT 2", SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 2u);
    BOOST_TEST(t[0] == "SELECT 1");
}

BOOST_AUTO_TEST_CASE(comment_only_script_has_no_statements) {
    BOOST_TEST(split_statements("-- nothing\n/* here */\n  ;\n", SqlFlavor::sqlite).empty());
}

BOOST_AUTO_TEST_CASE(transaction_control_is_recognised) {
    BOOST_TEST(is_transaction_control("BEGIN"));
    BOOST_TEST(is_transaction_control("begin transaction"));
    BOOST_TEST(is_transaction_control("COMMIT"));
    BOOST_TEST(is_transaction_control("END"));
    BOOST_TEST(is_transaction_control("ROLLBACK"));
    BOOST_TEST(is_transaction_control("START TRANSACTION"));
    BOOST_TEST(!is_transaction_control("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END"));
    BOOST_TEST(!is_transaction_control("BEGINNING_TABLE"));
}

// What the hand-written splitter got wrong on real sets.
BOOST_AUTO_TEST_CASE(a_column_named_begin_postgresql) {
    auto const st = split_statements("CREATE TABLE slots (id int, begin int);\n"
                                     "CREATE INDEX CONCURRENTLY slots_id_idx ON slots (id);\n",
                                     SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(st.size(), 2u);
    BOOST_TEST(st[1].text == "CREATE INDEX CONCURRENTLY slots_id_idx ON slots (id)");
    BOOST_TEST(st[1].line == 2);
}

BOOST_AUTO_TEST_CASE(create_rule_with_several_actions_postgresql) {
    auto const t =
        texts("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES "
              "(2));\nSELECT 1;",
              SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 2u);
    BOOST_TEST(t[1] == "SELECT 1");
}

BOOST_AUTO_TEST_CASE(a_syntax_error_keeps_every_statement_postgresql) {
    // The server, not the splitter, reports the bad statement: it must be there, in its place.
    auto const t = texts("SELECT 1; SELEC 2; SELECT 3;", SqlFlavor::postgresql);
    BOOST_REQUIRE_EQUAL(t.size(), 3u);
    BOOST_TEST(t[1] == "SELEC 2");
    BOOST_REQUIRE_EQUAL(texts("SELECT 1; SELECT 'unterminated", SqlFlavor::postgresql).size(), 1u);
}

BOOST_AUTO_TEST_CASE(stray_parentheses_and_keywordless_statements_postgresql) {
    // As psql splits them: a stray ')' does not hide later ';' (the depth stays at 0), and a
    // statement without a keyword is kept for the server to refuse.
    auto const t = texts("SELECT 1); SELECT 2; SELECT (3; SELECT 4);\nSELEC 5; foo", SqlFlavor::postgresql);
    std::vector<std::string> const expected{"SELECT 1)", "SELECT 2", "SELECT (3; SELECT 4)", "SELEC 5",
                                            "foo"};
    BOOST_TEST(t == expected, boost::test_tools::per_element());
    // Found by tests/fuzz: a '(' inside a comment must not count.
    auto const c = texts("-- a (comment\nSELECT x FROM t WHERE a = 1); SELECT (1);", SqlFlavor::postgresql);
    std::vector<std::string> const expected_c{"SELECT x FROM t WHERE a = 1)", "SELECT (1)"};
    BOOST_TEST(c == expected_c, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(comments_around_statements_are_not_part_of_them) {
    for (auto f : {SqlFlavor::sqlite, SqlFlavor::postgresql}) {
        auto const st =
            split_statements("-- head\nSELECT 1 -- tail; still a comment\n;\n/* a */ SELECT 2; -- end\n", f);
        BOOST_REQUIRE_EQUAL(st.size(), 2u);
        BOOST_TEST(st[0].line == 2);
        BOOST_TEST(st[1].text == "SELECT 2");
        BOOST_TEST(st[1].line == 4);
    }
}

BOOST_AUTO_TEST_CASE(line_numbers_of_a_long_script) {
    // Counted in one pass: 100,000 statements split in well under a second (see tools/bench).
    std::string script;
    for (int i = 0; i < 100000; ++i)
        script += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'a;b');\n";
    for (auto f : {SqlFlavor::sqlite, SqlFlavor::postgresql}) {
        auto const st = split_statements(script, f);
        BOOST_REQUIRE_EQUAL(st.size(), 100000u);
        BOOST_TEST(st.back().line == 100000);
        BOOST_TEST(st.back().text == "INSERT INTO t VALUES (99999, 'a;b')");
    }
}

BOOST_AUTO_TEST_CASE(many_semicolons_inside_one_statement) {
    // sqlite3_complete() is asked once per statement, not once per ';' it holds: a string or
    // a trigger body full of ';' splits in one pass (200,000 ';' here).
    std::string script = "INSERT INTO t VALUES ('";
    for (int i = 0; i < 100000; ++i)
        script += "a;";
    script += "');\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n";
    for (int i = 0; i < 100000; ++i)
        script += "UPDATE t SET x = CASE WHEN x THEN 1 END; INSERT INTO log VALUES (';');\n";
    script += "END;\nSELECT [a;b], `c;d`, \"e;f\" FROM t -- ;\n;SELECT 2";
    for (auto f : {SqlFlavor::sqlite, SqlFlavor::postgresql}) {
        auto const st = split_statements(script, f);
        if (f == SqlFlavor::postgresql) continue; // split (in one pass), but trigger bodies are SQLite's
        BOOST_REQUIRE_EQUAL(st.size(), 4u);
        BOOST_TEST(st[1].line == 2);
        BOOST_TEST(st[1].text.substr(st[1].text.size() - 4) == "\nEND");
        BOOST_TEST(st[2].text == "SELECT [a;b], `c;d`, \"e;f\" FROM t -- ;");
        BOOST_TEST(st[2].line == 100004);
        BOOST_TEST(st[3].text == "SELECT 2");
    }
}

BOOST_AUTO_TEST_SUITE_END()
