#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <set>

#include "check/checker.hpp"
#include "schema/schema_render.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {

// dir/migrations against dir/schema, on the dialect under test, with no live database.
CheckRequest request(std::filesystem::path const& dir) {
    CheckRequest req{MigrationSource::directory(dir / "migrations"), dir / "schema"};
    req.live = false; // the test server's maintenance database is only a server here
    req.dialects = {std::string(target().dialect->name())};
    req.version_table = QualifiedName::parse("schema_version", false);
    if (target().dialect->scratch_needs_server()) req.database = target().server;
    return req;
}

CheckReport check(std::filesystem::path const& dir, bool update = false,
                  std::optional<DatabaseUrl> live = std::nullopt) {
    CheckRequest req = request(dir);
    req.update_snapshot = update;
    if (live) {
        req.database = *live;
        req.live = true;
    }
    return Checker(*target().registry).run(req);
}

std::string describe(CheckReport const& r) {
    std::string out;
    for (auto const& f : r.findings)
        out += std::string(to_string(f.kind)) + " " + f.migration + ": " + f.message + "\n" + f.diff;
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
        if (to_string(f.kind) == kind && f.migration == migration &&
            f.diff.find(in_diff) != std::string::npos)
            return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_AUTO_TEST_CASE(shipped_set_is_clean_against_its_committed_snapshot) {
    TempDir dir;
    std::filesystem::copy(shipped_migrations(), dir / "migrations", std::filesystem::copy_options::recursive);
    std::filesystem::copy(shipped_migrations().parent_path() / "schema", dir / "schema",
                          std::filesystem::copy_options::recursive);
    auto const report = check(dir.path());
    BOOST_TEST(report.clean(), describe(report));
    BOOST_TEST(report.dialects.at(0).migrations == 8);
}

BOOST_AUTO_TEST_CASE(dump_is_deterministic) {
    ScratchDatabase a, b;
    auto const set = load(shipped_migrations(), a.dialect());
    run_up(a, set);
    run_up(b, set);
    std::string const first = a.dump();
    BOOST_TEST(first == a.dump());                                 // dumped twice
    BOOST_TEST(first == b.dump());                                 // built twice
    BOOST_TEST(first.find("schema_version") == std::string::npos); // the version table is left out
    BOOST_TEST(first.find("table users\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(down_that_leaves_a_column_behind) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_bio", "ALTER TABLE users ADD COLUMN bio TEXT;\n", "SELECT 1;\n");
    auto const r = check(dir.path());
    BOOST_TEST(any(r, "round_trip", "3_bio", "column bio text"), describe(r));
}

BOOST_AUTO_TEST_CASE(down_that_leaves_an_index_behind) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_index", "CREATE INDEX users_name_idx ON users (name);\n",
                    "SELECT 1;\n");
    auto const r = check(dir.path());
    BOOST_TEST(any(r, "round_trip", "3_index", "+ index users_name_idx on users (name)"), describe(r));
}

BOOST_AUTO_TEST_CASE(down_that_leaves_a_table_behind) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_table", "CREATE TABLE tags (id INTEGER);\n", "SELECT 1;\n");
    auto const r = check(dir.path());
    BOOST_TEST(any(r, "round_trip", "3_table", "+ table tags"), describe(r));
    // the up again then fails on the leftover table: a finding (exit 3), not an error
    bool failed_again = false;
    for (auto const& f : r.findings)
        if (f.migration == "3_table" && f.message.find("up after down failed") != std::string::npos)
            failed_again = true;
    BOOST_TEST(failed_again, describe(r));
}

