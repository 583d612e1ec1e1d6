// Issue 11's library side, on every dialect: up --steps, an accepted checksum, baseline rows
// marked as such, irreversible migrations, and schema_sql() that loads back to the same schema.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;

namespace {

Migrator open(ScratchDatabase& db, fs::path const& dir) {
    return Migrator::open(*target().registry, db.cli_url(), MigrationSource::directory(dir));
}

void three_tables(fs::path const& dir) {
    for (auto const* name : {"1_a", "2_b", "3_c"}) {
        std::string const table = std::string("t_") + name[2];
        write_migration(dir, name, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY);\n",
                        "DROP TABLE " + table + ";\n");
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(front_door)

BOOST_AUTO_TEST_CASE(up_takes_a_number_of_steps) {
    ScratchDatabase db;
    TempDir dir;
    three_tables(dir.path());
    auto m = open(db, dir.path());
    UpOptions two;
    two.steps = 2;
    BOOST_TEST(m.up(two).changed() == 2);
    BOOST_TEST(db.applied_versions() == (std::vector<std::int64_t>{1, 2}));
    BOOST_CHECK_THROW(m.up(two), StepsOutOfRange);
    BOOST_TEST(db.applied_versions() == (std::vector<std::int64_t>{1, 2}));
    UpOptions behind;
    behind.to = Version{1};
    RunReport const r = m.up(behind);
    BOOST_TEST(r.changed() == 0);
    BOOST_TEST(r.target_behind_current);
}

BOOST_AUTO_TEST_CASE(an_accepted_checksum_keeps_the_old_one_and_who_accepted_it) {
    ScratchDatabase db;
    TempDir dir;
    three_tables(dir.path());
    open(db, dir.path()).up();
    write_file(dir / "2_b" / "up.sql", "-- reformatted\nCREATE TABLE t_b (id INTEGER PRIMARY KEY);\n");
    auto m = open(db, dir.path());
    BOOST_TEST(m.status().problems.changed.size() == 1u);
    BOOST_CHECK_THROW(m.up(), ChangedChecksum);
    std::string const old = m.history().at(1).checksum;
    BOOST_TEST(m.repair_accept_checksum(Version{2}) == old);
    auto const rows = m.history();
    BOOST_TEST(rows.at(1).previous_checksum == old);
    BOOST_TEST(rows.at(1).checksum == m.migrations().find(Version{2})->up.checksum);
    BOOST_TEST(!rows.at(1).checksum_accepted_by.empty());
    BOOST_TEST(rows.at(0).previous_checksum.empty());
    BOOST_TEST(m.status().problems.empty());
    BOOST_TEST(m.repair_accept_checksum(Version{2}).empty()); // already matching: nothing written
    BOOST_CHECK_THROW(m.repair_accept_checksum(Version{7}), TargetNotInSet);
    m.down();
    BOOST_CHECK_THROW(m.repair_accept_checksum(Version{3}), UsageError); // not applied
    BOOST_TEST(m.up().changed() == 1);                                   // a later up still writes rows
    BOOST_TEST(m.history().size() == 3u);
}

BOOST_AUTO_TEST_CASE(baseline_rows_say_they_were_not_run) {
    ScratchDatabase db;
    TempDir dir;
    three_tables(dir.path());
    auto m = open(db, dir.path());
    m.baseline(Version{2});
    m.up();
    auto const rows = m.history();
    BOOST_TEST((rows.at(0).origin == AppliedRow::Origin::baseline));
    BOOST_TEST((rows.at(1).origin == AppliedRow::Origin::baseline));
    BOOST_TEST((rows.at(2).origin == AppliedRow::Origin::run));
    BOOST_TEST((m.status().migrations.at(0).row->origin == AppliedRow::Origin::baseline));
}

BOOST_AUTO_TEST_CASE(an_irreversible_migration_refuses_a_down_before_anything_runs) {
    ScratchDatabase db;
    TempDir dir;
    three_tables(dir.path());
    fs::remove(dir / "2_b" / "down.sql");
    write_file(dir / "2_b" / "migration.yaml", "irreversible: true\n");
    auto m = open(db, dir.path());
    m.up();
    BOOST_TEST(m.migrations().find(Version{2})->irreversible);
    DownOptions all;
    all.target.kind = DownTarget::Kind::all;
    BOOST_CHECK_THROW(m.down(all), IrreversibleMigration);
    BOOST_TEST(db.applied_versions() == (std::vector<std::int64_t>{1, 2, 3}));
    BOOST_TEST(db.has_table("t_c"));
    BOOST_TEST(m.down().changed() == 1); // 3 alone is fine
}

BOOST_AUTO_TEST_CASE(schema_sql_loads_back_to_the_same_schema) {
    ScratchDatabase db;
    open(db, shipped_migrations()).up();
    std::string const sql = open(db, shipped_migrations()).schema_sql();
    BOOST_TEST(sql.find("schema_version") == std::string::npos, sql);
    TempDir io;
    write_file(io / "schema.sql", sql);
    ScratchDatabase copy;
    BOOST_TEST(target().replay((io / "schema.sql").string(), copy.url()) == 0, sql);
    BOOST_TEST(copy.dump() == db.dump());
}

BOOST_AUTO_TEST_CASE(a_single_transaction_is_all_or_nothing) {
    ScratchDatabase db;
    TempDir dir;
    three_tables(dir.path());
    write_migration(dir.path(), "4_bad",
                    "CREATE TABLE t_d (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n",
                    "DROP TABLE t_d;\n");
    auto m = open(db, dir.path());
    UpOptions one;
    one.single_transaction = true;
    BOOST_CHECK_THROW(m.up(one), ScriptError);
    BOOST_TEST(db.applied_versions().empty()); // the failure in the last rolled back the first three
    BOOST_TEST(!db.has_table("t_a"));
    // The script says the same: one BEGIN, one COMMIT.
    UpOptions sql = one;
    sql.sql = true;
    sql.to = Version{3};
    auto const script = m.up(sql).sql;
    BOOST_TEST(std::count(script.begin(), script.end(), "COMMIT;") == 1);
    one.to = Version{3};
    BOOST_TEST(m.up(one).changed() == 3);
    BOOST_TEST(db.applied_versions() == (std::vector<std::int64_t>{1, 2, 3}));
    DownOptions down;
    down.target.kind = DownTarget::Kind::all;
    down.single_transaction = true;
    BOOST_TEST(m.down(down).changed() == 3);
    BOOST_TEST(db.applied_versions().empty());
    // A migration that runs without a transaction is refused before anything runs.
    write_file(dir / "4_bad" / "up.sql", "CREATE TABLE t_d (id INTEGER PRIMARY KEY);\n");
    write_file(dir / "4_bad" / "migration.yaml", "transaction: false\n");
    auto again = open(db, dir.path());
    one.to.reset();
    BOOST_CHECK_THROW(again.up(one), UsageError);
    BOOST_TEST(db.applied_versions().empty());
}

BOOST_AUTO_TEST_SUITE_END()
