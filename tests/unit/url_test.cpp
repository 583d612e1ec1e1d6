#include <boost/test/unit_test.hpp>

#include "migrator/database_url.hpp"
#include "migrator/duration.hpp"
#include "migrator/errors.hpp"
#include "migrator/qualified_name.hpp"
#include "postgresql/postgresql_dialect.hpp"

using namespace migrator;

BOOST_AUTO_TEST_SUITE(urls)

BOOST_AUTO_TEST_CASE(sqlite_forms) {
    BOOST_TEST(DatabaseUrl::parse("sqlite:///social_network.db").path() == "social_network.db");
    BOOST_TEST(DatabaseUrl::parse("sqlite:///data/x.db", "/srv").path() == "/srv/data/x.db");
    BOOST_TEST(DatabaseUrl::parse("sqlite:////var/lib/x.db", "/srv").path() == "/var/lib/x.db");
    BOOST_TEST(DatabaseUrl::parse("sqlite://:memory:").in_memory());
    BOOST_TEST(DatabaseUrl::parse("sqlite:///my%20db.db").path() == "my db.db");
    BOOST_TEST(DatabaseUrl::parse("sqlite:///x.db").dialect() == "sqlite");
    BOOST_CHECK_THROW(DatabaseUrl::parse("sqlite://x.db"), UsageError);
    BOOST_CHECK_THROW(DatabaseUrl::parse("mysql://u@h/db"), UsageError);
}

BOOST_AUTO_TEST_CASE(postgresql_parts_and_decoding) {
    auto u = DatabaseUrl::parse(
        "postgresql://app%40corp:p%40ss%3Aw%2Fo%25rd%3F%23@db.example:6543/social?sslmode=require");
    BOOST_TEST(u.dialect() == "postgresql");
    BOOST_TEST(u.user() == "app@corp");
    BOOST_TEST(u.password() == "p@ss:w/o%rd?#");
    BOOST_TEST(u.host() == "db.example");
    BOOST_TEST(u.port() == "6543");
    BOOST_TEST(u.dbname() == "social");
    BOOST_TEST(u.params().at("sslmode") == "require");
    BOOST_TEST(DatabaseUrl::parse("postgres://u@h/d").dialect() == "postgresql");
}

BOOST_AUTO_TEST_CASE(postgresql_raw_at_and_slash_in_password) {
    auto u = DatabaseUrl::parse("postgresql://u:a@b/c@localhost/db");
    BOOST_TEST(u.password() == "a@b/c");
    BOOST_TEST(u.host() == "localhost");
    BOOST_TEST(u.dbname() == "db");
}

BOOST_AUTO_TEST_CASE(postgresql_ipv6_and_socket_hosts) {
    auto v6 = DatabaseUrl::parse("postgresql://u@[::1]:5433/db");
    BOOST_TEST(v6.host() == "::1");
    BOOST_TEST(v6.port() == "5433");
    BOOST_TEST(v6.redacted() == "postgresql://u@[::1]:5433/db");
    auto sock = DatabaseUrl::parse("postgresql://u@/db?host=/var/run/postgresql");
    BOOST_TEST(sock.host() == "/var/run/postgresql");
    BOOST_CHECK_THROW(DatabaseUrl::parse("postgresql://u@h:99999/db"), UsageError);
    BOOST_CHECK_THROW(DatabaseUrl::parse("postgresql://u@h:abc/db"), UsageError);
}

BOOST_AUTO_TEST_CASE(passwords_are_redacted) {
    auto u = DatabaseUrl::parse("postgresql://app:s3cr%27t@h/db");
    BOOST_TEST(u.redacted() == "postgresql://app:***@h/db");
    auto q = DatabaseUrl::parse("postgresql://app@h/db?password=hunter2&sslmode=disable");
    BOOST_TEST(q.password() == "hunter2");
    BOOST_TEST(q.redacted().find("hunter2") == std::string::npos);
    BOOST_TEST(redact("failed for hunter2 and hunter2", "hunter2") == "failed for *** and ***");
    try {
        DatabaseUrl::parse("postgresql://app:hunter2@h:notaport/db");
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find("hunter2") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(conninfo_quotes_values) {
    auto u = DatabaseUrl::parse("postgresql://u:it%27s%5C%20x@h:5432/d");
    std::string const c = postgresql::PostgresqlDialect::conninfo(u);
    BOOST_TEST(c.find("password='it\\'s\\\\ x'") != std::string::npos);
    BOOST_TEST(c.find("application_name='migrator'") != std::string::npos);
    BOOST_TEST(c.find("host='h' port='5432' dbname='d' user='u'") == 0u);
}

BOOST_AUTO_TEST_CASE(durations) {
    BOOST_TEST(parse_duration("500ms").count() == 500);
    BOOST_TEST(parse_duration("30s").count() == 30000);
    BOOST_TEST(parse_duration("5m").count() == 300000);
    BOOST_TEST(parse_duration("7").count() == 7000);
    BOOST_CHECK_THROW(parse_duration("5h"), UsageError);
    BOOST_CHECK_THROW(parse_duration(""), UsageError);
    BOOST_CHECK_THROW(parse_duration("-1s"), UsageError);
}

BOOST_AUTO_TEST_CASE(version_table_names) {
    BOOST_TEST(QualifiedName::parse("schema_version", false).table == "schema_version");
    auto q = QualifiedName::parse("ops.schema_version", true);
    BOOST_TEST(q.schema == "ops");
    BOOST_TEST(q.table == "schema_version");
    BOOST_CHECK_THROW(QualifiedName::parse("ops.schema_version", false), UsageError);
    BOOST_CHECK_THROW(QualifiedName::parse("bad-name", true), UsageError);
    BOOST_CHECK_THROW(QualifiedName::parse("x\"; DROP TABLE users; --", true), UsageError);
    BOOST_CHECK_THROW(QualifiedName::parse("1abc", true), UsageError);
    BOOST_CHECK_THROW(QualifiedName::parse(std::string(64, 'a'), true), UsageError);
    BOOST_CHECK_THROW(QualifiedName::parse("a.b.c", true), UsageError);
}

BOOST_AUTO_TEST_CASE(exit_codes_of_the_error_types) {
    BOOST_TEST(static_cast<int>(UsageError("x").exit_code()) == 2);
    BOOST_TEST(static_cast<int>(MigrationSetError("x").exit_code()) == 2);
    BOOST_TEST(static_cast<int>(DatabaseError("x").exit_code()) == 1);
    BOOST_TEST(static_cast<int>(ScriptError("f.sql", 3, 2, "boom").exit_code()) == 1);
    BOOST_TEST(static_cast<int>(CheckFailed("x").exit_code()) == 3);
    BOOST_TEST(static_cast<int>(LockTimeout("x").exit_code()) == 4);
    BOOST_TEST(std::string(ScriptError("f.sql", 3, 2, "no\nsuch table", "42P01").what()) ==
               "f.sql:3: statement 2: no such table [42P01]");
}

BOOST_AUTO_TEST_SUITE_END()