// One run lists every defective down and the lint findings: the scratch database is rebuilt
// past each broken step. (4_drop_name re-adds its column last, where it was: no finding.)
BOOST_AUTO_TEST_CASE(one_run_reports_every_finding) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_tags", "CREATE TABLE tags (id INTEGER);\n", "SELECT 1;\n");
    write_migration(dir / "migrations", "4_drop_name", "ALTER TABLE users DROP COLUMN name;\n",
                    "ALTER TABLE users ADD COLUMN name TEXT;\n");
    write_migration(dir / "migrations", "5_bio", "ALTER TABLE posts ADD COLUMN bio TEXT;\n", "SELECT 2;\n");
    write_migration(dir / "migrations", "6_index", "CREATE INDEX users_id_idx ON users (id);\n",
                    "DROP INDEX users_id_idx;\n");
    BOOST_TEST(check(dir.path(), true).snapshot_files.size() == 1u);
    auto const r = check(dir.path());
    BOOST_TEST(any(r, "round_trip", "3_tags", "+ table tags"), describe(r));
    BOOST_TEST(any(r, "round_trip", "5_bio", "column bio text"), describe(r));
    bool lint = false;
    for (auto const& f : r.findings) {
        lint = lint || (f.kind == FindingKind::lint && f.migration == "6_index");
        BOOST_TEST(f.message.find(f.file + ":") == std::string::npos, f.message); // no path repeated
    }
    auto const& d = r.dialects.at(0);
    BOOST_TEST(d.failed == 2);     // 3_tags and 5_bio
    BOOST_TEST(d.migrations == 4); // 1, 2, 4 and 6 round-tripped
    BOOST_TEST(d.skipped == 0);
    BOOST_TEST(d.drift_skipped.empty());
    bool const has_lint = !target().dialect->lint(load(dir / "migrations", *target().dialect)).empty();
    BOOST_TEST(lint == has_lint, describe(r));
    BOOST_TEST(!r.parity_skipped.empty()); // one dialect: says why parity did not run
}

BOOST_AUTO_TEST_CASE(column_order_is_told_apart) {
    TempDir dir;
    write_migration(dir / "migrations", "1_users",
                    "CREATE TABLE users (id INTEGER, name TEXT, email TEXT);\n", "DROP TABLE users;\n");
    write_migration(dir / "migrations", "2_drop_name", "ALTER TABLE users DROP COLUMN name;\n",
                    "ALTER TABLE users ADD COLUMN name TEXT;\n");
    check(dir.path(), true);
    auto round_trips = [](CheckReport const& r) {
        std::vector<Finding> out;
        for (auto const& f : r.findings)
            if (f.kind == FindingKind::round_trip) out.push_back(f); // PostgreSQL's lint has its say too
        return out;
    };
    auto const r = round_trips(check(dir.path()));
    BOOST_REQUIRE(r.size() == 1u);
    BOOST_TEST(
        r[0].message.find("column order differs: table users: (id, name, email), now (id, email, name)") !=
            std::string::npos,
        r[0].message);
    BOOST_TEST(r[0].diff.empty()); // never a column both removed and added
    CheckRequest ignoring = request(dir.path());
    ignoring.ignore_column_order = true;
    BOOST_TEST(round_trips(Checker(*target().registry).run(ignoring)).empty());
}

// Old migrations' lint findings are left out without editing them (an edit changes checksums):
// lint.since, and an allow-list per version. Dialects without lint have nothing to leave out.
BOOST_AUTO_TEST_CASE(lint_leaves_history_alone) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_index", "CREATE INDEX users_name_idx ON users (name);\n",
                    "DROP INDEX users_name_idx;\n");
    write_migration(dir / "migrations", "4_index", "CREATE INDEX posts_id_idx ON posts (id);\n",
                    "DROP INDEX posts_id_idx;\n");
    auto lints = [&](std::optional<Version> since, std::map<std::int64_t, std::vector<std::string>> allow) {
        CheckRequest req = request(dir.path());
        req.lint_since = since;
        req.lint_allow = std::move(allow);
        std::set<std::string> migrations;
        for (auto const& f : Checker(*target().registry).run(req).findings)
            if (f.kind == FindingKind::lint) migrations.insert(f.migration + " " + f.rule);
        return migrations;
    };
    auto const all = lints(std::nullopt, {});
    if (target().dialect->lint(load(dir / "migrations", *target().dialect)).empty()) {
        BOOST_TEST(all.empty());
        return;
    }
    BOOST_TEST(all.count("3_index index-not-concurrent") == 1u);
    BOOST_TEST(all.count("4_index index-not-concurrent") == 1u);
    auto const since = lints(Version{3}, {});
    BOOST_TEST(since.count("3_index index-not-concurrent") == 0u);
    BOOST_TEST(since.count("4_index index-not-concurrent") == 1u);
    auto const allowed = lints(std::nullopt, {{4, {"index-not-concurrent"}}});
    BOOST_TEST(allowed.count("3_index index-not-concurrent") == 1u);
    BOOST_TEST(allowed.count("4_index index-not-concurrent") == 0u);
}

