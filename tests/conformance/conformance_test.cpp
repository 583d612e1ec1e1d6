#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <thread>

#include "migrator/errors.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {
std::vector<std::string> const shipped_tables = {"comments",  "followers",      "group_members",
                                                 "groups",    "messages",       "posts",
                                                 "reactions", "schema_version", "users"};
std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> out;
    for (auto v = from; v <= to; ++v)
        out.push_back(v);
    return out;
}

// Three small migrations; the second fails on its second statement.
void write_failing_set(std::filesystem::path const& dir) {
    write_migration(dir, "1_first", "CREATE TABLE first_table (id INTEGER PRIMARY KEY);\n",
                    "DROP TABLE first_table;\n");
    write_migration(dir, "2_broken",
                    "CREATE TABLE half_created (id INTEGER PRIMARY KEY);\n"
                    "INSERT INTO no_such_table VALUES (1);\n",
                    "DROP TABLE half_created;\n");
    write_migration(dir, "3_third", "CREATE TABLE third_table (id INTEGER PRIMARY KEY);\n",
                    "DROP TABLE third_table;\n");
}
} // namespace

BOOST_AUTO_TEST_SUITE(conformance)

// Versions of different widths order as numbers everywhere: PostgreSQL once read the version
// table sorted by the text of the version, and `down` reverted 9 when 10 was the newest.
BOOST_AUTO_TEST_CASE(versions_order_as_numbers_in_the_version_table) {
    TempDir dir;
    write_migration(dir.path(), "9_nine", "CREATE TABLE nine (id INTEGER);\n", "DROP TABLE nine;\n");
    write_migration(dir.path(), "10_ten", "CREATE TABLE ten (id INTEGER);\n", "DROP TABLE ten;\n");
    write_migration(dir.path(), "100_hundred", "CREATE TABLE hundred (id INTEGER);\n",
                    "DROP TABLE hundred;\n");
    ScratchDatabase db;
    auto const set = load(dir.path(), db.dialect());
    run_up(db, set);
    BOOST_TEST(db.applied_versions() == (std::vector<std::int64_t>{9, 10, 100}),
               boost::test_tools::per_element());
    auto const down = run_down(db, set, {DownTarget::Kind::last, 0, {}});
    BOOST_REQUIRE(down.steps.size() == 1u);
    BOOST_TEST(down.steps[0].migration->version.value == 100);
    run_down(db, set, {DownTarget::Kind::last, 0, {}});
    BOOST_TEST(db.tables() == (std::vector<std::string>{"nine", "schema_version"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shipped_set_applies_and_rolls_back) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    auto const result = run_up(db, set);
    BOOST_TEST(result.steps.size() == 8u);
    BOOST_TEST(db.tables() == shipped_tables, boost::test_tools::per_element());
    BOOST_TEST(db.applied_versions() == range(1, 8), boost::test_tools::per_element());
    BOOST_TEST(run_up(db, set).steps.empty()); // a second up has nothing to do
    run_down(db, set, {DownTarget::Kind::all, 0, {}});
    BOOST_TEST(db.tables() == std::vector<std::string>{"schema_version"}, boost::test_tools::per_element());
    BOOST_TEST(db.applied_versions().empty());
}

BOOST_AUTO_TEST_CASE(shipped_constraints_hold) {
    ScratchDatabase db;
    run_up(db, load(shipped_migrations(), db.dialect()));
    db.execute("INSERT INTO users (id, username, email) VALUES (1, 'ada', 'ada@example.org')");
    db.execute("INSERT INTO posts (id, user_id, content) VALUES (1, 1, 'hello')");
    db.execute("INSERT INTO reactions (user_id, post_id, reaction) VALUES (1, 1, 'LOVE')");
    BOOST_CHECK_THROW(db.execute("INSERT INTO reactions (user_id, post_id, reaction) VALUES (1, 1, 'LIKE')"),
                      DatabaseError); // one reaction per user and post
    BOOST_CHECK_THROW(db.execute("INSERT INTO users (username, email) VALUES ('ada', 'other@example.org')"),
                      DatabaseError); // unique username
    db.execute("INSERT INTO users (id, username, email) VALUES (2, 'bob', 'bob@example.org')");
    BOOST_CHECK_THROW(db.execute("INSERT INTO reactions (user_id, post_id, reaction) VALUES (2, 1, 'like')"),
                      DatabaseError); // kinds are upper-case, compared case-sensitively
    BOOST_CHECK_THROW(db.execute("INSERT INTO followers (follower_id, followed_id) VALUES (1, 1)"),
                      DatabaseError);
    db.execute("INSERT INTO followers (follower_id, followed_id) VALUES (1, 2)");
    db.execute("INSERT INTO \"groups\" (id, name) VALUES (1, 'chess')");
    db.execute("INSERT INTO group_members (group_id, user_id) VALUES (1, 2)");
}

BOOST_AUTO_TEST_CASE(targets_and_steps) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    run_up(db, set, Version{3});
    BOOST_TEST(db.applied_versions() == range(1, 3), boost::test_tools::per_element());
    BOOST_TEST(db.has_table("followers"));
    BOOST_TEST(!db.has_table("comments"));
    run_down(db, set, {}); // default: one step
    BOOST_TEST(db.applied_versions() == range(1, 2), boost::test_tools::per_element());
    run_up(db, set);
    run_down(db, set, {DownTarget::Kind::steps, 3, {}});
    BOOST_TEST(db.applied_versions() == range(1, 5), boost::test_tools::per_element());
    run_down(db, set, {DownTarget::Kind::to, 0, Version{2}}); // 2 stays applied
    BOOST_TEST(db.applied_versions() == range(1, 2), boost::test_tools::per_element());
    BOOST_CHECK_THROW(run_down(db, set, {DownTarget::Kind::steps, 3, {}}), UsageError);
    BOOST_CHECK_THROW(run_up(db, set, Version{99}), UsageError);
    BOOST_TEST(db.applied_versions() == range(1, 2), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failing_migration_rolls_back_whole) {
    ScratchDatabase db;
    TempDir dir;
    write_failing_set(dir.path());
    auto const set = load(dir.path(), db.dialect());
    try {
        run_up(db, set);
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(e.path() == (dir / "2_broken/up.sql").string());
        BOOST_TEST(e.line() == 2);
        BOOST_TEST(e.statement() == 2);
        BOOST_TEST(e.db_message().find("no_such_table") != std::string::npos);
        BOOST_TEST(static_cast<int>(e.exit_code()) == 1);
    }
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1}, boost::test_tools::per_element());
    BOOST_TEST(db.has_table("first_table"));   // earlier migrations stay applied
    BOOST_TEST(!db.has_table("half_created")); // the first statement rolled back too
    BOOST_TEST(!db.has_table("third_table"));  // the run stopped
}

