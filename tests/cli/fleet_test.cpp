// Fleets (issue 13): `migrator fleet` over real SQLite files, real PostgreSQL databases and
// tenant schemas in one database, through the built binary. Needs the test server
// (MIGRATOR_TEST_PG_URL, set by CTest's pg fixture); it never skips.
#define BOOST_TEST_MODULE migrator_fleet
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "cli_run.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {

std::string pg_url() {
    char const* url = std::getenv("MIGRATOR_TEST_PG_URL");
    BOOST_REQUIRE_MESSAGE(url && *url, "MIGRATOR_TEST_PG_URL is not set (ctest sets it)");
    return url;
}

// The server's URL with another database (and optionally user info).
std::string pg_db(std::string const& db, std::string const& user = "postgres") {
    std::string url = pg_url();
    std::string const rest = url.substr(url.find('@') + 1);
    return "postgresql://" + user + "@" + rest.substr(0, rest.rfind('/')) + "/" + db;
}

void psql(std::string const& url, std::string const& sql) {
    std::string const cmd = "psql -X -q '" + url + "' -v ON_ERROR_STOP=1 -c \"" + sql + "\" >/dev/null";
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, sql);
}

std::string psql_value(std::string const& url, std::string const& sql) {
    TempDir io;
    std::string const cmd = "psql -X -Atq '" + url + "' -c \"" + sql + "\" > '" + (io / "out").string() + "'";
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, sql);
    std::string out = slurp(io / "out");
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

void fresh_database(std::string const& name) {
    psql(pg_url(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    psql(pg_url(), "CREATE DATABASE " + name);
}

// The shipped set's newest version.
std::int64_t newest_shipped() {
    std::int64_t newest = 0;
    for (auto const& e : fs::directory_iterator(shipped_migrations()))
        if (e.is_directory())
            newest = std::max<std::int64_t>(newest, std::stoll(e.path().filename().string()));
    return newest;
}

std::size_t shipped_count() {
    std::size_t n = 0;
    for (auto const& e : fs::directory_iterator(shipped_migrations()))
        n += e.is_directory();
    return n;
}

nlohmann::json json_of(Run const& r) {
    try {
        return nlohmann::json::parse(r.out);
    } catch (std::exception const&) {
        BOOST_FAIL("not JSON: " + r.out + " / " + r.err);
    }
    return {};
}

// A fleet directory: the shipped set in migrations/, `files` empty SQLite files in tenants/.
struct Fleet {
    TempDir dir;
    explicit Fleet(int files = 0) {
        fs::copy(shipped_migrations(), dir / "migrations", fs::copy_options::recursive);
        fs::create_directories(dir / "tenants");
        for (int i = 0; i < files; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "t%03d.db", i);
            std::ofstream(dir / "tenants" / name).flush();
        }
    }
    void targets(std::string const& yaml) const { write_file(dir / "targets.yaml", yaml); }
    // A copy of the set under broken/ whose 0009 runs `up`.
    void broken_set(std::string const& up) const;
    Run run(std::string const& args, std::string const& env = {}) const {
        return cli(dir.path(), "fleet " + args + " --targets targets.yaml", env);
    }
};

// Adds a 9th migration to a copy of the set, under `name`.
void add_migration(fs::path const& set, std::string const& up, std::string const& down = "SELECT 1;\n") {
    write_file(set / "0009_extra" / "up.sql", up);
    write_file(set / "0009_extra" / "down.sql", down);
}

void Fleet::broken_set(std::string const& up) const {
    fs::copy(dir / "migrations", dir / "broken", fs::copy_options::recursive);
    add_migration(dir / "broken", up);
}

} // namespace

