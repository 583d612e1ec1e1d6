// Deployment under faults, through the built binary, on every dialect (the suite names none):
// concurrent runners, kill -9 at random instants, stale locks, signals. Each case prints its
// figures (trials, failures). MIGRATOR_LONG=1 runs the long variants (CTest label "long").
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "process.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

namespace {

bool long_run() {
    char const* v = std::getenv("MIGRATOR_LONG");
    return v && std::string(v) == "1";
}

int trials(int short_count, int long_count) {
    return long_run() ? long_count : short_count;
}

std::vector<std::string> args(ScratchDatabase const& db, fs::path const& dir, std::vector<std::string> rest) {
    std::vector<std::string> out{"--database", db.cli_url(), "--dir", dir.string()};
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

// Waits until the process printed `marker` on stdout (migrator prints "applying <folder>"
// as a step starts); false when it ended or `timeout` passed first.
bool wait_for_output(Process& p, std::string const& marker, milliseconds timeout = milliseconds(20000)) {
    auto const deadline = clock_type::now() + timeout;
    while (clock_type::now() < deadline) {
        if (contains(p.out(), marker)) return true;
        if (!p.running()) return false;
        std::this_thread::sleep_for(milliseconds(5));
    }
    return false;
}

// A statement that runs for minutes on any SQL database, unless cancelled.
std::string const endless_sql =
    "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
    "FROM c WHERE x < 2000000000) SELECT sum(x) AS s FROM c;\n";
// One that runs for a second or so.
std::string const second_sql = "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                               "FROM c WHERE x < 3000000) SELECT sum(x) AS s FROM c;\n";

// One non-transactional migration: a statement of about a second, then a quick one.
void nontx_set(fs::path const& dir) {
    write_migration(dir, "1_nontx", second_sql + "CREATE TABLE after_it (id INTEGER);\n",
                    "DROP TABLE after_it;\nDROP TABLE slow;\n", "transaction: false\n");
}

// Each migration writes its version into applied_log, so a double apply shows; 7 is applied
// outside a transaction (CREATE INDEX CONCURRENTLY where the database has it).
void logging_set(fs::path const& dir) {
    write_migration(dir, "1_log", "CREATE TABLE applied_log (version INTEGER NOT NULL);\n",
                    "DROP TABLE applied_log;\n");
    for (int v = 2; v <= 6; ++v) {
        std::string const t = "t_" + std::to_string(v);
        write_migration(dir, std::to_string(v) + "_step",
                        "INSERT INTO applied_log VALUES (" + std::to_string(v) + ");\nCREATE TABLE " + t +
                            " (id INTEGER);\n",
                        "DROP TABLE " + t +
                            ";\nDELETE FROM applied_log WHERE version = " + std::to_string(v) + ";\n");
    }
    write_migration(dir, "7_index",
                    "INSERT INTO applied_log VALUES (7);\n" + target().non_transactional_index +
                        " t_2_id_idx ON t_2 (id);\n",
                    "DROP INDEX t_2_id_idx;\nDELETE FROM applied_log WHERE version = 7;\n",
                    "transaction: false\n");
}

// check's scratch folders that process `pid` made (<temp>/migrator-check-<pid>-*).
std::vector<fs::path> scratch_folders_of(pid_t pid) {
    std::vector<fs::path> out;
    std::string const prefix = "migrator-check-" + std::to_string(pid) + "-";
    for (auto const& e : fs::directory_iterator(fs::temp_directory_path()))
        if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
    return out;
}

// Waits until `p` has made a scratch folder; false when it ended first or 20 s passed.
bool wait_for_scratch(Process& p) {
    auto const deadline = clock_type::now() + milliseconds(20000);
    while (clock_type::now() < deadline) {
        if (!scratch_folders_of(p.pid()).empty()) return true;
        if (!p.running()) return false;
        std::this_thread::sleep_for(milliseconds(5));
    }
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(harness)

// Issue 22: a check stopped by SIGTERM or SIGINT removes its scratch folder (and databases)
// before it exits 1; one killed with -9 leaves it, and the next check removes it.
BOOST_AUTO_TEST_CASE(check_removes_its_scratch_on_a_signal_and_the_next_one_after_kill_9) {
    TempDir root; // snapshots would live in root/schema: there are none
    fs::path const dir = root / "slow", quick = root / "quick";
    write_migration(dir, "1_fast", "CREATE TABLE fast (id INTEGER);\n", "DROP TABLE fast;\n");
    write_migration(dir, "2_long", endless_sql, "DROP TABLE slow;\n");
    write_migration(quick, "1_fast", "CREATE TABLE fast (id INTEGER);\n", "DROP TABLE fast;\n");
    std::string const dialect(target().dialect->name());
    std::random_device seed_source;
    unsigned const seed = seed_source();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay(0, 400);
    int const count = trials(5, 50);
    int left = 0;
    for (int trial = 0; trial < count; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial << " (seed " << seed << ")") {
            ScratchDatabase db;
            Process check(args(db, dir, {"check", "--no-live", "--dialects", dialect}));
            BOOST_REQUIRE(wait_for_scratch(check));
            std::this_thread::sleep_for(milliseconds(delay(random)));
            check.signal(trial % 2 ? SIGINT : SIGTERM);
            auto const code = check.wait_for(milliseconds(20000));
            BOOST_REQUIRE(code.has_value());
            BOOST_TEST(*code == 1, check.err());
            bool const clean = scratch_folders_of(check.pid()).empty();
            BOOST_TEST(clean);
            left += clean ? 0 : 1;
        }
    }
    std::cout << "figure: harness check stopped by a signal (" << dialect << "): " << count << " trial(s), "
              << left << " left a scratch folder" << std::endl;
    // kill -9: its folder stays, and goes with the next check.
    ScratchDatabase db;
    pid_t killed = 0;
    {
        Process check(args(db, dir, {"check", "--no-live", "--dialects", dialect}));
        BOOST_REQUIRE(wait_for_scratch(check));
        std::this_thread::sleep_for(milliseconds(300));
        check.signal(SIGKILL);
        check.wait();
        killed = check.pid();
    }
    BOOST_TEST(!scratch_folders_of(killed).empty()); // what a kill -9 leaves
    auto const next = run_migrator(args(db, quick, {"check", "--no-live", "--dialects", dialect}));
    BOOST_TEST(next.code == 3, next.err); // no snapshot: a finding, and the check ran
    BOOST_TEST(scratch_folders_of(killed).empty());
}

BOOST_AUTO_TEST_CASE(concurrent_runners_apply_each_migration_once) {
    TempDir dir;
    logging_set(dir.path());
    for (int const n : {2, 8, 16}) {
        int const count = trials(n == 16 ? 1 : 2, 100);
        int failures = 0;
        for (int trial = 0; trial < count; ++trial) {
            BOOST_TEST_CONTEXT("N=" << n << ", trial " << trial) {
                ScratchDatabase db;
                std::vector<std::unique_ptr<Process>> runners;
                for (int i = 0; i < n; ++i)
                    runners.push_back(
                        std::make_unique<Process>(args(db, dir.path(), {"--lock-timeout", "300s", "up"})));
                bool ok = true;
                for (auto& r : runners) {
                    int const code = r->wait();
                    ok = ok && code == 0 && !contains(r->err(), "locked");
                    BOOST_TEST(code == 0, r->err());
                    BOOST_TEST(!contains(r->err(), "database is locked"), r->err());
                }
                auto const log =
                    db.query("SELECT version, count(*) FROM applied_log GROUP BY version ORDER BY version");
                BOOST_TEST(log.size() == 6u);
                for (auto const& row : log) {
                    ok = ok && row.at(1) == "1";
                    BOOST_TEST(row.at(1) == "1",
                               "version " << row.at(0) << " applied " << row.at(1) << " times");
                }
                BOOST_TEST(db.applied_versions().size() == 7u);
                failures += ok ? 0 : 1;
            }
        }
        std::cout << "figure: harness concurrent (" << target().dialect->name() << "): N=" << n << ", "
                  << count << " trial(s), " << failures << " failure(s)" << std::endl;
    }
}

BOOST_AUTO_TEST_CASE(runners_wait_for_a_non_transactional_migration_instead_of_calling_it_dirty) {
    TempDir dir;
    nontx_set(dir.path());
    int const count = trials(2, 10);
    for (int trial = 0; trial < count; ++trial) {
        ScratchDatabase db;
        std::vector<std::unique_ptr<Process>> runners;
        for (int i = 0; i < 4; ++i)
            runners.push_back(std::make_unique<Process>(args(db, dir.path(), {"up"})));
        for (auto& r : runners) {
            BOOST_TEST(r->wait() == 0, r->err());
            BOOST_TEST(!contains(r->err(), "dirty"), r->err());
        }
        BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1});
    }
    std::cout << "figure: harness non-transactional concurrency (" << target().dialect->name()
              << "): 4 runners, " << count << " trial(s)" << std::endl;
}

