// PostgreSQL under faults, through the built binary: a real PgBouncer in both pool modes, a
// real streaming replica, dropped connections and a server restart mid-run, injection under
// standard_conforming_strings = off, and no password in any output or file. The servers are
// started by CTest fixtures (tools/pg-test-server.sh); under CI=true a missing one fails.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include "process.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

namespace {

bool long_run() {
    char const* v = std::getenv("MIGRATOR_LONG");
    return v && std::string(v) == "1";
}

// The environment variable's value; nullopt (and a failure under CI=true) when it is unset.
std::optional<std::string> fixture(char const* name) {
    if (char const* v = std::getenv(name); v && *v) return std::string(v);
    char const* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true")
        BOOST_FAIL(std::string(name) + " is not set (its CTest fixture did not run)");
    BOOST_TEST_MESSAGE("skipped: " << name << " is not set");
    return std::nullopt;
}

// `base` (postgresql://user@host:port/anything) pointed at database `dbname`.
std::string with_database(std::string const& base, std::string const& dbname) {
    return base.substr(0, base.rfind('/') + 1) + dbname;
}

std::vector<std::string> args(std::string const& url, fs::path const& dir, std::vector<std::string> rest) {
    std::vector<std::string> out{"--database", url, "--dir", dir.string()};
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

std::vector<std::string> admin_query(std::string const& sql) {
    auto admin = target().dialect->connect(target().server, std::chrono::seconds(10));
    std::vector<std::string> out;
    for (auto const& row : admin->query(sql))
        out.push_back(row.at(0));
    return out;
}

// Each migration logs its version, so a double apply shows; 7 is CREATE INDEX CONCURRENTLY.
void logging_set(fs::path const& dir) {
    write_migration(dir, "1_log", "CREATE TABLE applied_log (version INTEGER NOT NULL);\n",
                    "DROP TABLE applied_log;\n");
    for (int v = 2; v <= 6; ++v)
        write_migration(dir, std::to_string(v) + "_step",
                        "INSERT INTO applied_log VALUES (" + std::to_string(v) + ");\nCREATE TABLE t_" +
                            std::to_string(v) + " (id INTEGER);\nSELECT pg_sleep(0.01);\n",
                        "DROP TABLE t_" + std::to_string(v) + ";\n");
    write_migration(
        dir, "7_index",
        "INSERT INTO applied_log VALUES (7);\nCREATE INDEX CONCURRENTLY t_2_id_idx ON t_2 (id);\n",
        "DROP INDEX t_2_id_idx;\n", "transaction: false\n");
}

// 30 small migrations, each taking a few milliseconds.
void thirty_set(fs::path const& dir) {
    for (int v = 1; v <= 30; ++v) {
        std::string const t = "m_" + std::to_string(v);
        write_migration(dir, std::to_string(v) + "_" + t,
                        "CREATE TABLE " + t + " (id INTEGER);\nSELECT pg_sleep(0.01);\n",
                        "DROP TABLE " + t + ";\n");
    }
}

// The database states a version, and holds exactly the tables of the migrations it states.
void check_thirty(ScratchDatabase& db) {
    if (!db.has_table("schema_version")) { // stopped before it made its table
        BOOST_TEST(db.query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'm\\_%'").at(0).at(0) ==
                   "0");
        return;
    }
    auto const versions = db.applied_versions();
    for (std::size_t i = 0; i < versions.size(); ++i)
        BOOST_TEST(versions[i] == static_cast<std::int64_t>(i) + 1);
    BOOST_TEST(db.query("SELECT count(*) FROM schema_version WHERE dirty").at(0).at(0) == "0");
    auto const tables = db.query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'm\\_%'").at(0).at(0);
    BOOST_TEST(tables == std::to_string(versions.size()));
}

void pooled_runners(char const* fixture_name) {
    auto const bouncer = fixture(fixture_name);
    if (!bouncer) return;
    TempDir dir;
    logging_set(dir.path());
    int const count = long_run() ? 20 : 3;
    int failures = 0;
    for (int trial = 0; trial < count; ++trial) {
        BOOST_TEST_CONTEXT(fixture_name << ", trial " << trial) {
            ScratchDatabase db;
            std::string const url = with_database(*bouncer, db.url().field("dbname"));
            std::vector<std::unique_ptr<Process>> runners;
            for (int i = 0; i < 8; ++i)
                runners.push_back(
                    std::make_unique<Process>(args(url, dir.path(), {"--lock-timeout", "120s", "up"})));
            bool ok = true;
            for (auto& r : runners) {
                int const code = r->wait();
                ok = ok && code == 0;
                BOOST_TEST(code == 0, r->err());
            }
            for (auto const& row :
                 db.query("SELECT version, count(*) FROM applied_log GROUP BY version ORDER BY version")) {
                ok = ok && row.at(1) == "1";
                BOOST_TEST(row.at(1) == "1", "version " << row.at(0) << " applied " << row.at(1) << " times");
            }
            BOOST_TEST(db.applied_versions().size() == 7u);
            // No lock left behind on a pooled server connection: a later run takes it at once.
            BOOST_TEST(admin_query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").at(0) == "0");
            auto const later = run_migrator(args(url, dir.path(), {"--lock-timeout", "2s", "down"}));
            BOOST_TEST(later.code == 0, later.err);
            failures += ok ? 0 : 1;
        }
    }
    std::cout << "figure: harness pgbouncer (" << fixture_name << "): 8 runners, " << count << " trial(s), "
              << failures << " failure(s)" << std::endl;
}

} // namespace

BOOST_AUTO_TEST_SUITE(postgresql_harness)

BOOST_AUTO_TEST_CASE(behind_pgbouncer_in_transaction_pooling_each_migration_applies_once) {
    pooled_runners("MIGRATOR_TEST_PGBOUNCER_TRANSACTION_URL");
}

BOOST_AUTO_TEST_CASE(behind_pgbouncer_in_session_pooling_each_migration_applies_once) {
    pooled_runners("MIGRATOR_TEST_PGBOUNCER_SESSION_URL");
}

BOOST_AUTO_TEST_CASE(a_standby_refuses_up_before_the_lock_and_still_reads) {
    auto const replica = fixture("MIGRATOR_TEST_PG_REPLICA_URL");
    if (!replica) return;
    ScratchDatabase db;
    run_up(db, load(shipped_migrations(), db.dialect()), Version{2});
    std::string const url = with_database(*replica, db.url().field("dbname"));
    // Wait until the standby has replayed the primary's two rows.
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!contains(run_migrator(args(url, shipped_migrations(), {"status"})).out, "2 applied") &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(100));
    for (auto const& command : {std::vector<std::string>{"up"}, {"down"}, {"repair", "--remove", "1"}}) {
        auto const r = run_migrator(args(url, shipped_migrations(), command));
        BOOST_TEST(r.code == 1, command[0] << ": " << r.err);
        BOOST_TEST(contains(r.err, "read-only: the server is a standby"), r.err);
    }
    for (auto const& command : {"status", "history", "validate"}) {
        auto const r = run_migrator(args(url, shipped_migrations(), {command}));
        BOOST_TEST(r.code == 0, command << ": " << r.err);
    }
    BOOST_TEST(db.applied_versions().size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_terminated_backend_mid_run_is_exit_1_and_the_next_up_succeeds) {
    TempDir dir;
    thirty_set(dir.path());
    std::random_device seed_source;
    unsigned const seed = seed_source();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay(0, 900);
    int const count = long_run() ? 50 : 5;
    int interrupted = 0;
    for (int trial = 0; trial < count; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial << " (seed " << seed << ")") {
            ScratchDatabase db;
            std::string const name = db.url().field("dbname");
            Process up(args(db.cli_url(), dir.path(), {"up"}));
            std::this_thread::sleep_for(milliseconds(delay(random)));
            admin_query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = " +
                        db.dialect().literal(name) + " AND application_name LIKE 'migrator%'");
            int const code = up.wait();
            if (code != 0) {
                ++interrupted;
                std::string const err = up.err();
                BOOST_TEST(code == 1, err);
                BOOST_TEST((contains(err, "connection") || contains(err, "terminat")), err);
                BOOST_TEST(std::count(err.begin(), err.end(), '\n') == 1, err);
            }
            check_thirty(db);
            auto const again = run_migrator(args(db.cli_url(), dir.path(), {"up"}));
            BOOST_TEST(again.code == 0, again.err);
            BOOST_TEST(db.applied_versions().size() == 30u);
        }
    }
    std::cout << "figure: harness pg_terminate_backend: " << count << " trial(s), " << interrupted
              << " interrupted mid-run, all consistent" << std::endl;
}