BOOST_AUTO_TEST_CASE(two_hundred_files_twenty_databases_and_twenty_schemas_reach_the_same_version) {
    Fleet f(200);
    std::string yaml =
        "migrations: migrations\nparallel: 4\ntargets:\n  - glob: \"sqlite:///tenants/*.db\"\n";
    for (int i = 0; i < 20; ++i) {
        std::string const db = "fleet_db_" + std::to_string(i);
        fresh_database(db);
        yaml += "  - name: db" + std::to_string(i) + "\n    database: " + pg_db(db) + "\n";
    }
    fresh_database("fleet_tenants");
    for (int i = 0; i < 20; ++i)
        psql(pg_db("fleet_tenants"), "CREATE SCHEMA tenant_" + std::to_string(i));
    psql(pg_db("fleet_tenants"), "CREATE SCHEMA other"); // not a tenant: the query leaves it out
    yaml +=
        "  - name: shared\n    database: " + pg_db("fleet_tenants") +
        "\n    schemas:\n      query: \"SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\\\_%' "
        "ORDER BY 1\"\n";
    f.targets(yaml);

    auto const newest = newest_shipped();
    auto const up = f.run("up --json");
    BOOST_TEST(up.code == 0, up.err);
    auto const doc = json_of(up);
    BOOST_TEST(doc["command"] == "fleet up");
    BOOST_TEST(doc["parallel"] == 4);
    BOOST_REQUIRE(doc["targets"].size() == 240u);
    BOOST_TEST(doc["totals"]["targets"] == 240);
    BOOST_TEST(doc["totals"]["applied"] == 240);
    for (auto const& t : doc["targets"]) {
        BOOST_TEST(t["outcome"] == "applied", t.dump());
        BOOST_TEST(t["count"] == shipped_count());
        BOOST_TEST(t["version_before"].is_null());
        BOOST_TEST(t["version_after"] == newest);
        BOOST_TEST(t["exit_code"] == 0);
    }
    BOOST_TEST(doc["targets"][0]["name"] == "t000");
    BOOST_TEST(doc["targets"][220]["name"] == "shared/tenant_0");
    BOOST_TEST(doc["targets"][220]["schema"] == "tenant_0");

    // Each tenant's tables and version table are in its own schema; none went to public.
    for (int i = 0; i < 20; ++i) {
        std::string const s = "tenant_" + std::to_string(i);
        BOOST_TEST(psql_value(pg_db("fleet_tenants"), "SELECT count(*) FROM " + s + ".schema_version") ==
                   std::to_string(shipped_count()));
        BOOST_TEST(psql_value(pg_db("fleet_tenants"), "SELECT to_regclass('" + s + ".users') IS NOT NULL") ==
                   "t");
    }
    BOOST_TEST(psql_value(pg_db("fleet_tenants"),
                          "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'other')") == "0");
    BOOST_TEST(psql_value(pg_db("fleet_db_7"), "SELECT max(version) FROM schema_version") ==
               std::to_string(newest));

    // Re-running is a no-op everywhere; the text summary has a line per target and the totals.
    auto const again = f.run("up");
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(has(again.out, "fleet up: 240 targets in "), again.out);
    BOOST_TEST(has(again.out, ": 240 up to date\n"), again.out);
    BOOST_TEST(has(again.out, "shared/tenant_19"));
    BOOST_TEST(has(again.out, "schema tenant_19"));
    BOOST_TEST(has(again.out, std::to_string(newest) + " -> " + std::to_string(newest) + "  up to date"));
    std::size_t lines = 0;
    for (char c : again.out)
        lines += c == '\n';
    BOOST_TEST(lines == 242u); // "targets: ...", a line per target, the totals

    auto const status = f.run("status --exit-code --json");
    BOOST_TEST(status.code == 0, status.err);
    BOOST_TEST(json_of(status)["totals"]["up_to_date"] == 240);

    // A tenant rolled back alone; status --exit-code then says it is behind (3), naming it.
    auto const down = f.run("down --steps 2 --only shared/tenant_3");
    BOOST_TEST(down.code == 0, down.err);
    BOOST_TEST(has(down.out, "shared/tenant_3  schema tenant_3  " + std::to_string(newest) + " -> "),
               down.out);
    BOOST_TEST(has(down.out, "reverted 2"));
    auto const behind = f.run("status --exit-code --only shared");
    BOOST_TEST(behind.code == 3, behind.out);
    BOOST_TEST(has(behind.out, "2 pending"), behind.out);
    BOOST_TEST(has(behind.out, "fleet status: 20 targets in "), behind.out);
    BOOST_TEST(has(behind.out, " ms: 19 up to date, 1 behind\n"), behind.out);
    BOOST_TEST(f.run("up --only shared/tenant_3,db0").code == 0);
    BOOST_TEST(f.run("status --exit-code").code == 0);

    // A tenant's offline script selects its schema in each transaction, as its live run does (which
    // a transaction pooler keeps with the transaction).
    auto const sql = f.run("down --sql --only shared/tenant_0");
    BOOST_TEST(sql.code == 0, sql.err);
    BOOST_TEST(sql.out.rfind("-- target shared/tenant_0 (schema tenant_0)\nSELECT pg_advisory_lock(", 0) == 0,
               sql.out);
    BOOST_TEST(
        has(sql.out,
            ";\nBEGIN;\nSET LOCAL search_path TO \"tenant_0\", public;\n-- 0008_create_group_members (down"),
        sql.out);
    BOOST_TEST(!has(sql.out, "\nSET search_path"), sql.out);
    BOOST_TEST(has(sql.out, "\"tenant_0\".\"schema_version\""), sql.out);
}

