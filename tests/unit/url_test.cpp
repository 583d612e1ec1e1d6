#include <boost/test/unit_test.hpp>

#include "migrator/database_url.hpp"
#include "migrator/duration.hpp"
#include "migrator/errors.hpp"
#include "migrator/qualified_name.hpp"
#include "test_support.hpp"

using namespace migrator;

namespace {
// Each dialect parses its own URLs; the registry picks it by the scheme.
DatabaseUrl parse(std::string const& url, std::string const& base_dir = {}) {
    return test::registry().parse_url(url, base_dir);
}
} // namespace

BOOST_AUTO_TEST_SUITE(urls)

BOOST_AUTO_TEST_CASE(sqlite_forms) {
    BOOST_TEST(parse("sqlite:///social_network.db").field("path") == "social_network.db");
    BOOST_TEST(parse("sqlite:///data/x.db", "/srv").field("path") == "/srv/data/x.db");
    BOOST_TEST(parse("sqlite:////var/lib/x.db", "/srv").field("path") == "/var/lib/x.db");
    BOOST_TEST(parse("sqlite://:memory:").field("path") == ":memory:");
    BOOST_TEST(parse("sqlite:///my%20db.db").field("path") == "my db.db");
    BOOST_TEST(parse("sqlite:///x.db").dialect() == "sqlite");
    BOOST_CHECK_THROW(parse("sqlite://x.db"), UsageError);
    BOOST_CHECK_THROW(parse("mysql://u@h/db"), UsageError);
}

BOOST_AUTO_TEST_CASE(postgresql_parts_and_decoding) {
    auto u =
        parse("postgresql://app%40corp:p%40ss%3Aw%2Fo%25rd%3F%23@db.example:6543/social?sslmode=require");
    BOOST_TEST(u.dialect() == "postgresql");
    BOOST_TEST(u.field("user") == "app@corp");
    BOOST_TEST(u.field("password") == "p@ss:w/o%rd?#");
    BOOST_TEST(u.field("host") == "db.example");
    BOOST_TEST(u.field("port") == "6543");
    BOOST_TEST(u.field("dbname") == "social");
    BOOST_TEST(u.field("sslmode") == "require");
    BOOST_TEST(parse("postgres://u@h/d").dialect() == "postgresql");
}

BOOST_AUTO_TEST_CASE(postgresql_raw_at_and_slash_in_password) {
    auto u = parse("postgresql://u:a@b/c@localhost/db");
    BOOST_TEST(u.field("password") == "a@b/c");
    BOOST_TEST(u.field("host") == "localhost");
    BOOST_TEST(u.field("dbname") == "db");
}

BOOST_AUTO_TEST_CASE(postgresql_ipv6_and_socket_hosts) {
    auto v6 = parse("postgresql://u@[::1]:5433/db");
    BOOST_TEST(v6.field("host") == "::1");
    BOOST_TEST(v6.field("port") == "5433");
    BOOST_TEST(v6.redacted() == "postgresql://u@[::1]:5433/db");
    auto sock = parse("postgresql://u@/db?host=/var/run/postgresql");
    BOOST_TEST(sock.field("host") == "/var/run/postgresql");
    BOOST_CHECK_THROW(parse("postgresql://u@h:99999/db"), UsageError);
    BOOST_CHECK_THROW(parse("postgresql://u@h:abc/db"), UsageError);
}

BOOST_AUTO_TEST_CASE(passwords_are_redacted) {
    auto u = parse("postgresql://app:s3cr%27t@h/db");
    BOOST_TEST(u.redacted() == "postgresql://app:***@h/db");
    auto q = parse("postgresql://app@h/db?password=hunter2&sslmode=disable");
    BOOST_TEST(q.field("password") == "hunter2");
    BOOST_TEST(q.redacted().find("hunter2") == std::string::npos);
    BOOST_TEST(redact("failed for hunter2 and hunter2", "hunter2") == "failed for *** and ***");
    try {
        parse("postgresql://app:hunter2@h:notaport/db");
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find("hunter2") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(every_libpq_secret_is_redacted) {
    // Values reach libpq as they are (PQconnectdbParams): no connect-string quoting to get wrong.
    auto u = parse("postgresql://u:it%27s%5C%20x@h:5432/d?sslpassword=k3y&sslmode=require");
    BOOST_TEST(u.field("password") == "it's\\ x");
    BOOST_TEST(u.redacted() == "postgresql://u:***@h:5432/d?sslmode=require&sslpassword=***");
    BOOST_TEST(u.scrub("failed for k3y and it's\\ x") == "failed for *** and ***");
    // A raw '?' in a password parses, and a bad URL never echoes a part of it.
    BOOST_TEST(parse("postgresql://u:p?ss@h:5/x").field("password") == "p?ss");
    try {
        parse("postgresql://u:hunter2@h:5/x?bogus=1");
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find("hunter2") == std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(durations) {
    BOOST_TEST(parse_duration("500ms").count() == 500);
    BOOST_TEST(parse_duration("30s").count() == 30000);
    BOOST_TEST(parse_duration("5m").count() == 300000);
    BOOST_TEST(parse_duration("7").count() == 7000);
    // Go's grammar too (time.ParseDuration).
    BOOST_TEST(parse_duration("1h").count() == 3600000);
    BOOST_TEST(parse_duration("1m30s").count() == 90000);
    BOOST_TEST(parse_duration("1.5s").count() == 1500);
    BOOST_TEST(parse_duration("2h45m").count() == 9900000);
    BOOST_TEST(parse_duration("250us").count() == 0);
    BOOST_TEST(parse_duration("1500us").count() == 2);
    for (auto const* bad : {"", "-1s", "5d", "1.2.3s", "s", "1h 2m", ".s", "169h", "5 s", "1e3s"})
        BOOST_CHECK_THROW(parse_duration(bad), UsageError);
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