BOOST_AUTO_TEST_CASE(down_racing_up_gives_a_serial_result) {
    auto const set = load(shipped_migrations(), *target().dialect);
    int const count = trials(5, 20);
    for (int trial = 0; trial < count; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial) {
            ScratchDatabase db;
            run_up(db, set, Version{3});
            Process down(args(db, shipped_migrations(), {"down", "--steps", "2"}));
            Process up(args(db, shipped_migrations(), {"up"}));
            BOOST_TEST(down.wait() == 0, down.err());
            BOOST_TEST(up.wait() == 0, up.err());
            // down first: 1..8 (up applies everything after); up first: 1..6 (down takes 8 and 7).
            auto const versions = db.applied_versions();
            std::vector<std::int64_t> all{1, 2, 3, 4, 5, 6, 7, 8}, six{1, 2, 3, 4, 5, 6};
            BOOST_TEST((versions == all || versions == six), "applied: " << versions.size());
        }
    }
}

BOOST_AUTO_TEST_CASE(repair_waits_for_a_running_migration_and_rechecks) {
    TempDir dir;
    nontx_set(dir.path());
    ScratchDatabase db;
    Process up(args(db, dir.path(), {"-v", "up"}));
    BOOST_REQUIRE(wait_for_output(up, "applying  1_nontx"));
    // The row is dirty while it runs; repair must wait for the lock, then find it clean.
    auto const repair =
        run_migrator(args(db, dir.path(), {"--lock-timeout", "60s", "repair", "--remove", "1"}));
    BOOST_TEST(up.wait() == 0, up.err());
    BOOST_TEST(repair.code == 2, repair.err);
    BOOST_TEST(contains(repair.err, "not dirty"), repair.err);
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1});
    BOOST_TEST(run_migrator(args(db, dir.path(), {"up"})).code == 0);
}