BOOST_AUTO_TEST_CASE(an_up_that_fails_skips_the_rest_and_says_why_drift_did_not_run) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_broken", "INSERT INTO no_such_table VALUES (1);\n", "SELECT 1;\n");
    write_migration(dir / "migrations", "4_later", "CREATE TABLE later (id INTEGER);\n",
                    "DROP TABLE later;\n");
    auto const r = check(dir.path());
    auto const& d = r.dialects.at(0);
    BOOST_TEST(d.failed == 1);
    BOOST_TEST(d.skipped == 1);
    BOOST_TEST(d.migrations == 2);
    BOOST_TEST(d.drift_skipped.find("3_broken's up failed") != std::string::npos, d.drift_skipped);
    bool found = false;
    for (auto const& f : r.findings)
        if (f.migration == "3_broken") {
            found = true;
            BOOST_TEST(f.line == 1);
            BOOST_TEST(f.message.rfind("up failed: statement 1: ", 0) == 0, f.message);
        }
    BOOST_TEST(found, describe(r));
}

BOOST_AUTO_TEST_CASE(down_that_drops_one_table_too_many) {
    TempDir dir;
    base_set(dir.path());
    write_migration(dir / "migrations", "3_likes", "CREATE TABLE likes (id INTEGER);\n",
                    "DROP TABLE likes;\nDROP INDEX posts_user_idx;\nDROP TABLE posts;\n");
    auto const r = check(dir.path());
    BOOST_TEST(any(r, "round_trip", "3_likes", "- table posts"), describe(r));
}

BOOST_AUTO_TEST_CASE(drift_after_an_up_is_edited) {
    TempDir dir;
    base_set(dir.path());
    BOOST_TEST(check(dir.path(), true).clean());
    BOOST_TEST(check(dir.path()).clean());
    write_migration(dir / "migrations", "1_users",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n",
                    "DROP TABLE users;\n");
    auto const r = check(dir.path());
    BOOST_REQUIRE_EQUAL(r.findings.size(), 1u);
    BOOST_TEST((r.findings[0].kind == FindingKind::drift));
    BOOST_TEST(r.findings[0].diff.find("+   column age integer") != std::string::npos, r.findings[0].diff);
}

BOOST_AUTO_TEST_CASE(live_database_changed_and_missing) {
    TempDir dir;
    base_set(dir.path());
    BOOST_TEST(check(dir.path(), true).clean());
    ScratchDatabase live;
    run_up(live, load(dir / "migrations", live.dialect()));
    BOOST_TEST(check(dir.path(), false, live.url()).clean(), describe(check(dir.path(), false, live.url())));
    live.execute("CREATE TABLE hotfix (id INTEGER)"); // production drift
    std::ofstream(dir / "migrations/1_users/up.sql", std::ios::app) << "-- edited after it was applied\n";
    std::filesystem::rename(dir / "migrations/2_posts", dir / "gone");
    write_migration(dir / "migrations", "2_posts_renamed",
                    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n"
                    "CREATE INDEX posts_user_idx ON posts (user_id);\n",
                    "DROP INDEX posts_user_idx;\nDROP TABLE posts;\n");
    std::filesystem::rename(dir / "migrations/2_posts_renamed", dir / "migrations/3_posts");
    auto const r = check(dir.path(), false, live.url());
    std::set<std::string> kinds;
    for (auto const& f : r.findings)
        kinds.insert(std::string(to_string(f.kind)));
    BOOST_TEST(kinds.count("changed"), describe(r));
    BOOST_TEST(kinds.count("missing"), describe(r));
}

BOOST_AUTO_TEST_CASE(live_schema_drift) {
    TempDir dir;
    base_set(dir.path());
    BOOST_TEST(check(dir.path(), true).clean());
    ScratchDatabase live;
    run_up(live, load(dir / "migrations", live.dialect()));
    live.execute("CREATE TABLE hotfix (id INTEGER)");
    auto const r = check(dir.path(), false, live.url());
    BOOST_REQUIRE_EQUAL(r.findings.size(), 1u);
    BOOST_TEST((r.findings[0].kind == FindingKind::live_drift));
    BOOST_TEST(r.findings[0].diff.find("+ table hotfix") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