BOOST_AUTO_TEST_CASE(a_glob_never_takes_the_files_kept_beside_a_database) {
    Fleet f(2);
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*\"\n");
    BOOST_TEST(f.run("up").code == 0);
    BOOST_TEST(fs::exists(f.dir / "tenants" / "t000.db-migrator.lock"));
    std::ofstream(f.dir / "tenants" / "t000.db-journal").flush();
    auto const again = f.run("up --json");
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(json_of(again)["totals"]["targets"] == 2);
}

BOOST_AUTO_TEST_CASE(a_failing_target_rolls_back_whole_the_others_finish_and_a_rerun_completes) {
    Fleet f(3);
    f.broken_set(
        "CREATE TABLE half (x INTEGER);\nINSERT INTO half VALUES (1);\nSELECT * FROM no_such_table;\n");
    add_migration(f.dir / "migrations", "CREATE TABLE extra (x INTEGER);\n", "DROP TABLE extra;\n");
    f.targets("targets:\n"
              "  - glob: \"sqlite:///tenants/*.db\"\n"
              "  - name: broken\n    database: sqlite:///broken.db\n    migrations: broken\n"
              "  - name: away\n    database: postgresql://postgres@127.0.0.1:1/nowhere\n");
    auto const up = f.run("up --parallel 2");
    BOOST_TEST(up.code == 1, up.out + up.err);
    BOOST_TEST(has(up.out, "t000"));
    BOOST_TEST(has(up.out, "applied 9"), up.out);
    BOOST_TEST(has(up.out, "failed: "), up.out);
    // The broken target: its message names the file and line; 0009 rolled back whole.
    BOOST_TEST(has(up.err, "migrator: broken: "), up.err);
    BOOST_TEST(has(up.err, "0009_extra/up.sql:3"), up.err);
    BOOST_TEST(has(up.err, "no such table"), up.err);
    std::string const broken_line =
        up.out.substr(up.out.find("\nbroken "), up.out.find("\naway ") - up.out.find("\nbroken "));
    BOOST_TEST(has(broken_line, "none -> " + std::to_string(newest_shipped()) + " "),
               broken_line); // 1-8 committed
    BOOST_TEST(has(broken_line, "failed: broken/0009_extra/up.sql:3: "), broken_line);
    // The unreachable one: one line with the cause.
    BOOST_TEST(has(up.err, "migrator: away: cannot connect to postgresql://postgres@127.0.0.1:1/nowhere"),
               up.err);
    BOOST_TEST(has(up.out, "3 applied, 2 failed"), up.out);

    auto const state = cli(f.dir.path(), "--database sqlite:///broken.db --dir broken status --json");
    auto const doc = json_of(state);
    BOOST_TEST(doc["current_version"] == newest_shipped());
    auto const half = cli(f.dir.path(), "--database sqlite:///broken.db --dir broken schema dump");
    BOOST_TEST(!has(half.out, "half"), half.out);

    // --fail-fast at --parallel 1: the first failure stops the rest, which are skipped.
    auto const fast = f.run("up --parallel 1 --fail-fast --only broken,t000 --json");
    BOOST_TEST(fast.code == 1);
    auto const fast_doc = json_of(fast);
    BOOST_TEST(fast_doc["targets"][0]["outcome"] == "up_to_date"); // t000 comes first in the file
    BOOST_TEST(fast_doc["targets"][1]["outcome"] == "failed");

    // Fixed, and the unreachable one left out: the re-run applies only what is pending.
    write_file(f.dir / "broken" / "0009_extra" / "up.sql", "CREATE TABLE half (x INTEGER);\n");
    auto const rerun = f.run("up --only t000,t001,t002,broken --json");
    BOOST_TEST(rerun.code == 0, rerun.err);
    auto const rerun_doc = json_of(rerun);
    BOOST_TEST(rerun_doc["totals"]["up_to_date"] == 3);
    BOOST_TEST(rerun_doc["targets"][3]["outcome"] == "applied");
    BOOST_TEST(rerun_doc["targets"][3]["count"] == 1);
    BOOST_TEST(rerun_doc["targets"][3]["version_before"] == newest_shipped());
    BOOST_TEST(rerun_doc["targets"][3]["version_after"] == 9);
}