BOOST_AUTO_TEST_CASE(a_server_restart_mid_run_is_exit_1_and_the_next_up_succeeds) {
    auto const restart = fixture("MIGRATOR_TEST_PG_RESTART");
    if (!restart) return;
    TempDir dir;
    thirty_set(dir.path());
    ScratchDatabase db;
    Process up(args(db.cli_url(), dir.path(), {"-v", "up"}));
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!contains(up.out(), "applying  5_") && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(5));
    BOOST_REQUIRE(std::system(restart->c_str()) == 0);
    BOOST_TEST(up.wait() == 1, up.err());
    BOOST_TEST((contains(up.err(), "connection") || contains(up.err(), "shutting down")), up.err());
    check_thirty(db);
    auto const again = run_migrator(args(db.cli_url(), dir.path(), {"up"}));
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(db.applied_versions().size() == 30u);
}

BOOST_AUTO_TEST_CASE(no_injection_under_standard_conforming_strings_off) {
    ScratchDatabase db;
    db.execute("ALTER DATABASE " + db.dialect().quote_identifier(db.url().field("dbname")) +
               " SET standard_conforming_strings = off");
    db.execute("CREATE TABLE canary (id INTEGER)");
    std::string const name = "x', 'forged', 'forged', now(), 'me', 0, false, 0, 'up'); DROP TABLE canary; --";
    TempDir dir;
    write_migration(dir.path(), "1_" + name, "CREATE TABLE one (id INTEGER);\n", "DROP TABLE one;\n");
    // A backslash in a name is refused before anything runs.
    TempDir bad;
    write_migration(bad.path(), "1_x\\', 'y", "CREATE TABLE one (id INTEGER);\n", "DROP TABLE one;\n");
    auto const refused = run_migrator(args(db.cli_url(), bad.path(), {"up"}));
    BOOST_TEST(refused.code == 2, refused.err);
    // A live run binds the name: it is stored as it is.
    auto const live = run_migrator(args(db.cli_url(), dir.path(), {"up"}));
    BOOST_TEST(live.code == 0, live.err);
    BOOST_TEST(db.has_table("canary"));
    BOOST_TEST(db.query("SELECT name FROM schema_version").at(0).at(0) == name);
    // A --sql script, replayed by psql in a database with the same setting, does the same.
    ScratchDatabase replayed;
    replayed.execute("ALTER DATABASE " + db.dialect().quote_identifier(replayed.url().field("dbname")) +
                     " SET standard_conforming_strings = off");
    replayed.execute("CREATE TABLE canary (id INTEGER)");
    auto const script =
        run_migrator({"--dir", dir.path().string(), "up", "--sql", "--dialect", "postgresql"});
    BOOST_REQUIRE(script.code == 0);
    TempDir io;
    write_file(io / "script.sql", script.out);
    BOOST_TEST(target().replay((io / "script.sql").string(), replayed.url()) == 0, script.out);
    BOOST_TEST(replayed.has_table("canary"));
    BOOST_TEST(replayed.query("SELECT name FROM schema_version").at(0).at(0) == name);
}

