#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <set>

#include "migrator/checker.hpp"
#include "migrator/loader.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace bdata = boost::unit_test::data;

namespace {

CheckReport check(Target const& target, std::filesystem::path const& dir, bool update = false,
                  std::optional<std::string> live = std::nullopt) {
    CheckRequest req;
    req.migrations_dir = dir / "migrations";
    req.snapshot_dir = dir / "schema";
    req.dialects = {target.dialect};
    req.version_table = QualifiedName::parse("schema_version", false);
    if (live)
        req.database = DatabaseUrl::parse(*live);
    else if (target.dialect == "postgresql")
        req.database = DatabaseUrl::parse(std::getenv("MIGRATOR_TEST_PG_URL"));
    req.live = live.has_value(); // the test server's maintenance database is only a server here
    req.update_snapshot = update;
    return Checker(registry()).run(req);
}

std::string describe(CheckReport const& r) {
    std::string out;
    for (auto const& f : r.findings)
        out += f.kind + " " + f.migration + ": " + f.message + "\n" + f.diff;
    return out;
}

// A base set of two migrations, plus whatever a case plants.
void base_set(std::filesystem::path const& dir) {
    write_migration(dir / "migrations", "1_users",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n", "DROP TABLE users;\n");
    write_migration(dir / "migrations", "2_posts",
                    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n"
                    "CREATE INDEX posts_user_idx ON posts (user_id);\n",
                    "DROP INDEX posts_user_idx;\nDROP TABLE posts;\n");
}

bool any(CheckReport const& r, std::string const& kind, std::string const& migration,
         std::string const& in_diff) {
    for (auto const& f : r.findings)
        if (f.kind == kind && f.migration == migration && f.diff.find(in_diff) != std::string::npos)
            return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_DATA_TEST_CASE(shipped_set_is_clean_against_its_committed_snapshot, bdata::make(dialects_under_test()),
                     target) {
    TempDir dir;
    std::filesystem::copy(shipped_migrations(), dir / "migrations", std::filesystem::copy_options::recursive);
    std::filesystem::copy(shipped_migrations().parent_path() / "schema", dir / "schema",
                          std::filesystem::copy_options::recursive);
    auto const report = check(target, dir.path());
    BOOST_TEST(report.clean(), describe(report));
    BOOST_TEST(report.dialects.at(0).migrations == 8);
}

BOOST_DATA_TEST_CASE(dump_is_deterministic, bdata::make(dialects_under_test()), target) {
    ScratchDatabase a(target), b(target);
    auto const set = load(shipped_migrations(), a.dialect());
    run_up(a, set);
    run_up(b, set);
    auto const table = QualifiedName::parse("schema_version", false);
    std::string const first = render_schema(a.dialect().inspect_schema(a.session(), table));
    BOOST_TEST(first == render_schema(a.dialect().inspect_schema(a.session(), table))); // dumped twice
    BOOST_TEST(first == render_schema(b.dialect().inspect_schema(b.session(), table))); // built twice
    BOOST_TEST(first.find("schema_version") == std::string::npos); // the version table is left out
    BOOST_TEST(first.find("table users\n") != std::string::npos);
}

BOOST_DATA_TEST_CASE(down_that_leaves_a_column_behind, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_bio", "ALTER TABLE users ADD COLUMN bio TEXT;\n", "SELECT 1;\n");
    auto const r = check(target, dir.path());
    BOOST_TEST(any(r, "round_trip", "3_bio", "column bio text"), describe(r));
}

BOOST_DATA_TEST_CASE(down_that_leaves_an_index_behind, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_index", "CREATE INDEX users_name_idx ON users (name);\n",
                    "SELECT 1;\n");
    auto const r = check(target, dir.path());
    BOOST_TEST(any(r, "round_trip", "3_index", "+ index users_name_idx on users (name)"), describe(r));
}

BOOST_DATA_TEST_CASE(down_that_leaves_a_table_behind, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_table", "CREATE TABLE tags (id INTEGER);\n", "SELECT 1;\n");
    auto const r = check(target, dir.path());
    BOOST_TEST(any(r, "round_trip", "3_table", "+ table tags"), describe(r));
    // the up again then fails on the leftover table: a finding (exit 3), not an error
    bool failed_again = false;
    for (auto const& f : r.findings)
        if (f.migration == "3_table" && f.message.find("up after down failed") != std::string::npos)
            failed_again = true;
    BOOST_TEST(failed_again, describe(r));
}

BOOST_DATA_TEST_CASE(down_that_drops_one_table_too_many, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_likes", "CREATE TABLE likes (id INTEGER);\n",
                    "DROP TABLE likes;\nDROP INDEX posts_user_idx;\nDROP TABLE posts;\n");
    auto const r = check(target, dir.path());
    BOOST_TEST(any(r, "round_trip", "3_likes", "- table posts"), describe(r));
}

BOOST_DATA_TEST_CASE(drift_after_an_up_is_edited, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    BOOST_TEST(check(target, dir.path(), true).clean());
    BOOST_TEST(check(target, dir.path()).clean());
    write_migration(dir / "migrations", "1_users",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n",
                    "DROP TABLE users;\n");
    auto const r = check(target, dir.path());
    BOOST_REQUIRE_EQUAL(r.findings.size(), 1u);
    BOOST_TEST(r.findings[0].kind == "drift");
    BOOST_TEST(r.findings[0].diff.find("+   column age integer") != std::string::npos, r.findings[0].diff);
}

BOOST_DATA_TEST_CASE(live_database_changed_and_missing, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    BOOST_TEST(check(target, dir.path(), true).clean());
    ScratchDatabase live(target);
    run_up(live, load(dir / "migrations", live.dialect()));
    BOOST_TEST(check(target, dir.path(), false, live.url()).clean(),
               describe(check(target, dir.path(), false, live.url())));
    live.execute("CREATE TABLE hotfix (id INTEGER)"); // production drift
    std::ofstream(dir / "migrations/1_users/up.sql", std::ios::app) << "-- edited after it was applied\n";
    std::filesystem::rename(dir / "migrations/2_posts", dir / "gone");
    write_migration(dir / "migrations", "2_posts_renamed",
                    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n"
                    "CREATE INDEX posts_user_idx ON posts (user_id);\n",
                    "DROP INDEX posts_user_idx;\nDROP TABLE posts;\n");
    std::filesystem::rename(dir / "migrations/2_posts_renamed", dir / "migrations/3_posts");
    auto const r = check(target, dir.path(), false, live.url());
    std::set<std::string> kinds;
    for (auto const& f : r.findings)
        kinds.insert(f.kind);
    BOOST_TEST(kinds.count("changed"), describe(r));
    BOOST_TEST(kinds.count("missing"), describe(r));
}

BOOST_DATA_TEST_CASE(live_schema_drift, bdata::make(dialects_under_test()), target) {
    TempDir dir;
    base_set(dir.path());
    BOOST_TEST(check(target, dir.path(), true).clean());
    ScratchDatabase live(target);
    run_up(live, load(dir / "migrations", live.dialect()));
    live.execute("CREATE TABLE hotfix (id INTEGER)");
    auto const r = check(target, dir.path(), false, live.url());
    BOOST_REQUIRE_EQUAL(r.findings.size(), 1u);
    BOOST_TEST(r.findings[0].kind == "live_drift");
    BOOST_TEST(r.findings[0].diff.find("+ table hotfix") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