BOOST_AUTO_TEST_CASE(fail_fast_skips_every_target_after_the_first_failure) {
    Fleet f(6);
    f.broken_set("SELECT * FROM no_such_table;\n");
    f.targets("targets:\n  - name: broken\n    database: sqlite:///broken.db\n    migrations: broken\n"
              "  - glob: \"sqlite:///tenants/*.db\"\n");
    auto const r = f.run("up --parallel 1 --fail-fast");
    BOOST_TEST(r.code == 1);
    BOOST_TEST(has(r.out, ": 1 failed, 6 skipped\n"), r.out);
    BOOST_TEST(!fs::exists(f.dir / "tenants" / "t000.db-migrator.lock"));
}

BOOST_AUTO_TEST_CASE(fail_fast_stops_the_targets_in_flight_after_their_migration_in_flight) {
    Fleet f(1);
    f.broken_set("SELECT * FROM no_such_table;\n");
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*.db\"\n"
              "  - name: broken\n    database: sqlite:///broken.db\n    migrations: broken\n");
    BOOST_TEST(f.run("up --only broken").code == 1); // 1-8 applied: its next run fails at once
    BOOST_TEST(f.run("up --only t000").code == 0);
    // t000 then has a slow 0009 and a quick 0010 pending; it starts first, broken second.
    add_migration(
        f.dir / "migrations",
        "CREATE TABLE slow (x INTEGER);\n"
        "INSERT INTO slow WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000) "
        "SELECT i FROM n;\n",
        "DROP TABLE slow;\n");
    write_file(f.dir / "migrations" / "0010_after" / "up.sql", "CREATE TABLE after_slow (x INTEGER);\n");
    write_file(f.dir / "migrations" / "0010_after" / "down.sql", "DROP TABLE after_slow;\n");
    auto const r = f.run("up --parallel 2 --fail-fast --json");
    BOOST_TEST(r.code == 1, r.err);
    auto const doc = json_of(r);
    BOOST_TEST(doc["targets"][1]["outcome"] == "failed");
    // t000 finished the migration it was running when broken failed, and ran no other.
    BOOST_TEST(doc["targets"][0]["outcome"] == "interrupted", doc.dump());
    // (8 when broken failed before t000's first migration began, 9 when it was inside 0009.)
    int const stopped_at = doc["targets"][0]["version_after"].get<int>();
    BOOST_TEST((stopped_at == 8 || stopped_at == 9), doc.dump());
    BOOST_TEST(f.run("check --only t000").code == 0);
    auto const rerun = f.run("up --only t000 --json");
    BOOST_TEST(rerun.code == 0, rerun.err);
    BOOST_TEST(json_of(rerun)["targets"][0]["count"] == 10 - stopped_at);
}

BOOST_AUTO_TEST_CASE(the_exit_code_is_the_highest_of_the_targets) {
    Fleet f(2);
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*.db\"\n"
              "  - name: away\n    database: postgresql://postgres@127.0.0.1:1/nowhere\n");
    BOOST_TEST(f.run("up --only t000,t001").code == 0);
    // t001's applied script edited: validate and check find it (3), above the unreachable one (1).
    for (auto const& e : fs::directory_iterator(f.dir / "migrations"))
        if (e.path().filename().string().rfind("0001", 0) == 0) {
            std::ofstream(e.path() / "up.sql", std::ios::app) << "\n-- edited\n";
        }
    auto const validate = f.run("validate --json");
    BOOST_TEST(validate.code == 3, validate.err);
    auto const doc = json_of(validate);
    BOOST_TEST(doc["targets"][0]["outcome"] == "problems");
    BOOST_TEST(has(doc["targets"][0]["findings"][0].get<std::string>(), "changed since it was applied"));
    BOOST_TEST(doc["targets"][2]["outcome"] == "failed");
    BOOST_TEST(doc["targets"][2]["exit_code"] == 1);
    BOOST_TEST(f.run("check").code == 3);
    auto const up = f.run("up --only t000");
    BOOST_TEST(up.code == 3, up.err); // an applied script changed: up refuses, as alone
    BOOST_TEST(has(up.err, "migrator: t000: "), up.err);
}