BOOST_AUTO_TEST_CASE(no_password_in_any_output_or_file) {
    ScratchDatabase db;
    std::string const password = "p@ss:w/o%rd?#'\" x&y=z";
    std::string const encoded = "p%40ss%3Aw%2Fo%25rd%3F%23%27%22%20x%26y%3Dz";
    db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'migrator_pw') THEN "
               "CREATE ROLE migrator_pw LOGIN; END IF; END $$");
    db.execute("ALTER ROLE migrator_pw PASSWORD " + db.dialect().literal(password));
    db.execute("GRANT ALL ON DATABASE " + db.dialect().quote_identifier(db.url().field("dbname")) +
               " TO migrator_pw");
    db.execute("GRANT ALL ON SCHEMA public TO migrator_pw");
    std::string const host = db.url().field("host"), port = db.url().field("port"),
                      dbname = db.url().field("dbname");
    std::string const at = "@" + host + ":" + port + "/";
    TempDir home; // ~/.pgpass lives here
    std::string pgpass_password;
    for (char c : password)
        pgpass_password += (c == ':' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    write_file(home / ".pgpass", host + ":" + port + ":*:migrator_pw:" + pgpass_password + "\n");
    fs::permissions(home / ".pgpass", fs::perms::owner_read | fs::perms::owner_write);

    struct Form {
        char const* name;
        std::string url;
        std::vector<std::string> env;
    };
    std::vector<Form> const forms = {
        {"user-info", "postgresql://migrator_pw:" + encoded + at + dbname, {}},
        {"?password=", "postgresql://migrator_pw" + at + dbname + "?password=" + encoded, {}},
        {"PGPASSWORD", "postgresql://migrator_pw" + at + dbname, {"PGPASSWORD=" + password}},
        {"~/.pgpass", "postgresql://migrator_pw" + at + dbname, {"HOME=" + home.path().string()}},
        {"wrong password", "postgresql://migrator_pw:" + encoded + "x" + at + dbname, {}},
        {"missing database", "postgresql://migrator_pw:" + encoded + at + "no_such_db", {}},
        {"closed port", "postgresql://migrator_pw:" + encoded + "@127.0.0.1:1/" + dbname, {}},
        {"bad port", "postgresql://migrator_pw:" + encoded + "@" + host + ":notaport/" + dbname, {}},
        {"sslpassword", "postgresql://migrator_pw:" + encoded + at + dbname + "?sslpassword=" + encoded, {}},
    };
    std::vector<std::vector<std::string>> const commands = {{"status"},
                                                            {"history"},
                                                            {"validate"},
                                                            {"up", "--to", "2"},
                                                            {"up", "--sql"},
                                                            {"up"},
                                                            {"down"},
                                                            {"repair", "--remove", "1"},
                                                            {"baseline", "1"},
                                                            {"schema", "dump", "--output", "dump.sql"},
                                                            {"check", "--no-live"}};
    TempDir cwd;
    write_file(cwd / "migrator.yaml", "environments:\n  prod:\n    database: ${SECRET_URL}\n");
    int runs = 0;
    auto scan = [&](std::string const& what, std::string const& text) {
        for (auto const& secret : {password, encoded, std::string("w/o%rd"), std::string("p@ss")})
            BOOST_TEST(!contains(text, secret), what << " holds the password: " << text);
    };
    for (auto const& form : forms)
        for (auto const& command : commands)
            for (auto const& flag : {"-v", "--json"}) {
                BOOST_TEST_CONTEXT(form.name << ", " << command[0] << " " << flag) {
                    std::vector<std::string> a{flag, "--database", form.url, "--dir",
                                               shipped_migrations().string()};
                    a.insert(a.end(), command.begin(), command.end());
                    fs::remove(cwd / "dump.sql");
                    auto const r = run_migrator(a, {cwd.path(), form.env});
                    ++runs;
                    scan("stdout", r.out);
                    scan("stderr", r.err);
                    for (auto const& entry : fs::recursive_directory_iterator(cwd.path()))
                        if (entry.is_regular_file()) scan(entry.path().string(), read_file(entry.path()));
                }
            }
    // The URL through the config file's ${VAR}, and as a stray argument.
    for (auto const& form : forms) {
        auto const r = run_migrator({"--env", "prod", "--dir", shipped_migrations().string(), "-v", "status"},
                                    {cwd.path(), {"SECRET_URL=" + form.url}});
        scan("stderr", r.err);
        scan("stdout", r.out);
        auto const stray = run_migrator({"status", form.url}, {cwd.path(), {}});
        BOOST_TEST(stray.code == 2);
        scan("stderr", stray.err);
        runs += 2;
    }
    // The good forms did work.
    BOOST_TEST(db.applied_versions().size() >= 1u);
    BOOST_TEST_MESSAGE("harness secrets: " << runs << " runs, every command with -v and --json, "
                                           << forms.size() << " URL forms; no password byte seen");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_waiter_names_the_holder_and_wait_answers_for_a_live_server) {
    TempDir dir;
    write_migration(dir.path(), "1_slow", "SELECT pg_sleep(3);\nCREATE TABLE slow (x INT);\n",
                    "DROP TABLE slow;\n");
    ScratchDatabase db;
    Process first(args(db.cli_url(), dir.path(), {"up"}));
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!contains(first.out(), "applying  1_slow") && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(5));
    auto const second = run_migrator(args(db.cli_url(), dir.path(), {"up"}));
    BOOST_TEST(second.code == 0, second.err);
    BOOST_TEST(contains(second.err, "migrator: waiting for the migration lock held by pid "), second.err);
    BOOST_TEST(contains(second.err, "(application migrator pid "), second.err);
    BOOST_TEST(first.wait() == 0, first.err());
    auto const wait = run_migrator(args(db.cli_url(), dir.path(), {"--wait", "10s", "wait"}));
    BOOST_TEST(wait.code == 0, wait.err);
    BOOST_TEST(contains(wait.out, "the database answers"), wait.out);
    BOOST_TEST(!contains(wait.err, "waiting for the database"), wait.err);
}