BOOST_AUTO_TEST_CASE(kill_9_at_random_instants_leaves_a_stated_version) {
    auto const set = load(shipped_migrations(), *target().dialect);
    int const top = static_cast<int>(set.migrations().size());
    // The schema of a fresh database at each version: what a killed one must equal.
    std::map<int, std::string> expected;
    for (int k = 0; k <= top; ++k) {
        ScratchDatabase fresh;
        if (k > 0) run_up(fresh, set, Version{k});
        expected[k] = fresh.dump();
    }
    milliseconds full_run{0};
    {
        ScratchDatabase db;
        auto const start = clock_type::now();
        BOOST_REQUIRE(run_migrator(args(db, shipped_migrations(), {"up"})).code == 0);
        full_run = std::chrono::duration_cast<milliseconds>(clock_type::now() - start);
    }
    auto check = [&](ScratchDatabase& db, char const* when) {
        BOOST_TEST_CONTEXT(when) {
            std::vector<std::int64_t> versions;
            int dirty = 0;
            if (db.has_table("schema_version"))
                for (auto const& row : db.query("SELECT version, CASE WHEN dirty THEN 1 ELSE 0 END FROM "
                                                "schema_version ORDER BY version")) {
                    versions.push_back(std::stoll(row.at(0)));
                    dirty += row.at(1) == "1";
                }
            BOOST_TEST(dirty == 0); // every shipped migration is transactional
            for (std::size_t i = 0; i < versions.size(); ++i)
                BOOST_TEST(versions[i] == static_cast<std::int64_t>(i) + 1); // a prefix: no holes
            BOOST_TEST(db.dump() == expected[static_cast<int>(versions.size())]);
            if (target().integrity_check) BOOST_TEST(target().integrity_check(db).empty());
        }
    };
    std::random_device seed_source;
    unsigned const seed = seed_source();
    std::mt19937 random(seed);
    std::uniform_int_distribution<long> delay(0, full_run.count() * 12 / 10 + 5);
    int const count = trials(10, 200);
    for (int trial = 0; trial < count; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial << " (seed " << seed << ")") {
            ScratchDatabase db;
            {
                Process up(args(db, shipped_migrations(), {"up"}));
                std::this_thread::sleep_for(milliseconds(delay(random)));
                up.signal(SIGKILL);
                up.wait();
            }
            check(db, "after kill -9 of up");
            auto const rerun = run_migrator(args(db, shipped_migrations(), {"up"}));
            BOOST_TEST(rerun.code == 0, rerun.err);
            BOOST_TEST(db.applied_versions().size() == static_cast<std::size_t>(top));
            {
                Process down(args(db, shipped_migrations(), {"down", "--all"}));
                std::this_thread::sleep_for(milliseconds(delay(random)));
                down.signal(SIGKILL);
                down.wait();
            }
            check(db, "after kill -9 of down --all");
            auto const redown = run_migrator(args(db, shipped_migrations(), {"down", "--all"}));
            BOOST_TEST(redown.code == 0, redown.err);
            BOOST_TEST(db.applied_versions().empty());
        }
    }
    std::cout << "figure: harness kill -9 (" << target().dialect->name() << "): " << count
              << " trial(s) of up and of down --all, a full up takes " << full_run.count() << " ms"
              << std::endl;
}

