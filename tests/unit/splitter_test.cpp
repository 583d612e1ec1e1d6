#include <boost/test/unit_test.hpp>

#include "migrator/statement_splitter.hpp"

using namespace migrator;

namespace {
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

BOOST_AUTO_TEST_SUITE_END()