namespace {

// Other clients on the pool: each pooled connection's session is left with search_path set to
// `decoy` (a session-level SET leaks to whoever gets that server connection next), with short
// queries and transactions in between, until `stop`.
void pool_traffic(std::string const& url, std::atomic<bool> const& stop, std::atomic<int>& queries) {
    try {
        auto c = target().dialect->connect(target().registry->parse_url(url), std::chrono::seconds(10));
        for (int i = 0; !stop.load(); ++i) {
            c->execute("SET search_path TO decoy, public");
            c->query("SELECT pg_sleep(0.002)");
            if (i % 3 == 0) c->execute("BEGIN; SELECT 1; COMMIT");
            ++queries;
        }
    } catch (std::exception const& e) {
        BOOST_TEST_MESSAGE("traffic stopped: " << e.what());
    }
}

std::vector<std::string> shipped_tables() {
    return {"comments", "followers", "group_members", "groups", "messages", "posts", "reactions", "users"};
}

} // namespace

// Issue 22: a tenant fleet through PgBouncer in transaction pooling, with other clients' traffic
// leaving pooled sessions on another search_path: every tenant's tables land in its own schema
// (SET LOCAL search_path in each migration's transaction), none in public or elsewhere.
BOOST_AUTO_TEST_CASE(tenants_through_a_transaction_pooler_land_in_their_own_schemas) {
    auto const bouncer = fixture("MIGRATOR_TEST_PGBOUNCER_TRANSACTION_URL");
    if (!bouncer) return;
    int const count = long_run() ? 20 : 3, tenants = 6;
    int failures = 0, traffic_total = 0;
    for (int trial = 0; trial < count; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial) {
            ScratchDatabase db;
            db.execute("CREATE SCHEMA decoy");
            for (int t = 0; t < tenants; ++t)
                db.execute("CREATE SCHEMA tenant_" + std::to_string(t));
            std::string const pooled = with_database(*bouncer, db.url().field("dbname"));
            TempDir dir;
            fs::copy(shipped_migrations(), dir / "migrations", fs::copy_options::recursive);
            write_file(dir / "targets.yaml",
                       "targets:\n  - name: shared\n    database: " + pooled +
                           "\n    schemas: {query: \"SELECT nspname FROM pg_namespace WHERE "
                           "nspname LIKE 'tenant%' ORDER BY 1\"}\n");
            std::atomic<bool> stop{false};
            std::atomic<int> queries{0};
            std::vector<std::thread> traffic;
            for (int i = 0; i < 4; ++i)
                traffic.emplace_back(pool_traffic, pooled, std::cref(stop), std::ref(queries));
            auto const up = run_migrator({"fleet", "up", "--parallel", "3", "--targets", "targets.yaml"},
                                         {dir.path(), {}});
            auto const down = run_migrator(
                {"fleet", "down", "--steps", "3", "--parallel", "3", "--targets", "targets.yaml"},
                {dir.path(), {}});
            auto const again = run_migrator({"fleet", "up", "--parallel", "3", "--targets", "targets.yaml"},
                                            {dir.path(), {}});
            stop = true;
            for (auto& t : traffic)
                t.join();
            traffic_total += queries.load();
            BOOST_TEST(up.code == 0, up.err);
            BOOST_TEST(down.code == 0, down.err);
            BOOST_TEST(again.code == 0, again.err);
            bool ok = up.code == 0 && down.code == 0 && again.code == 0;
            for (int t = 0; t < tenants; ++t) {
                std::string const s = "tenant_" + std::to_string(t);
                auto const tables = db.query("SELECT tablename FROM pg_tables WHERE schemaname = '" + s +
                                             "' AND tablename <> 'schema_version' ORDER BY 1");
                std::vector<std::string> names;
                for (auto const& row : tables)
                    names.push_back(row.at(0));
                BOOST_TEST((names == shipped_tables()), s);
                ok = ok && names == shipped_tables();
                BOOST_TEST(db.applied_versions(s + ".schema_version").size() == shipped_tables().size());
            }
            auto const strays =
                db.query("SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'decoy')")
                    .at(0)
                    .at(0);
            BOOST_TEST(strays == "0");
            ok = ok && strays == "0";
            failures += ok ? 0 : 1;
        }
    }
    std::cout << "figure: harness tenants through pgbouncer (transaction): " << count << " trial(s) of "
              << tenants << " tenants up, down 3, up, with " << traffic_total
              << " queries of other clients' traffic; " << failures << " failure(s)" << std::endl;
}