BOOST_AUTO_TEST_CASE(bad_targets_exit_2_before_anything_runs) {
    Fleet f(1);
    auto bad = [&](std::string const& yaml, std::string const& message) {
        f.targets("targets:\n  - name: first\n    database: sqlite:///first.db\n" + yaml);
        auto const r = f.run("up");
        BOOST_TEST(r.code == 2, yaml);
        BOOST_TEST(has(r.err, message), r.err);
        BOOST_TEST(!fs::exists(f.dir / "first.db"), yaml); // nothing ran
        BOOST_TEST(r.out.empty(), r.out);
    };
    bad("  - name: x\n    database: \"postgresql://u:pw@h:99999/db\"\n",
        "targets.yaml:5: target 'x': bad port");
    bad("  - name: x\n    database: mysql://h/db\n",
        "targets.yaml:5: target 'x': unsupported database URL scheme 'mysql'");
    bad("  - glob: \"sqlite:///nowhere/*.db\"\n",
        "targets.yaml:4: glob 'sqlite:///nowhere/*.db' matches no file");
    bad("  - glob: \"postgresql://h/*\"\n", "only file databases match a pattern");
    bad("  - name: s\n    database: " + pg_url() + "\n    schemas: {query: \"SELECT nope\"}\n",
        "target 's': schemas query failed: column \"nope\" does not exist");
    bad("  - name: s\n    database: " + pg_url() + "\n    schemas: {query: \"SELECT 'x' WHERE false\"}\n",
        "target 's': schemas query found no schema");
    bad("  - name: s\n    database: " + pg_url() + "\n    schemas: {query: \"SELECT 'bad-name'\"}\n",
        "schema 'bad-name' is not a plain name");
    bad("  - name: s\n    database: sqlite:///s.db\n    schemas: {query: \"SELECT 1\"}\n",
        "sqlite has no schemas");
    bad("  - name: first\n    database: sqlite:///other.db\n", "target name 'first' is used twice");
    bad("  - name: x\n    datbase: sqlite:///x.db\n", "targets.yaml:5: unknown key 'datbase'");
    bad("  - name: x\n    database: ${FLEET_TEST_UNSET}\n",
        "targets.yaml:5: environment variable FLEET_TEST_UNSET is not set");
    bad("  - name: x\n", "targets.yaml:4: a target has either 'database' (with 'name') or 'glob'");
    bad("  - name: 'a b'\n    database: sqlite:///x.db\n", "bad target name 'a b'");
    bad("parallel: 0\n", "targets.yaml:4: parallel must be a number from 1 to 256");
    f.targets("targets: []\n");
    BOOST_TEST(f.run("up").code == 2);
    f.targets("targets:\n  - name: first\n    database: sqlite:///first.db\n");
    auto const only = f.run("up --only nobody");
    BOOST_TEST(only.code == 2);
    BOOST_TEST(has(only.err, "--only: no target is named 'nobody'"), only.err);
    BOOST_TEST(f.run("up --parallel 0").code == 2);
    BOOST_TEST(cli(f.dir.path(), "fleet up").code == 2);
    BOOST_TEST(cli(f.dir.path(), "fleet up --targets missing.yaml").code == 2);
    BOOST_TEST(cli(f.dir.path(), "fleet up --targets targets.yaml --database sqlite:///x.db").code == 2);
    BOOST_TEST(!fs::exists(f.dir / "first.db"));
}

BOOST_AUTO_TEST_CASE(two_fleet_ups_at_once_apply_every_migration_exactly_once) {
    Fleet f(30);
    fresh_database("fleet_race");
    for (int i = 0; i < 6; ++i)
        psql(pg_db("fleet_race"), "CREATE SCHEMA tenant_" + std::to_string(i));
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*.db\"\n  - name: race\n    database: " +
              pg_db("fleet_race") +
              "\n    schemas: {query: \"SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant%' ORDER "
              "BY 1\"}\n");
    TempDir logs;
    pid_t const a = spawn(
        f.dir.path(), {"--json", "fleet", "up", "--targets", "targets.yaml", "--parallel", "4"}, logs / "a");
    pid_t const b = spawn(
        f.dir.path(), {"--json", "fleet", "up", "--targets", "targets.yaml", "--parallel", "3"}, logs / "b");
    BOOST_TEST(wait_exit(a) == 0, slurp(logs / "a"));
    BOOST_TEST(wait_exit(b) == 0, slurp(logs / "b"));
    auto parse = [&](char const* name) {
        std::string text = slurp(logs / name);
        return nlohmann::json::parse(text.substr(text.find('{')));
    };
    auto const da = parse("a"), db = parse("b");
    BOOST_REQUIRE(da["targets"].size() == 36u);
    for (std::size_t i = 0; i < 36; ++i) {
        int const applied =
            da["targets"][i]["count"].get<int>() * (da["targets"][i]["outcome"] == "applied") +
            db["targets"][i]["count"].get<int>() * (db["targets"][i]["outcome"] == "applied");
        BOOST_TEST(applied == static_cast<int>(shipped_count()),
                   da["targets"][i].dump() + db["targets"][i].dump());
    }
    for (int i = 0; i < 6; ++i)
        BOOST_TEST(psql_value(pg_db("fleet_race"), "SELECT count(*) FROM tenant_" + std::to_string(i) +
                                                       ".schema_version") == std::to_string(shipped_count()));
}