BOOST_AUTO_TEST_CASE(a_dead_holders_lock_is_taken_within_5_s) {
    TempDir dir;
    write_migration(dir.path(), "1_fast", "CREATE TABLE fast (id INTEGER);\n", "DROP TABLE fast;\n");
    write_migration(dir.path(), "2_long", endless_sql, "DROP TABLE slow;\n");
    auto const table = QualifiedName::parse("schema_version", false);
    {
        // Killed while idle: a process that holds the lock and does nothing.
        ScratchDatabase db;
        run_up(db, load(dir.path(), db.dialect()), Version{1});
        int ready[2];
        BOOST_REQUIRE(pipe(ready) == 0);
        pid_t const holder = fork();
        if (holder == 0) {
            auto c = db.connect();
            bool const locked = c->try_lock(table);
            char const byte = locked ? '1' : '0';
            [[maybe_unused]] auto n = write(ready[1], &byte, 1);
            pause();
            _exit(0);
        }
        char byte = 0;
        BOOST_REQUIRE(read(ready[0], &byte, 1) == 1);
        BOOST_REQUIRE(byte == '1');
        kill(holder, SIGKILL);
        waitpid(holder, nullptr, 0);
        auto const start = clock_type::now();
        auto const r = run_migrator(args(db, dir.path(), {"--lock-timeout", "5s", "down"}));
        BOOST_TEST(r.code == 0, r.err);
        BOOST_TEST((clock_type::now() - start < std::chrono::seconds(5)));
        close(ready[0]);
        close(ready[1]);
    }
    {
        // Killed in a long statement.
        ScratchDatabase db;
        Process up(args(db, dir.path(), {"-v", "up"}));
        BOOST_REQUIRE(wait_for_output(up, "applying  2_long"));
        std::this_thread::sleep_for(milliseconds(300));
        up.signal(SIGKILL);
        up.wait();
        auto const start = clock_type::now();
        auto const r = run_migrator(args(db, dir.path(), {"--lock-timeout", "5s", "down"}));
        BOOST_TEST(r.code == 0, r.err);
        BOOST_TEST((clock_type::now() - start < std::chrono::seconds(5)));
        BOOST_TEST(db.applied_versions().empty());
    }
}