// A non-transactional migration cannot keep a tenant's search_path behind a transaction pooler:
// exit 2 naming it and why, before anything runs; over a direct connection it works.
BOOST_AUTO_TEST_CASE(a_non_transactional_tenant_migration_behind_a_transaction_pooler_is_refused) {
    auto const bouncer = fixture("MIGRATOR_TEST_PGBOUNCER_TRANSACTION_URL");
    if (!bouncer) return;
    auto const session = fixture("MIGRATOR_TEST_PGBOUNCER_SESSION_URL");
    if (!session) return;
    ScratchDatabase db;
    db.execute("CREATE SCHEMA tenant_a");
    TempDir dir;
    write_migration(dir / "migrations", "1_items", "CREATE TABLE items (id INT);\n", "DROP TABLE items;\n");
    write_migration(dir / "migrations", "2_index", "CREATE INDEX CONCURRENTLY items_id ON items (id);\n",
                    "DROP INDEX CONCURRENTLY items_id;\n", "transaction: false\n");
    auto targets = [&](std::string const& base) {
        write_file(dir / "targets.yaml", "targets:\n  - name: shared\n    database: " +
                                             with_database(base, db.url().field("dbname")) +
                                             "\n    schemas: {query: \"SELECT 'tenant_a'\"}\n");
    };
    std::atomic<bool> stop{false};
    std::atomic<int> queries{0};
    std::thread traffic(pool_traffic, with_database(*bouncer, db.url().field("dbname")), std::cref(stop),
                        std::ref(queries));
    targets(*bouncer);
    for (int trial = 0; trial < (long_run() ? 20 : 3); ++trial) {
        auto const r = run_migrator({"fleet", "up", "--targets", "targets.yaml"}, {dir.path(), {}});
        BOOST_TEST(r.code == 2, r.err);
        BOOST_TEST(contains(r.out, "2_index runs without a transaction"), r.out);
        BOOST_TEST(contains(r.out, "transaction pooler"), r.out);
        BOOST_TEST(db.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'tenant_a'").at(0).at(0) ==
                   "0");
    }
    stop = true;
    traffic.join();
    // Through PgBouncer in session pooling, the same set applies, in its schema.
    targets(*session);
    auto const pooled = run_migrator({"fleet", "up", "--targets", "targets.yaml"}, {dir.path(), {}});
    BOOST_TEST(pooled.code == 0, pooled.err << pooled.out);
    BOOST_TEST(
        db.query("SELECT count(*) FROM pg_indexes WHERE schemaname = 'tenant_a' AND indexname = 'items_id'")
            .at(0)
            .at(0) == "1");
    BOOST_TEST(db.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").at(0).at(0) == "0");
}

// check's scratch databases: dropped on SIGTERM before it exits; after a kill -9, left behind,
// named with the dead process's pid, and dropped by the next check on that server.
BOOST_AUTO_TEST_CASE(check_drops_its_scratch_databases_on_a_signal_and_after_kill_9) {
    TempDir root;
    fs::path const dir = root / "slow", quick = root / "quick";
    write_migration(dir, "1_fast", "CREATE TABLE fast (id INT);\n", "DROP TABLE fast;\n");
    write_migration(dir, "2_long", "SELECT pg_sleep(600);\n", "SELECT 1;\n");
    write_migration(quick, "1_fast", "CREATE TABLE fast (id INT);\n", "DROP TABLE fast;\n");
    auto scratch_of = [](pid_t pid) {
        return admin_query("SELECT count(*) FROM pg_database WHERE datname LIKE 'migrator\\_check\\_%\\_" +
                           std::to_string(pid) + "\\_%'")
            .at(0);
    };
    auto wait_for_scratch = [&](Process& p) {
        auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline && p.running()) {
            if (scratch_of(p.pid()) != "0") return true;
            std::this_thread::sleep_for(milliseconds(20));
        }
        return false;
    };
    ScratchDatabase db;
    int const count = long_run() ? 50 : 5;
    int left = 0;
    for (int trial = 0; trial < count; ++trial) {
        Process check(args(db.cli_url(), dir, {"check", "--no-live", "--dialects", "postgresql"}));
        BOOST_REQUIRE(wait_for_scratch(check));
        std::this_thread::sleep_for(milliseconds(100 + 50 * (trial % 5)));
        check.signal(SIGTERM);
        auto const code = check.wait_for(milliseconds(20000));
        BOOST_REQUIRE(code.has_value());
        BOOST_TEST(*code == 1, check.err());
        BOOST_TEST(contains(check.err(), "interrupted"), check.err());
        left += scratch_of(check.pid()) != "0";
        BOOST_TEST(scratch_of(check.pid()) == "0");
    }
    std::cout << "figure: harness check stopped by SIGTERM (postgresql): " << count << " trial(s), " << left
              << " left a scratch database" << std::endl;
    pid_t killed = 0;
    {
        Process check(args(db.cli_url(), dir, {"check", "--no-live", "--dialects", "postgresql"}));
        BOOST_REQUIRE(wait_for_scratch(check));
        check.signal(SIGKILL);
        check.wait();
        killed = check.pid();
    }
    BOOST_TEST(scratch_of(killed) == "1"); // what a kill -9 leaves
    auto const next =
        run_migrator(args(db.cli_url(), quick, {"check", "--no-live", "--dialects", "postgresql"}));
    BOOST_TEST(next.code == 3, next.err); // no snapshot: a finding, and the check ran
    BOOST_TEST(scratch_of(killed) == "0");
}