BOOST_AUTO_TEST_CASE(sigterm_mid_fleet_leaves_no_target_half_migrated) {
    Fleet f(40);
    // Each target spends a while in 0009, a transactional migration of several statements.
    add_migration(
        f.dir / "migrations",
        "CREATE TABLE slow (x INTEGER);\n"
        "INSERT INTO slow WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
        "SELECT i FROM n;\n"
        "CREATE INDEX slow_x ON slow (x);\n",
        "DROP TABLE slow;\n");
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*.db\"\n");
    TempDir logs;
    pid_t const pid =
        spawn(f.dir.path(), {"fleet", "up", "--targets", "targets.yaml", "--parallel", "2"}, logs / "log");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    kill(pid, SIGTERM);
    int const code = wait_exit(pid);
    std::string const log = slurp(logs / "log");
    BOOST_TEST(code == 1, log);
    BOOST_TEST(has(log, "no new target starts"), log);
    BOOST_TEST(has(log, "skipped"), log);
    // Every target is either untouched or whole: nothing dirty, nothing changed, and a re-run
    // (which would fail on a table left without its row) completes the fleet.
    auto const check = f.run("check --json");
    BOOST_TEST(check.code == 0, check.out + check.err);
    auto const done = f.run("up --json");
    BOOST_TEST(done.code == 0, done.err);
    auto const done_doc = json_of(done); // a named document: the loop must not outlive it
    for (auto const& t : done_doc["targets"])
        BOOST_TEST(t["version_after"] == 9);
}

BOOST_AUTO_TEST_CASE(no_password_of_any_target_reaches_any_output) {
    std::string const secret = "Fl33t-S3cret-pw";
    psql(pg_url(), "DO \\$\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'migrator_pw') THEN "
                   "CREATE ROLE migrator_pw LOGIN; END IF; END \\$\\$");
    psql(pg_url(), "ALTER ROLE migrator_pw PASSWORD '" + secret + "'");
    fresh_database("fleet_secret");
    psql(pg_db("fleet_secret"), "ALTER DATABASE fleet_secret OWNER TO migrator_pw");
    psql(pg_db("fleet_secret"), "CREATE SCHEMA tenant_a AUTHORIZATION migrator_pw");
    Fleet f(1);
    std::string const host = pg_url().substr(pg_url().find('@') + 1);
    std::string const hostport = host.substr(0, host.rfind('/'));
    f.targets("targets:\n"
              "  - name: inline\n    database: postgresql://migrator_pw:" +
              secret + "@" + hostport +
              "/fleet_secret\n"
              "  - name: param\n    database: \"postgresql://migrator_pw@" +
              hostport + "/fleet_secret?password=" + secret +
              "\"\n"
              "  - name: env\n    database: postgresql://migrator_pw:${FLEET_PW}@" +
              hostport +
              "/fleet_secret\n"
              "  - name: tenants\n    database: postgresql://migrator_pw:" +
              secret + "@" + hostport +
              "/fleet_secret\n"
              "    schemas: {query: \"SELECT 'tenant_a'\"}\n"
              "  - name: wrong\n    database: postgresql://migrator_pw:" +
              secret + "x@" + hostport +
              "/fleet_secret\n"
              "  - name: away\n    database: postgresql://u:" +
              secret +
              "@127.0.0.1:1/nowhere\n"
              "  - glob: \"sqlite:///tenants/*.db\"\n");
    std::string const env = "FLEET_PW=" + secret;
    for (std::string const args :
         {"up", "up --json", "-v up", "status", "status --json", "validate", "check --json", "up --sql",
          "up --dry-run --json", "down --json", "down --sql"}) {
        auto const r = f.run(args, env);
        BOOST_TEST(!has(r.out, secret), args + ": " + r.out);
        BOOST_TEST(!has(r.err, secret), args + ": " + r.err);
        BOOST_TEST(r.code == 1, args + ": " + r.err); // `wrong` and `away` fail every time
    }
    auto const shown = f.run("status", env);
    BOOST_TEST(has(shown.out, "postgresql://migrator_pw:***@"), shown.out);
    // A schema query through a password: its failure is said without it.
    f.targets("targets:\n  - name: t\n    database: postgresql://migrator_pw:" + secret + "@" + hostport +
              "/fleet_secret\n    schemas: {query: \"SELECT '" + secret + "' FROM nope\"}\n");
    auto const query = f.run("up");
    BOOST_TEST(query.code == 2);
    BOOST_TEST(!has(query.err, "migrator_pw:" + secret), query.err);
}