BOOST_AUTO_TEST_CASE(a_signal_while_waiting_for_the_lock_stops_the_wait_with_exit_1) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    run_up(db, set, Version{1});
    auto holder = db.connect();
    BOOST_REQUIRE(holder->try_lock(QualifiedName::parse("schema_version", false)));
    for (int const sig : {SIGTERM, SIGINT}) {
        Process up(args(db, shipped_migrations(), {"--lock-timeout", "60s", "up"}));
        // Wait until it says it waits, then signal it: it must stop at once.
        auto const deadline = clock_type::now() + std::chrono::seconds(20);
        while (!contains(up.err(), "waiting for the migration lock") && clock_type::now() < deadline)
            std::this_thread::sleep_for(milliseconds(10));
        BOOST_REQUIRE(contains(up.err(), "waiting for the migration lock"));
        up.signal(sig);
        auto const code = up.wait_for(milliseconds(1000));
        BOOST_REQUIRE(code.has_value());
        BOOST_TEST(*code == 1, up.err());
        BOOST_TEST(contains(up.err(), "interrupted while waiting for the migration lock"), up.err());
    }
    BOOST_TEST(db.applied_versions().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_signal_during_the_last_migration_lets_it_finish_and_exits_1) {
    TempDir dir;
    write_migration(dir.path(), "1_second", second_sql, "DROP TABLE slow;\n");
    ScratchDatabase db;
    Process up(args(db, dir.path(), {"-v", "up"}));
    BOOST_REQUIRE(wait_for_output(up, "applying  1_second"));
    up.signal(SIGTERM);
    BOOST_TEST(up.wait() == 1, up.err());
    BOOST_TEST(contains(up.err(), "stopping after 1_second finishes (Ctrl-C again to cancel it)"), up.err());
    BOOST_TEST(db.applied_versions() == std::vector<std::int64_t>{1}); // it committed whole
    BOOST_TEST(db.has_table("slow"));
}

BOOST_AUTO_TEST_CASE(a_second_signal_cancels_the_statement_and_exits_within_1_s) {
    TempDir dir;
    write_migration(dir.path(), "1_endless", endless_sql, "DROP TABLE slow;\n");
    ScratchDatabase db;
    Process up(args(db, dir.path(), {"-v", "up"}));
    BOOST_REQUIRE(wait_for_output(up, "applying  1_endless"));
    std::this_thread::sleep_for(milliseconds(200));
    up.signal(SIGTERM);
    std::this_thread::sleep_for(milliseconds(200));
    BOOST_TEST(up.running()); // the first one waits for the migration in flight
    up.signal(SIGTERM);
    auto const code = up.wait_for(milliseconds(1000));
    BOOST_REQUIRE(code.has_value());
    BOOST_TEST(*code == 1, up.err());
    BOOST_TEST(contains(up.err(), "cancelling the statement in flight"), up.err());
    BOOST_TEST(contains(up.err(), "rolled back whole"), up.err());
    BOOST_TEST(db.applied_versions().empty());
    BOOST_TEST(!db.has_table("slow"));
    // The lock was released: a writing command gets it at once.
    auto const after = run_migrator(args(db, dir.path(), {"--lock-timeout", "1s", "down"}));
    BOOST_TEST(after.code == 0, after.err);
}

BOOST_AUTO_TEST_CASE(a_signal_stops_a_non_transactional_migration_after_its_statement_in_flight) {
    TempDir dir;
    nontx_set(dir.path());
    ScratchDatabase db;
    Process up(args(db, dir.path(), {"-v", "up"}));
    BOOST_REQUIRE(wait_for_output(up, "applying  1_nontx"));
    up.signal(SIGTERM);
    BOOST_TEST(up.wait() == 1, up.err());
    BOOST_TEST(contains(up.err(), "stopped after statement 1 of 2"), up.err());
    auto const row =
        db.query("SELECT CASE WHEN dirty THEN 1 ELSE 0 END, statements_done FROM schema_version");
    BOOST_REQUIRE_EQUAL(row.size(), 1u);
    BOOST_TEST(row[0][0] == "1");
    BOOST_TEST(row[0][1] == "1");
    BOOST_TEST(db.has_table("slow"));
    BOOST_TEST(!db.has_table("after_it"));
    // A later run is told to repair it, and is not mistaken about a runner still at work.
    auto const next = run_migrator(args(db, dir.path(), {"up"}));
    BOOST_TEST(next.code == 1);
    BOOST_TEST(contains(next.err, "stopped after 1 statement"), next.err);
}

BOOST_AUTO_TEST_SUITE_END()