BOOST_AUTO_TEST_CASE(failing_down_rolls_back_whole) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n",
                    "DROP TABLE b;\nDROP TABLE no_such_table;\n");
    auto const set = load(dir.path(), db.dialect());
    run_up(db, set);
    BOOST_CHECK_THROW(run_down(db, set, {}), ScriptError);
    BOOST_TEST(db.has_table("b"));
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(changed_checksum_is_refused) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INTEGER);\n", "DROP TABLE a;\n");
    run_up(db, load(dir.path(), db.dialect()));
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INTEGER, x INTEGER);\n", "DROP TABLE a;\n");
    write_migration(dir.path(), "2_b", "CREATE TABLE b (id INTEGER);\n", "DROP TABLE b;\n");
    auto const edited = load(dir.path(), db.dialect());
    BOOST_CHECK_THROW(run_up(db, edited), CheckFailed);
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1}, boost::test_tools::per_element());
    UpOptions allow;
    allow.allow_changed = true;
    run_up(db, edited, std::nullopt, allow);
    BOOST_TEST(db.applied_versions() == range(1, 2), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(out_of_order_is_refused) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INTEGER);\n", "DROP TABLE a;\n");
    write_migration(dir.path(), "3_c", "CREATE TABLE c (id INTEGER);\n", "DROP TABLE c;\n");
    run_up(db, load(dir.path(), db.dialect()));
    write_migration(dir.path(), "2_b", "CREATE TABLE b (id INTEGER);\n", "DROP TABLE b;\n");
    auto const merged = load(dir.path(), db.dialect());
    BOOST_CHECK_THROW(run_up(db, merged), CheckFailed);
    UpOptions allow;
    allow.allow_out_of_order = true;
    run_up(db, merged, std::nullopt, allow);
    BOOST_TEST(db.applied_versions() == range(1, 3), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(concurrent_runners_apply_each_migration_once) {
    for (int runners : {2, 8}) {
        ScratchDatabase db;
        auto const set = load(shipped_migrations(), db.dialect());
        std::vector<std::thread> threads;
        std::vector<std::string> errors(static_cast<std::size_t>(runners));
        std::atomic<int> applied{0};
        for (int i = 0; i < runners; ++i)
            threads.emplace_back([&, i] {
                try {
                    for (auto const& step : run_up(db, set).steps)
                        if (step.outcome == Outcome::applied) ++applied;
                } catch (std::exception const& e) {
                    errors[static_cast<std::size_t>(i)] = e.what();
                }
            });
        for (auto& t : threads)
            t.join();
        for (auto const& e : errors)
            BOOST_TEST(e.empty(), "runner failed: " << e);
        BOOST_TEST(applied.load() == 8, runners << " runners applied " << applied.load() << " migrations");
        BOOST_TEST(db.applied_versions() == range(1, 8), boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(held_lock_times_out) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    run_up(db, set, Version{1}); // the version table exists
    auto holder = db.connect();
    auto const table = QualifiedName::parse("schema_version", false);
    // Whatever a dialect uses as its lock: a session lock, or the write lock of a transaction.
    BOOST_REQUIRE(holder->try_lock(table));
    holder->begin();
    holder->execute("CREATE TABLE held (id INTEGER)");
    auto const start = std::chrono::steady_clock::now();
    try {
        run_up(db, set, std::nullopt, {}, "schema_version", std::chrono::milliseconds(300));
        BOOST_FAIL("expected LockTimeout");
    } catch (LockTimeout const& e) {
        BOOST_TEST(static_cast<int>(e.exit_code()) == 4);
        // The holder is this process: its pid and host are named.
        if (target().names_lock_holder)
            BOOST_TEST(std::string(e.what()).find("pid " + std::to_string(getpid()) + " on ") !=
                           std::string::npos,
                       e.what());
    }
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(unusual_version_table_name) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    run_up(db, set, Version{2}, {}, "Odd_Version_Table");
    BOOST_TEST(db.applied_versions("Odd_Version_Table") == range(1, 2), boost::test_tools::per_element());
    BOOST_TEST(db.applied_versions("schema_version").empty());
    run_down(db, set, {DownTarget::Kind::all, 0, {}}, "Odd_Version_Table");
    BOOST_TEST(db.applied_versions("Odd_Version_Table").empty());
}

BOOST_AUTO_TEST_CASE(non_transactional_failure_leaves_a_dirty_row) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_a", "CREATE TABLE a (id INTEGER);\n", "DROP TABLE a;\n");
    write_migration(
        dir.path(), "2_nontx",
        "CREATE TABLE n1 (id INTEGER);\nCREATE TABLE n2 (id INTEGER);\nINSERT INTO nope VALUES (1);\n"
        "CREATE TABLE n4 (id INTEGER);\n",
        "DROP TABLE n2;\nDROP TABLE n1;\n", "transaction: false\n");
    auto const set = load(dir.path(), db.dialect());
    try {
        run_up(db, set);
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(e.statement() == 3);
        BOOST_TEST(e.line() == 3);
    }
    auto rows = db.query(
        "SELECT CASE WHEN dirty THEN 1 ELSE 0 END, statements_done FROM schema_version WHERE version = 2");
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0][0] == "1");
    BOOST_TEST(rows[0][1] == "2");
    BOOST_TEST(db.has_table("n2")); // statements before the failure stay: no transaction

    try { // up refuses while a row is dirty, naming the version
        run_up(db, set);
        BOOST_FAIL("expected a DatabaseError");
    } catch (DatabaseError const& e) {
        BOOST_TEST(std::string(e.what()).find("version 2 (nontx) is dirty") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find("after 2 statement") != std::string::npos, e.what());
    }

    BOOST_CHECK_THROW(run_repair(db, Version{1}, false), UsageError); // not dirty
    run_repair(db, Version{2}, false);
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1}, boost::test_tools::per_element());
    // Fixed so that it can run again from the start; then it applies.
    write_migration(
        dir.path(), "2_nontx",
        "CREATE TABLE IF NOT EXISTS n1 (id INTEGER);\nCREATE TABLE IF NOT EXISTS n2 (id INTEGER);\n"
        "CREATE TABLE n4 (id INTEGER);\n",
        "DROP TABLE n4;\nDROP TABLE n2;\nDROP TABLE n1;\n", "transaction: false\n");
    run_up(db, load(dir.path(), db.dialect()));
    BOOST_TEST(db.applied_versions() == range(1, 2), boost::test_tools::per_element());

    // --mark-applied: the rest of a stopped migration was finished by hand.
    write_migration(dir.path(), "3_nontx", "CREATE TABLE m1 (id INTEGER);\nINSERT INTO nope VALUES (1);\n",
                    "DROP TABLE m1;\n", "transaction: false\n");
    auto const third = load(dir.path(), db.dialect());
    BOOST_CHECK_THROW(run_up(db, third), ScriptError);
    run_repair(db, Version{3}, true);
    rows = db.query("SELECT CASE WHEN dirty THEN 1 ELSE 0 END FROM schema_version WHERE version = 3");
    BOOST_TEST(rows.at(0).at(0) == "0");
    BOOST_TEST(run_up(db, third).steps.empty());
    run_down(db, third, {DownTarget::Kind::all, 0, {}}); // non-transactional downs work too
    BOOST_TEST(db.tables() == std::vector<std::string>{"schema_version"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dry_run_changes_nothing) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    UpOptions dry;
    dry.dry_run = true;
    auto const result = run_up(db, set, std::nullopt, dry);
    BOOST_TEST(result.steps.size() == 8u);
    BOOST_TEST((result.steps[0].outcome == Outcome::would_apply));
    BOOST_TEST(db.tables().empty());
}

BOOST_AUTO_TEST_SUITE_END()