// Issue 22: a glob is relative to the targets file's folder, whose own name is never a pattern.
// For each glob character in the folder name, a decoy folder that the unquoted pattern would
// match holds another project's database, which must stay untouched.
BOOST_AUTO_TEST_CASE(a_glob_in_a_folder_named_with_glob_characters_takes_only_its_own_files) {
    struct Case {
        std::string folder, decoy;
    };
    for (auto const& c : std::vector<Case>{{"x[1]", "x1"},
                                           {"a*b", "a-OTHER-b"},
                                           {"q?", "qq"},
                                           {"back\\slash", "backslash"},
                                           {"br]ack[", ""},
                                           {"[ab]*?\\", "a"}}) {
        BOOST_TEST_CONTEXT(c.folder) {
            TempDir root;
            fs::path const project = root / c.folder;
            fs::create_directories(project);
            fs::copy(shipped_migrations(), project / "migrations", fs::copy_options::recursive);
            fs::create_directories(project / "tenants");
            std::ofstream(project / "tenants" / "own.db").flush();
            if (!c.decoy.empty()) {
                fs::create_directories(root / c.decoy / "tenants");
                std::ofstream(root / c.decoy / "tenants" / "OTHER_PROJECT.db").flush();
            }
            write_file(project / "targets.yaml",
                       "migrations: migrations\ntargets:\n  - glob: \"sqlite:///tenants/*.db\"\n");
            // The file named relative to the working directory, in single quotes for the shell.
            std::string quoted = "'";
            for (char ch : (fs::path(c.folder) / "targets.yaml").string())
                quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
            quoted += "'";
            auto const r = cli(root.path(), "fleet up --json --targets " + quoted);
            BOOST_TEST(r.code == 0, r.err);
            auto const doc = json_of(r);
            BOOST_REQUIRE(doc["targets"].size() == 1u);
            BOOST_TEST(doc["targets"][0]["name"] == "own");
            BOOST_TEST(fs::file_size(project / "tenants" / "own.db") > 0u);
            if (!c.decoy.empty())
                BOOST_TEST(fs::file_size(root / c.decoy / "tenants" / "OTHER_PROJECT.db") == 0u);
        }
    }
}

// The schema query is one read-only statement: anything else is exit 2 naming the targets file's
// line, and the database is untouched (a COMMIT inside the query cannot escape).
BOOST_AUTO_TEST_CASE(the_schema_query_is_read_only_and_one_select) {
    Fleet f;
    fresh_database("fleet_query");
    psql(pg_db("fleet_query"),
         "CREATE SCHEMA tenant_a; CREATE TABLE canary (id int); INSERT INTO canary VALUES (1)");
    auto const canary = [&] {
        return psql_value(pg_db("fleet_query"),
                          "SELECT count(*) FROM canary WHERE to_regclass('canary') IS NOT NULL");
    };
    for (std::string const query :
         {"SELECT 'tenant_a'; COMMIT; DROP TABLE canary; SELECT 'tenant_a'",
          "SELECT 1; COMMIT; DELETE FROM canary; SELECT 'tenant_a'", "DROP TABLE canary",
          "DELETE FROM canary RETURNING 'tenant_a'",
          "WITH gone AS (DELETE FROM canary RETURNING 1) SELECT 'tenant_a' FROM gone",
          "SELECT 'tenant_a' FROM canary FOR UPDATE", "COMMIT", "TRUNCATE canary"}) {
        BOOST_TEST_CONTEXT(query) {
            f.targets("targets:\n  - name: s\n    database: " + pg_db("fleet_query") +
                      "\n    schemas:\n      query: \"" + query + "\"\n");
            for (auto const& command : {"up --dry-run", "status", "up"}) {
                auto const r = f.run(command);
                BOOST_TEST(r.code == 2, command << ": " << r.err);
                BOOST_TEST(has(r.err, "targets.yaml:5: target 's': schemas query failed: "), r.err);
            }
            BOOST_TEST(canary() == "1");
        }
    }
    // A WITH around a SELECT and VALUES are fine.
    for (std::string const query :
         {"WITH t(n) AS (SELECT 'tenant_a') SELECT n FROM t", "VALUES ('tenant_a')"}) {
        f.targets("targets:\n  - name: s\n    database: " + pg_db("fleet_query") +
                  "\n    schemas:\n      query: \"" + query + "\"\n");
        auto const r = f.run("status --json");
        BOOST_TEST(r.code == 0, query << ": " << r.err);
        BOOST_TEST(json_of(r)["targets"][0]["name"] == "s/tenant_a");
    }
}

