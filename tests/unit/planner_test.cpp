#include <boost/test/unit_test.hpp>

#include "migrator/errors.hpp"
#include "migrator/planner.hpp"
#include "migrator/runner.hpp"
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
    m.up = {m.folder + "/up.sql", "CREATE TABLE t" + std::to_string(v) + " (x INT);\n",
            "sum" + std::to_string(v)};
    m.down = {m.folder + "/down.sql", "DROP TABLE t" + std::to_string(v) + ";\n", "down" + std::to_string(v)};
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
        rows.push_back({Version{v}, "m" + std::to_string(v), "sum" + std::to_string(v), "", "", 0, false, 0});
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
    // ScriptSink output: what `up --sql` prints, without a database.
    std::vector<Migration> ms{migration(1), migration(2, true, false)};
    MigrationSet const set(std::move(ms));
    Runner runner(test::registry().get("sqlite"), nullptr, QualifiedName::parse("schema_version", false),
                  std::chrono::seconds(1));
    auto const sql = runner.up_sql(set, std::nullopt).sql;
    BOOST_REQUIRE_EQUAL(sql.size(), 8u);
    BOOST_TEST(sql[0].find("CREATE TABLE IF NOT EXISTS \"schema_version\"") == 0u);
    BOOST_TEST(sql[1] == "BEGIN IMMEDIATE;");
    BOOST_TEST(sql[2] == "-- 1_m1 (up, up.sql)\nCREATE TABLE t1 (x INT);\n");
    BOOST_TEST(sql[3].find("INSERT INTO \"schema_version\" (version, name, checksum") == 0u);
    BOOST_TEST(sql[3].find("VALUES (1, 'm1', 'sum1', ") != std::string::npos);
    BOOST_TEST(sql[4] == "COMMIT;");
    BOOST_TEST(sql[5].find("TRUE, 0);") != std::string::npos); // non-transactional: dirty row first
    BOOST_TEST(sql[7] == "UPDATE \"schema_version\" SET dirty = FALSE, execution_ms = 0 WHERE version = 2;");
}

BOOST_AUTO_TEST_SUITE_END()
