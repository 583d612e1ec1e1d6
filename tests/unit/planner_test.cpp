#include <boost/test/unit_test.hpp>

#include "engine/executor.hpp"
#include "engine/planner.hpp"
#include "migrator/errors.hpp"
#include "test_support.hpp"

using namespace migrator;

namespace {
Migration migration(std::int64_t v, bool for_dialect = true, bool transactional = true) {
    Migration m;
    m.version = Version{v};
    m.name = "m" + std::to_string(v);
    m.folder = std::to_string(v) + "_" + m.name;
    m.for_this_dialect = for_dialect;
    m.transactional = transactional;
    std::string const up = "CREATE TABLE t" + std::to_string(v) + " (x INT)";
    std::string const down = "DROP TABLE t" + std::to_string(v);
    m.up = {m.folder + "/up.sql", up + ";\n", "sum" + std::to_string(v), {{up, 0, 1}}};
    m.down = {m.folder + "/down.sql", down + ";\n", "down" + std::to_string(v), {{down, 0, 1}}};
    return m;
}

MigrationSet set_of(std::vector<std::int64_t> versions) {
    std::vector<Migration> ms;
    for (auto v : versions)
        ms.push_back(migration(v));
    return MigrationSet(std::move(ms));
}

std::vector<AppliedRow> applied(std::vector<std::int64_t> versions) {
    std::vector<AppliedRow> rows;
    for (auto v : versions)
        rows.push_back({Version{v},
                        "m" + std::to_string(v),
                        "sum" + std::to_string(v),
                        "",
                        "",
                        0,
                        false,
                        0,
                        {},
                        {},
                        {},
                        {}});
    return rows;
}

std::vector<std::int64_t> versions(Plan const& p) {
    std::vector<std::int64_t> out;
    for (auto const& s : p.steps)
        out.push_back(s.migration->version.value);
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(planner)

BOOST_AUTO_TEST_CASE(up_applies_pending_in_order) {
    auto const set = set_of({1, 2, 3, 4});
    BOOST_TEST(versions(Planner::plan_up(set, applied({1, 2}), std::nullopt)) ==
               (std::vector<std::int64_t>{3, 4}));
    BOOST_TEST(versions(Planner::plan_up(set, applied({}), Version{2})) == (std::vector<std::int64_t>{1, 2}));
    BOOST_TEST(Planner::plan_up(set, applied({1, 2, 3, 4}), std::nullopt).steps.empty());
}

BOOST_AUTO_TEST_CASE(up_to_a_version_outside_the_set_is_a_usage_error) {
    auto const set = set_of({1, 2});
    BOOST_CHECK_THROW(Planner::plan_up(set, applied({}), Version{7}), UsageError);
}

BOOST_AUTO_TEST_CASE(down_targets) {
    auto const set = set_of({1, 2, 3, 4});
    auto const rows = applied({1, 2, 3, 4});
    BOOST_TEST(versions(Planner::plan_down(set, rows, {})) == (std::vector<std::int64_t>{4}));
    BOOST_TEST(versions(Planner::plan_down(set, rows, {DownTarget::Kind::steps, 2, {}})) ==
               (std::vector<std::int64_t>{4, 3}));
    // --to V leaves V applied
    BOOST_TEST(versions(Planner::plan_down(set, rows, {DownTarget::Kind::to, 0, Version{2}})) ==
               (std::vector<std::int64_t>{4, 3}));
    BOOST_TEST(versions(Planner::plan_down(set, rows, {DownTarget::Kind::to, 0, Version{0}})).size() == 4u);
    BOOST_TEST(versions(Planner::plan_down(set, rows, {DownTarget::Kind::all, 0, {}})) ==
               (std::vector<std::int64_t>{4, 3, 2, 1}));
    BOOST_TEST(Planner::plan_down(set, applied({}), {}).steps.empty()); // plain down on nothing: no-op
}

BOOST_AUTO_TEST_CASE(down_beyond_the_set_is_a_usage_error) {
    auto const set = set_of({1, 2});
    BOOST_CHECK_THROW(Planner::plan_down(set, applied({1, 2}), {DownTarget::Kind::steps, 3, {}}), UsageError);
    BOOST_CHECK_THROW(Planner::plan_down(set, applied({1, 2}), {DownTarget::Kind::steps, 0, {}}), UsageError);
    BOOST_CHECK_THROW(Planner::plan_down(set, applied({1, 2}), {DownTarget::Kind::to, 0, Version{9}}),
                      UsageError);
    // an applied row whose folder is gone cannot be reverted
    BOOST_CHECK_THROW(Planner::plan_down(set, applied({1, 2, 3}), {}), UsageError);
}

BOOST_AUTO_TEST_CASE(problems_are_values) {
    auto const set = set_of({1, 2, 3, 5});
    auto rows = applied({1, 2, 4, 5});
    rows[1].checksum = "edited";
    rows[3].dirty = true;
    auto const p = Planner::inspect(set, rows);
    BOOST_REQUIRE_EQUAL(p.changed.size(), 1u);
    BOOST_TEST(p.changed[0].migration->version.value == 2);
    BOOST_REQUIRE_EQUAL(p.missing.size(), 1u);
    BOOST_TEST(p.missing[0].version.value == 4);
    BOOST_REQUIRE_EQUAL(p.out_of_order.size(), 1u);
    BOOST_TEST(p.out_of_order[0]->version.value == 3);
    BOOST_REQUIRE_EQUAL(p.dirty.size(), 1u);
    BOOST_TEST(Planner::inspect(set_of({1, 2}), applied({1, 2})).empty());
}

BOOST_AUTO_TEST_CASE(migrations_for_other_dialects_are_skipped_not_applied) {
    std::vector<Migration> ms{migration(1), migration(2, false), migration(3)};
    MigrationSet const set(std::move(ms));
    auto const plan = Planner::plan_up(set, applied({}), std::nullopt);
    BOOST_TEST(versions(plan) == (std::vector<std::int64_t>{1, 3}));
    BOOST_REQUIRE_EQUAL(plan.skipped.size(), 1u);
    BOOST_TEST(Planner::inspect(set, applied({1, 3})).out_of_order.empty()); // 2 is not pending
}

BOOST_AUTO_TEST_CASE(offline_sql_includes_version_table_writes) {
    // ScriptSink output: what `up --sql` prints, without a database. The executor is the one a
    // live run uses, so the version table is created in a transaction, and a non-transactional
    // migration gets its dirty row, one progress update per statement, and the clean row.
    std::vector<Migration> ms{migration(1), migration(2, true, false)};
    MigrationSet const set(std::move(ms));
    auto const& dialect = test::registry().get("sqlite");
    VersionStore store(dialect, QualifiedName::parse("schema_version", false));
    ScriptSink sink(dialect);
    RunControl control;
    Observer quiet;
    Executor(nullptr, sink, false, store, quiet, control).up(set, {});
    auto const& sql = sink.statements();
    BOOST_REQUIRE_EQUAL(sql.size(), 15u);
    BOOST_TEST(sql[0] == "BEGIN IMMEDIATE;");
    BOOST_TEST(sql[1].find("CREATE TABLE IF NOT EXISTS \"schema_version\"") == 0u);
    BOOST_TEST(sql[2] == "COMMIT;");
    BOOST_TEST(sql[3] == "BEGIN IMMEDIATE;");
    BOOST_TEST(sql[4] == "-- 1_m1 (up, up.sql)");
    BOOST_TEST(sql[5] == "CREATE TABLE t1 (x INT);");
    BOOST_TEST(sql[6].find("INSERT INTO \"schema_version\" (version, name, checksum") == 0u);
    BOOST_TEST(sql[6].find("VALUES (1, 'm1', 'sum1', ") != std::string::npos);
    BOOST_TEST(sql[7] == "COMMIT;");
    BOOST_TEST(sql[8] == "BEGIN IMMEDIATE;"); // non-transactional: the dirty row first, committed
    BOOST_TEST(sql[9].find("TRUE, 0, 'up');") != std::string::npos);
    BOOST_TEST(sql[10] == "COMMIT;");
    BOOST_TEST(sql[11] == "-- 2_m2 (up, up.sql, no transaction)");
    BOOST_TEST(sql[12] == "CREATE TABLE t2 (x INT);");
    BOOST_TEST(sql[13] == "UPDATE \"schema_version\" SET dirty = TRUE, statements_done = 1, direction = 'up' "
                          "WHERE version = 2;");
    BOOST_TEST(sql[14] ==
               "UPDATE \"schema_version\" SET dirty = FALSE, statements_done = 0, direction = 'up', "
               "execution_ms = 0 WHERE version = 2;");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(up_steps_takes_the_first_n_pending) {
    auto const set = set_of({1, 2, 3, 4});
    BOOST_TEST(versions(Planner::plan_up(set, applied({1}), std::nullopt, 2)) ==
               (std::vector<std::int64_t>{2, 3}));
    BOOST_TEST(versions(Planner::plan_up(set, applied({1}), std::nullopt, 3)) ==
               (std::vector<std::int64_t>{2, 3, 4}));
    try {
        Planner::plan_up(set, applied({1}), std::nullopt, 4);
        BOOST_FAIL("4 steps over 3 pending");
    } catch (StepsOutOfRange const& e) {
        BOOST_TEST(e.asked() == 4);
        BOOST_TEST(e.available() == 3u);
        BOOST_TEST((e.direction() == Direction::up));
        BOOST_TEST(std::string(e.what()).find("3 pending migrations") != std::string::npos, e.what());
    }
    BOOST_CHECK_THROW(Planner::plan_up(set, applied({1}), std::nullopt, 0), StepsOutOfRange);
}

BOOST_AUTO_TEST_CASE(up_to_an_applied_version_behind_the_current_one_says_so) {
    auto const set = set_of({1, 2, 3, 4});
    Plan const behind = Planner::plan_up(set, applied({1, 2, 3, 4}), Version{2});
    BOOST_TEST(behind.steps.empty());
    BOOST_TEST(behind.target_behind_current);
    BOOST_TEST(!Planner::plan_up(set, applied({1, 2}), Version{2}).target_behind_current); // it is current
    BOOST_TEST(!Planner::plan_up(set, applied({1}), Version{3}).target_behind_current);
}

BOOST_AUTO_TEST_CASE(an_empty_up_is_never_planned_and_an_irreversible_one_never_reverted) {
    std::vector<Migration> ms{migration(1), migration(2), migration(3)};
    ms[1].up.statements.clear(); // freshly scaffolded
    ms[0].irreversible = true;
    MigrationSet const set(std::move(ms));
    BOOST_TEST(versions(Planner::plan_up(set, {}, Version{1})) == (std::vector<std::int64_t>{1}));
    BOOST_CHECK_THROW(Planner::plan_up(set, {}, std::nullopt), MigrationSetError);
    BOOST_TEST(versions(Planner::plan_down(set, applied({1, 3}), {DownTarget::Kind::steps, 1, {}})) ==
               (std::vector<std::int64_t>{3}));
    try {
        Planner::plan_down(set, applied({1, 3}), {DownTarget::Kind::all, 1, {}});
        BOOST_FAIL("an irreversible migration was planned for a down");
    } catch (IrreversibleMigration const& e) {
        BOOST_TEST(e.folder() == "1_m1");
        BOOST_TEST(static_cast<int>(e.exit_code()) == 2);
    }
}