// import waits at most --lock-timeout for another session's lock on the foreign table, then
// exits 4 naming it; a foreign version is kept exactly or refused, never altered.
BOOST_AUTO_TEST_CASE(import_honours_the_lock_timeout_and_keeps_foreign_versions_exactly) {
    ScratchDatabase db;
    TempDir dir;
    write_file(dir / "migrations" / "1_a.up.sql", "CREATE TABLE a (id INT);\n");
    write_file(dir / "migrations" / "1_a.down.sql", "DROP TABLE a;\n");
    write_file(dir / "migrations" / "5_b.up.sql", "CREATE TABLE b (id INT);\n");
    write_file(dir / "migrations" / "5_b.down.sql", "DROP TABLE b;\n");
    db.execute(
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)");
    db.execute("INSERT INTO schema_migrations VALUES (1, false)");
    auto holder = db.connect();
    holder->execute("BEGIN");
    holder->execute("SET application_name = 'other-tool'");
    holder->execute("LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE");
    auto const start = std::chrono::steady_clock::now();
    auto const r = run_migrator(args(db.cli_url(), dir / "migrations",
                                     {"--lock-timeout", "2s", "import", "--from", "golang-migrate"}));
    auto const took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(r.code == 4, r.err);
    BOOST_TEST(contains(r.err, "could not read schema_migrations within 2s: it is locked by pid "), r.err);
    BOOST_TEST(contains(r.err, "application other-tool"), r.err);
    BOOST_TEST(contains(r.err, "idle in transaction"), r.err);
    BOOST_TEST((took < std::chrono::seconds(8)));
    BOOST_TEST(!db.has_table("schema_version"));
    holder->execute("ROLLBACK");
    // A version with a sign is refused whole, never read as another (it was once stripped to 5).
    db.execute("UPDATE schema_migrations SET version = -5");
    auto const signed_version =
        run_migrator(args(db.cli_url(), dir / "migrations", {"import", "--from", "golang-migrate"}));
    BOOST_TEST(signed_version.code == 2, signed_version.err);
    BOOST_TEST(contains(signed_version.err, "version '-5' is not a version migrator can keep exactly"),
               signed_version.err);
    BOOST_TEST(!db.has_table("schema_version"));
    db.execute("UPDATE schema_migrations SET version = 5");
    auto const ok =
        run_migrator(args(db.cli_url(), dir / "migrations", {"import", "--from", "golang-migrate"}));
    BOOST_TEST(ok.code == 0, ok.err);
    BOOST_TEST((db.applied_versions() == std::vector<std::int64_t>{1, 5}));
}