// --shard I/N: the N shards cover every target exactly once, by name alone, whatever the order.
BOOST_AUTO_TEST_CASE(shards_split_a_fleet_over_runners) {
    Fleet f(40);
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*.db\"\n");
    std::set<std::string> seen;
    std::map<int, std::set<std::string>> by_shard;
    for (int i = 1; i <= 4; ++i) {
        auto const r = f.run("status --json --shard " + std::to_string(i) + "/4");
        BOOST_TEST(r.code == 0, r.err);
        auto const doc = json_of(r);
        BOOST_TEST(doc["shard"] == std::to_string(i) + "/4");
        for (auto const& t : doc["targets"]) {
            BOOST_TEST(seen.insert(t["name"].get<std::string>()).second, "twice: " << t["name"]);
            by_shard[i].insert(t["name"].get<std::string>());
        }
        // The same share from a Kubernetes Indexed Job's index and from MIGRATOR_SHARD.
        auto const job =
            json_of(f.run("status --json --shards 4", "JOB_COMPLETION_INDEX=" + std::to_string(i - 1)));
        auto const env = json_of(f.run("status --json", "MIGRATOR_SHARD=" + std::to_string(i) + "/4"));
        for (auto const* d : {&job, &env}) {
            std::set<std::string> names;
            for (auto const& t : (*d)["targets"])
                names.insert(t["name"].get<std::string>());
            BOOST_TEST((names == by_shard[i]));
        }
    }
    BOOST_TEST(seen.size() == 40u);
    // Running the shards applies every target once; the first line says the share.
    for (int i = 1; i <= 4; ++i) {
        auto const r = f.run("up --shard " + std::to_string(i) + "/4");
        BOOST_TEST(r.code == 0, r.err);
        BOOST_TEST(r.out.rfind("targets: targets.yaml (40 targets; shard " + std::to_string(i) + "/4 takes " +
                                   std::to_string(by_shard[i].size()) + ")\n",
                               0) == 0,
                   r.out);
    }
    BOOST_TEST(json_of(f.run("status --json"))["totals"]["up_to_date"] == 40);
    for (std::string const bad : {"--shard 0/4", "--shard 5/4", "--shard 1/0", "--shard x",
                                  "--shard 1/4 --shards 4", "--shards 4", "--shard 1/-4"}) {
        auto const r = f.run("up " + bad);
        BOOST_TEST(r.code == 2, bad << ": " << r.err);
        BOOST_TEST(has(r.err, "--shard"), r.err);
    }
    BOOST_TEST(f.run("up", "MIGRATOR_SHARD=3/2").code == 2);
    BOOST_TEST(f.run("up --shards 4", "JOB_COMPLETION_INDEX=4").code == 2);
}

// The global --wait applies to each target: an unreachable one is waited for, then fails alone.
BOOST_AUTO_TEST_CASE(wait_applies_to_each_target) {
    Fleet f(1);
    f.targets("targets:\n  - glob: \"sqlite:///tenants/*.db\"\n  - name: down\n    database: "
              "postgresql://postgres@127.0.0.1:1/nowhere\n");
    auto const start = std::chrono::steady_clock::now();
    auto const r = f.run("up --wait 1500ms");
    auto const took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(r.code == 1, r.err);
    BOOST_TEST(has(r.err, "down: waiting for the database to answer"), r.err);
    BOOST_TEST((took >= std::chrono::milliseconds(1400)));
    BOOST_TEST(has(r.out, "t000"), r.out);
    BOOST_TEST(has(r.out, "1 applied, 1 failed"), r.out);
}
