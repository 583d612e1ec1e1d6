// Runs the built `migrator` binary and checks exit codes 0-4, output and side effects.
#define BOOST_TEST_MODULE migrator_cli
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli_run.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;

namespace {

// A migration that keeps SQLite busy for a second or two inside its transaction.
std::string const slow_sql =
    "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
    "LIMIT 10000000) SELECT sum(x) AS s FROM c;\n";

} // namespace

BOOST_AUTO_TEST_CASE(quick_start_up_status_down) {
    Project p;
    auto up = cli(p.path(), "up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "applied  0001_create_users ("));
    BOOST_TEST(has(up.out, "8 migrations in"));
    BOOST_TEST(fs::exists(p.dir / "social_network.db"));
    auto status = cli(p.path(), "status");
    BOOST_TEST(status.code == 0);
    BOOST_TEST(has(status.out, "current version: 8"));
    BOOST_TEST(has(status.out, "8 applied, 0 pending"));
    auto again = cli(p.path(), "up");
    BOOST_TEST(has(again.out, "nothing to do; current version: 8"));
    auto history = cli(p.path(), "history");
    BOOST_TEST(has(history.out, "VERSION  NAME"), history.out);
    BOOST_TEST(has(history.out, "\n8        create_group_members  20"), history.out);
    BOOST_TEST(has(history.out, "8 migrations applied"), history.out);
    auto down = cli(p.path(), "down --all");
    BOOST_TEST(down.code == 0);
    BOOST_TEST(has(down.out, "reverted 0001_create_users"));
    BOOST_TEST(has(cli(p.path(), "status --exit-code").out, "0 applied, 8 pending"));
    BOOST_TEST(cli(p.path(), "status --exit-code").code == 3);
}

BOOST_AUTO_TEST_CASE(global_flags_after_the_command_and_targets) {
    Project p;
    auto r = cli(p.path(), "up --to 3 --database sqlite:///other.db");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(fs::exists(p.dir / "other.db"));
    BOOST_TEST(!fs::exists(p.dir / "social_network.db"));
    BOOST_TEST(has(cli(p.path(), "--database sqlite:///other.db down --to 1").out, "current version: 1"));
    auto beyond = cli(p.path(), "down --steps 5 --database sqlite:///other.db");
    BOOST_TEST(beyond.code == 2);
    BOOST_TEST(has(beyond.err, "--steps 5 is more than the 1 applied migration"));
    BOOST_TEST(cli(p.path(), "up --to 42").code == 2);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    Project p;
    BOOST_TEST(cli(p.path(), "--help").code == 0);
    BOOST_TEST(has(cli(p.path(), "--version").out, "migrator 0."));
    auto bad = cli(p.path(), "up --no-such-flag");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, "--no-such-flag"));
    BOOST_TEST(has(cli(p.path(), "").out, "Subcommands:")); // migrator alone: the usage
    BOOST_TEST(cli(p.path(), "frobnicate").code == 2);
    auto url = cli(p.path(), "status --database mysql://x");
    BOOST_TEST(url.code == 2);
    BOOST_TEST(has(url.err, "unsupported database URL scheme 'mysql'"));
    auto table = cli(p.path(), "up --version-table 'bad;name'");
    BOOST_TEST(table.code == 2);
    BOOST_TEST(has(table.err, "bad version table name"));
    BOOST_TEST(cli(p.path(), "up --lock-timeout forever").code == 2);
}

BOOST_AUTO_TEST_CASE(no_database_names_the_three_places) {
    TempDir empty;
    fs::create_directory(empty / "migrations");
    auto r = cli(empty.path(), "up");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(has(r.err, "no database given: pass --database URL, set DATABASE_URL, or set 'database'"));
    // DATABASE_URL from the environment is the second place
    auto env = cli(empty.path(), "status --allow-empty", "DATABASE_URL=sqlite:///from_env.db");
    BOOST_TEST(env.code == 0, env.err);
    BOOST_TEST(has(env.out, "from_env.db"));
}

// A migration without down.sql is irreversible in migrator's own layout too: up runs it, down
// stops before it (exit 2) and reverts nothing.
BOOST_AUTO_TEST_CASE(a_missing_down_is_irreversible) {
    Project p;
    write_file(p.dir / "migrations/0099_backfill/up.sql", "CREATE TABLE backfill (id INTEGER);\n");
    auto const validate = cli(p.path(), "validate");
    BOOST_TEST(validate.code == 0, validate.err);
    BOOST_TEST(has(validate.out + validate.err, "0099_backfill has no down: it is irreversible"),
               validate.err);
    auto const up = cli(p.path(), "up");
    BOOST_TEST(up.code == 0, up.err);
    auto const down = cli(p.path(), "down");
    BOOST_TEST(down.code == 2);
    BOOST_TEST(has(down.err, "0099_backfill has no down (irreversible)"), down.err);
    BOOST_TEST(has(cli(p.path(), "version").out, "99"));
}

BOOST_AUTO_TEST_CASE(malformed_set_exits_2_with_the_path) {
    Project p;
    write_file(p.dir / "migrations/0009_broken/down.sql", "DROP TABLE x;\n");
    auto r = cli(p.path(), "up");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(has(r.err, "migrations/0009_broken: no up.sql (or up.sqlite.sql)"));
    BOOST_TEST(!fs::exists(p.dir / "social_network.db")); // nothing touched
    fs::remove_all(p.dir / "migrations/0009_broken");
    write_migration(p.dir / "migrations", "0009_dup", "SELECT 1;", "SELECT 1;");
    write_migration(p.dir / "migrations", "9_dup_again", "SELECT 1;", "SELECT 1;");
    BOOST_TEST(has(cli(p.path(), "validate").err, "duplicate version 9"));
    BOOST_TEST(cli(p.path(), "validate").code == 2);
}

BOOST_AUTO_TEST_CASE(failing_migration_exits_1_naming_file_line_and_message) {
    Project p;
    write_migration(p.dir / "migrations", "0009_broken",
                    "CREATE TABLE half (id INT);\nINSERT INTO nowhere VALUES (1);\n", "DROP TABLE half;\n");
    auto r = cli(p.path(), "up");
    BOOST_TEST(r.code == 1);
    BOOST_TEST(has(r.err, "migrations/0009_broken/up.sql:2: statement 2: no such table: nowhere"), r.err);
    BOOST_TEST(has(r.out, "applied  0008_create_group_members")); // earlier ones are applied and stay
    auto status = cli(p.path(), "status");
    BOOST_TEST(has(status.out, "current version: 8"));
    BOOST_TEST(has(status.out, "pending           0009_broken"));
}

BOOST_AUTO_TEST_CASE(changed_checksum_exits_3) {
    Project p;
    BOOST_TEST(cli(p.path(), "up").code == 0);
    std::ofstream(p.dir / "migrations/0002_create_posts/up.sql", std::ios::app) << "-- edited\n";
    auto up = cli(p.path(), "up");
    BOOST_TEST(up.code == 3);
    BOOST_TEST(has(up.err, "applied migration 0002_create_posts has changed since it was applied"));
    auto status = cli(p.path(), "status");
    BOOST_TEST(has(status.out, "changed"));
    BOOST_TEST(cli(p.path(), "validate").code == 3);
    BOOST_TEST(cli(p.path(), "up --allow-changed").code == 0);
}

BOOST_AUTO_TEST_CASE(held_lock_exits_4) {
    Project p;
    BOOST_TEST(cli(p.path(), "up --to 1").code == 0);
    auto holder = registry().get("sqlite").connect(
        registry().parse_url("sqlite:///" + (p.dir / "social_network.db").string()), std::chrono::seconds(1));
    holder->begin(); // holds the write lock
    auto r = cli(p.path(), "up --lock-timeout 300ms");
    BOOST_TEST(r.code == 4, r.err);
    BOOST_TEST(has(r.err, "still locked by another writer"));
}

BOOST_AUTO_TEST_CASE(json_output_is_one_document_with_exit_code) {
    Project p;
    auto up = cli(p.path(), "up --json --to 2");
    BOOST_TEST(up.code == 0);
    auto doc = nlohmann::json::parse(up.out);
    BOOST_TEST(doc["exit_code"] == 0);
    BOOST_TEST(doc["command"] == "up");
    BOOST_TEST(doc["steps"].size() == 2u);
    BOOST_TEST(doc["steps"][0]["outcome"] == "applied");
    BOOST_TEST(doc["current_version"] == 2);
    auto status = nlohmann::json::parse(cli(p.path(), "status --json").out);
    BOOST_TEST(status["pending"] == 6);
    BOOST_TEST(status["migrations"][2]["state"] == "pending");
    auto err = cli(p.path(), "up --json --to 77");
    BOOST_TEST(err.code == 2);
    auto e = nlohmann::json::parse(err.out);
    BOOST_TEST(e["exit_code"] == 2);
    BOOST_TEST(has(e["error"].get<std::string>(), "--to 77"));
    auto parse_error = cli(p.path(), "up --json --bogus");
    BOOST_TEST(nlohmann::json::parse(parse_error.out)["exit_code"] == 2);
    for (auto const* d : {&doc, &status, &e})
        BOOST_TEST((*d)["schema_version"] == 1);
    BOOST_TEST(nlohmann::json::parse(parse_error.out)["schema_version"] == 1);
    auto history = nlohmann::json::parse(cli(p.path(), "history --json").out);
    BOOST_TEST(history["history"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(sql_and_dry_run_touch_nothing) {
    Project p;
    auto sql = cli(p.path(), "up --sql");
    BOOST_TEST(sql.code == 0, sql.err);
    BOOST_TEST(has(sql.out, "CREATE TABLE IF NOT EXISTS \"schema_version\""));
    BOOST_TEST(has(sql.out, "BEGIN IMMEDIATE;\n-- 0001_create_users (up, up.sql)\nCREATE TABLE users ("));
    BOOST_TEST(has(sql.out, "INSERT INTO \"schema_version\""));
    BOOST_TEST(!fs::exists(p.dir / "social_network.db"));
    auto dry = cli(p.path(), "up --dry-run");
    BOOST_TEST(dry.code == 0);
    BOOST_TEST(has(dry.out, "would apply  0008_create_group_members"));
    BOOST_TEST(!fs::exists(p.dir / "social_network.db"));
    auto status = cli(p.path(), "status");
    BOOST_TEST(has(status.out, "0 applied, 8 pending"));
    BOOST_TEST(!fs::exists(p.dir / "social_network.db"));
    // Offline for PostgreSQL, with no database at all
    TempDir elsewhere; // no config, no database
    auto pg = cli(elsewhere.path(),
                  "up --sql --dialect postgresql --dir '" + (p.dir / "migrations").string() + "'");
    BOOST_TEST(pg.code == 0, pg.err);
    BOOST_TEST(has(pg.out, "BEGIN;\n-- 0001_create_users (up, up.postgresql.sql)"));
    BOOST_TEST(has(pg.out, "now()"));
    // A named dialect is offline, whatever the config's database (issue 11): the same text anywhere.
    auto named = cli(p.path(), "up --sql --dialect postgresql");
    BOOST_TEST(named.code == 0, named.err);
    BOOST_TEST(named.out == pg.out);
    // The down script, after an up
    BOOST_TEST(cli(p.path(), "up").code == 0);
    auto down = cli(p.path(), "down --sql --steps 2");
    BOOST_TEST(has(down.out, "DELETE FROM \"schema_version\" WHERE version = 8;"));
    BOOST_TEST(has(down.out, "DELETE FROM \"schema_version\" WHERE version = 7;"));
    BOOST_TEST(has(cli(p.path(), "status").out, "current version: 8"));
}

BOOST_AUTO_TEST_CASE(new_scaffolds_the_next_version) {
    Project p;
    auto r = cli(p.path(), "new add_user_bio");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(fs::exists(p.dir / "migrations/0009_add_user_bio/up.sql"));
    BOOST_TEST(fs::exists(p.dir / "migrations/0009_add_user_bio/down.sql"));
    BOOST_TEST(cli(p.path(), "new 'bad name'").code == 0); // slugified: bad_name
    BOOST_TEST(fs::exists(p.dir / "migrations/0010_bad_name/up.sql"));
    TempDir empty;
    BOOST_TEST(cli(empty.path(), "new first --dir m").code == 0);
    BOOST_TEST(fs::exists(empty / "m/0001_first"));
    auto ts = cli(empty.path(), "new --timestamp later --dir m");
    BOOST_TEST(ts.code == 0);
    BOOST_TEST(has(ts.out, "m/20")); // YYYYMMDDHHMMSS
    // a scaffold is not a migration until it is written
    BOOST_TEST(has(cli(p.path(), "up").err, "0009_add_user_bio/up.sql: the script is empty"));
}

BOOST_AUTO_TEST_CASE(baseline_records_without_running) {
    Project p;
    auto r = cli(p.path(), "baseline 3");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(has(r.out, "recorded 3 migrations up to version 3"));
    BOOST_TEST(has(cli(p.path(), "status").out, "current version: 3"));
    BOOST_TEST(cli(p.path(), "baseline 4").code == 2); // the table has rows already
}

BOOST_AUTO_TEST_CASE(config_environments) {
    Project p;
    auto prod = cli(p.path(), "status --env production", "DB_FOR_TEST=1");
    BOOST_TEST(prod.code == 2);
    BOOST_TEST(has(prod.err, "environment variable DATABASE_URL is not set"));
    auto missing = cli(p.path(), "status --env staging");
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(has(missing.err, "environment 'staging' is not defined"));
    write_file(p.dir / "conf/migrator.yaml",
               "migrations: ../migrations\nenvironments:\n  ci:\n    database: sqlite:///ci.db\n");
    auto ci = cli(p.path(), "up --config conf/migrator.yaml --env ci");
    BOOST_TEST(ci.code == 0, ci.err);
    BOOST_TEST(fs::exists(p.dir / "conf/ci.db")); // relative to the config file
}

BOOST_AUTO_TEST_CASE(sigkill_mid_migration_leaves_the_stated_version) {
    TempDir dir;
    write_migration(dir / "migrations", "1_fast", "CREATE TABLE fast (id INTEGER);\n", "DROP TABLE fast;\n");
    write_migration(dir / "migrations", "2_slow", slow_sql, "DROP TABLE slow;\n");
    pid_t pid = spawn(dir.path(), {"--database", "sqlite:///k.db", "up"}, dir / "log");
    // Wait until 1 is committed and 2 is running, then kill at once.
    for (int i = 0;
         i < 200 && cli(dir.path(), "--database sqlite:///k.db status --json").out.find("\"applied\"") ==
                        std::string::npos;
         ++i)
        usleep(10000);
    usleep(100000);
    kill(pid, SIGKILL);
    BOOST_TEST(wait_exit(pid) == 128 + SIGKILL);
    auto session = registry().get("sqlite").connect(
        registry().parse_url("sqlite:///" + (dir / "k.db").string()), std::chrono::seconds(5));
    auto rows = session->query("SELECT version FROM schema_version ORDER BY version");
    BOOST_REQUIRE_EQUAL(rows.size(), 1u); // the table states version 1...
    BOOST_TEST(rows[0][0] == "1");
    BOOST_TEST(session->query("SELECT name FROM sqlite_master WHERE name = 'slow'").empty()); // ...and it is
    session.reset();
    auto again = cli(dir.path(), "--database sqlite:///k.db up");
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(has(again.out, "applied  2_slow"));
}

BOOST_AUTO_TEST_CASE(sigterm_finishes_the_migration_in_flight_then_stops) {
    TempDir dir;
    write_migration(dir / "migrations", "1_slow", slow_sql, "DROP TABLE slow;\n");
    write_migration(dir / "migrations", "2_after", "CREATE TABLE after (id INTEGER);\n",
                    "DROP TABLE after;\n");
    pid_t pid = spawn(dir.path(), {"--database", "sqlite:///t.db", "up"}, dir / "log");
    for (int i = 0; i < 500 && !fs::exists(dir / "t.db"); ++i)
        usleep(10000);
    usleep(200000); // migration 1 is running (it takes over a second)
    kill(pid, SIGTERM);
    BOOST_TEST(wait_exit(pid) == 1);
    BOOST_TEST(has(slurp(dir / "log"), "interrupted"), slurp(dir / "log"));
    auto status = cli(dir.path(), "--database sqlite:///t.db status");
    BOOST_TEST(has(status.out, "current version: 1"), status.out); // 1 committed whole, 2 never started
    BOOST_TEST(has(status.out, "pending           2_after"));
}

BOOST_AUTO_TEST_CASE(check_exit_codes_and_json) {
    Project p;
    fs::copy(shipped_migrations().parent_path() / "schema", p.dir / "schema", fs::copy_options::recursive);
    auto clean = cli(p.path(), "check");
    BOOST_TEST(clean.code == 0, clean.out + clean.err);
    BOOST_TEST(has(clean.out, "sqlite: 8 migrations round-tripped"));
    BOOST_TEST(has(clean.out, "check: clean"));
    BOOST_TEST(!fs::exists(p.dir / "social_network.db")); // scratch only: no live database was touched
    // The down leaves the table behind; IF NOT EXISTS lets the round trip finish, so drift is checked too.
    write_migration(p.dir / "migrations", "0009_bio", "CREATE TABLE IF NOT EXISTS bios (id INTEGER);\n",
                    "SELECT 1;\n");
    auto found = cli(p.path(), "check --json");
    BOOST_TEST(found.code == 3);
    auto doc = nlohmann::json::parse(found.out);
    BOOST_TEST(doc["exit_code"] == 3);
    bool round_trip = false, drift = false;
    for (auto const& f : doc["findings"]) {
        round_trip = round_trip || (f["kind"] == "round_trip" && f["migration"] == "0009_bio");
        drift = drift || f["kind"] == "drift";
    }
    BOOST_TEST(round_trip);
    BOOST_TEST(drift);
    write_file(p.dir / "migrations/0010_x/down.sql", "SELECT 1;\n");
    BOOST_TEST(cli(p.path(), "check").code == 2); // malformed set: no up.sql
    fs::remove_all(p.dir / "migrations/0010_x");
    fs::remove_all(p.dir / "migrations/0009_bio");
    BOOST_TEST(cli(p.path(), "up").code == 0);
    auto dump = cli(p.path(), "schema dump --output dump.sql");
    BOOST_TEST(dump.code == 0, dump.err);
    BOOST_TEST(slurp(p.dir / "dump.sql") ==
               slurp(p.dir / "schema/sqlite.sql")); // the live schema is the snapshot
    BOOST_TEST(cli(p.path(), "check").code == 0);   // and the live checks pass
}

// README "Switching from another tool": other layouts read in place, --format, --allow-empty,
// import, and the warning about empty downs.
namespace {
// Runs `statements` on a SQLite file, as another tool would have left it.
void sqlite_file(fs::path const& file, std::vector<std::string> const& statements) {
    auto c = registry().get("sqlite").connect(registry().parse_url("sqlite:///" + file.string()),
                                              std::chrono::seconds(1));
    for (auto const& sql : statements)
        c->execute(sql);
}

void write_golang_migrate(fs::path const& dir) {
    write_file(dir / "1_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    write_file(dir / "1_users.down.sql", "DROP TABLE users;\n");
    write_file(dir / "2_posts.up.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
    write_file(dir / "2_posts.down.sql", "-- nothing: golang-migrate allows an empty down\n");
}
} // namespace

BOOST_AUTO_TEST_CASE(other_layouts_are_read_in_place) {
    TempDir p;
    write_golang_migrate(p / "migrations");
    auto const url = " --database sqlite:///gm.db ";
    auto up = cli(p.path(), std::string("up") + url);
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "applied  2_posts ("));
    auto status = nlohmann::json::parse(cli(p.path(), std::string("status --json") + url).out);
    BOOST_TEST(status["current_version"] == 2);
    auto wrong = cli(p.path(), std::string("--format dbmate status") + url);
    BOOST_TEST(wrong.code == 2);
    BOOST_TEST(has(wrong.err, "migrations/1_users.down.sql:1: a statement before '-- migrate:up'"),
               wrong.err);
    auto bogus = cli(p.path(), std::string("--format liquibase status") + url);
    BOOST_TEST(bogus.code == 2);
    BOOST_TEST(has(bogus.err, "--format: unknown format 'liquibase' (expected migrator|golang-migrate|"),
               bogus.err);
    write_file(p / "migrator.yaml", "migrations: migrations\nformat: flyway\n");
    auto from_file = cli(p.path(), std::string("status") + url);
    BOOST_TEST(from_file.code == 2);
    BOOST_TEST(has(from_file.err, "not a Flyway migration"), from_file.err);
    write_file(p / "migrator.yaml", "migrations: migrations\nformat: liquibase\n");
    auto bad_file = cli(p.path(), std::string("status") + url);
    BOOST_TEST(bad_file.code == 2);
    BOOST_TEST(has(bad_file.err, "migrator.yaml:2: format: unknown format 'liquibase'"), bad_file.err);
    write_file(p / "migrations" / "V3__x.sql", "SELECT 1;");
    fs::remove(p / "migrator.yaml");
    auto mixed = cli(p.path(), std::string("status") + url);
    BOOST_TEST(mixed.code == 2);
    BOOST_TEST(has(mixed.err, "mixes two layouts: golang-migrate (1_users."), mixed.err);
}

BOOST_AUTO_TEST_CASE(an_empty_or_missing_directory_is_an_error) {
    TempDir p;
    fs::create_directory(p / "empty");
    for (auto const* dir : {"empty", "missing"})
        for (auto const* command : {"up", "down", "status", "validate", "check"}) {
            auto r = cli(p.path(), std::string("--dir ") + dir + " --database sqlite:///e.db " + command);
            BOOST_TEST(r.code == 2, dir << " " << command << ": " << r.err);
            BOOST_TEST(has(r.err, std::string("no migrations found in ") + dir), r.err);
            BOOST_TEST(has(r.err, "(a wrong --dir? --allow-empty accepts it)"), r.err);
        }
    BOOST_TEST(!fs::exists(p / "e.db"));
    auto allowed = cli(p.path(), "--dir empty --database sqlite:///e.db up --allow-empty");
    BOOST_TEST(allowed.code == 0, allowed.err);
    BOOST_TEST(has(allowed.out, "nothing to do"));
    BOOST_TEST(cli(p.path(), "--dir missing --allow-empty --database sqlite:///e.db status").code == 0);
    auto created = cli(p.path(), "--dir missing new first");
    BOOST_TEST(created.code == 0, created.err);
    BOOST_TEST(fs::exists(p / "missing" / "0001_first" / "up.sql"));
}

BOOST_AUTO_TEST_CASE(validate_warns_about_empty_downs) {
    TempDir p;
    write_golang_migrate(p / "migrations");
    auto r = cli(p.path(), "validate");
    BOOST_TEST(r.code == 0, r.err);
    // In another tool's layout, an empty down beside an up that does something is irreversible.
    BOOST_TEST(has(r.err, "warning: migrations/2_posts.down.sql: the down is empty while the up changes the "
                          "schema: 2_posts is irreversible"),
               r.err);
    auto doc = nlohmann::json::parse(cli(p.path(), "validate --json").out);
    BOOST_TEST(doc["warnings"].size() == 1u);
    BOOST_TEST(doc["warnings"][0]["kind"] == "empty-down");
    // check counts it as forward-only, not as a broken round trip.
    BOOST_TEST(cli(p.path(), "check --update-snapshot").code == 0);
    auto check = cli(p.path(), "check");
    BOOST_TEST(check.code == 0, check.out + check.err);
    BOOST_TEST(has(check.out, "sqlite: round trip skipped for 2_posts (its down is empty)"), check.out);
    BOOST_TEST(has(check.out, "1 forward-only"), check.out);
}

BOOST_AUTO_TEST_CASE(import_converts_and_adopts_a_table) {
    TempDir p;
    write_file(
        p / "db" / "20200101000000_users.sql",
        "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n-- migrate:down\nDROP TABLE users;\n");
    write_file(p / "db" / "20200102000000_posts.sql", "-- migrate:up transaction:false\nCREATE TABLE posts "
                                                      "(id INTEGER);\n-- migrate:down\nDROP TABLE posts;\n");
    std::string const url = " --database sqlite:///app.db";
    sqlite_file(p / "app.db", {"CREATE TABLE users (id INTEGER PRIMARY KEY)",
                               "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)",
                               "INSERT INTO schema_migrations VALUES ('20200101000000')"});
    auto r = cli(p.path(), "--dir db import --from dbmate --to migrations -v" + url);
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(has(r.out, "converted 2 migrations into migrations"));
    BOOST_TEST(has(r.out, "imported 1 applied migration from dbmate's table into schema_version"));
    BOOST_TEST(slurp(p / "migrations" / "20200102000000_posts" / "migration.yaml") == "transaction: false\n");
    BOOST_TEST(slurp(p / "migrations" / "20200101000000_users" / "up.sql") ==
               "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    auto up = cli(p.path(), "up" + url);
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "1 migration in"), up.out);
    auto again = cli(p.path(), "--dir db import --from dbmate" + url);
    BOOST_TEST(again.code == 2);
    BOOST_TEST(has(again.err, "import needs an empty version table"), again.err);
    auto nowhere = cli(p.path(), "--dir db import --from dbmate");
    BOOST_TEST(nowhere.code == 2);
    BOOST_TEST(has(nowhere.err, "import needs --to DIR"), nowhere.err);
    BOOST_TEST(cli(p.path(), "--dir db import --from liquibase --to x").code == 2);
    auto taken = cli(p.path(), "--dir db import --from dbmate --to migrations");
    BOOST_TEST(taken.code == 2);
    BOOST_TEST(has(taken.err, "already exists and is not an empty directory"), taken.err);
}

// Issue 22: import --to writes a folder of its own beside the target and renames it into place,
// so a killed import leaves the target absent or whole; the next import removes what it left.
BOOST_AUTO_TEST_CASE(a_killed_import_leaves_no_partial_folder) {
    TempDir p;
    int const count = 2000;
    for (int i = 1; i <= count; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "2020%010d_t%d.sql", i, i);
        write_file(p / "db" / name, "-- migrate:up\nCREATE TABLE t" + std::to_string(i) +
                                        " (id INTEGER);\n-- migrate:down\nDROP TABLE t" + std::to_string(i) +
                                        ";\n");
    }
    auto leftovers = [&] {
        int n = 0;
        for (auto const& e : fs::directory_iterator(p.path()))
            n += e.path().filename().string().rfind(".out.migrator-import-", 0) == 0;
        return n;
    };
    auto const start = std::chrono::steady_clock::now();
    BOOST_REQUIRE(cli(p.path(), "--dir db import --from dbmate --to whole").code == 0);
    auto const full =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    int partial = 0, absent = 0, complete = 0;
    for (int trial = 0; trial < 8; ++trial) {
        fs::remove_all(p / "out");
        pid_t const pid =
            spawn(p.path(), {"--dir", "db", "import", "--from", "dbmate", "--to", "out"}, p / "log");
        std::this_thread::sleep_for(full * trial / 8);
        ::kill(pid, SIGKILL);
        wait_exit(pid);
        if (!fs::exists(p / "out")) {
            ++absent;
            continue;
        }
        std::size_t folders = 0;
        for (auto const& e : fs::directory_iterator(p / "out"))
            folders += e.is_directory();
        folders == static_cast<std::size_t>(count) ? ++complete : ++partial;
    }
    BOOST_TEST(partial == 0);
    BOOST_TEST_MESSAGE("import --to killed: " << absent << " absent, " << complete << " complete, full run "
                                              << full.count() << " ms");
    fs::remove_all(p / "out");
    auto const done = cli(p.path(), "--dir db import --from dbmate --to out");
    BOOST_TEST(done.code == 0, done.err);
    BOOST_TEST(leftovers() == 0);
    // A failed one (the target exists) leaves nothing either.
    auto const refused = cli(p.path(), "--dir db import --from dbmate --to out");
    BOOST_TEST(refused.code == 2);
    BOOST_TEST(leftovers() == 0);
}

BOOST_AUTO_TEST_CASE(import_refuses_a_dirty_table) {
    TempDir p;
    write_golang_migrate(p / "migrations");
    sqlite_file(
        p / "app.db",
        {"CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)",
         "INSERT INTO schema_migrations VALUES (2, TRUE)"});
    auto r = cli(p.path(), "import --from golang-migrate --database sqlite:///app.db");
    BOOST_TEST(r.code == 3);
    BOOST_TEST(has(r.err, "schema_migrations says version 2 is dirty"), r.err);
    auto rows = cli(p.path(), "history --database sqlite:///app.db");
    BOOST_TEST(!has(rows.out, "users"));
}

BOOST_AUTO_TEST_CASE(validate_against_the_base_branch) {
    TempDir p;
    fs::copy(shipped_migrations(), p / "base", fs::copy_options::recursive);
    fs::copy(shipped_migrations(), p / "branch", fs::copy_options::recursive);
    auto ok = cli(p.path(), "--dir branch validate --against base");
    BOOST_TEST(ok.code == 0, ok.err);
    BOOST_TEST(has(ok.out, "against base: nothing out of order, no up changed"));
    // The base branch merged 0010 meanwhile; this branch adds 0009 and edits 0002.
    write_file(p / "base" / "0010_theirs" / "up.sql", "CREATE TABLE theirs (x INT);\n");
    write_file(p / "base" / "0010_theirs" / "down.sql", "DROP TABLE theirs;\n");
    write_file(p / "branch" / "0009_mine" / "up.sql", "CREATE TABLE mine (x INT);\n");
    write_file(p / "branch" / "0009_mine" / "down.sql", "DROP TABLE mine;\n");
    write_file(p / "branch" / "0002_create_posts" / "up.sql",
               slurp(p / "branch" / "0002_create_posts" / "up.sql") + "-- edited\n");
    auto r = cli(p.path(), "--dir branch validate --against base --json");
    BOOST_TEST(r.code == 3, r.err);
    auto doc = nlohmann::json::parse(r.out);
    BOOST_REQUIRE(doc["findings"].size() == 2u);
    BOOST_TEST(doc["findings"][0]["kind"] == "out_of_order");
    BOOST_TEST(doc["findings"][0]["version"] == 9);
    BOOST_TEST(doc["findings"][1]["kind"] == "changed");
    BOOST_TEST(doc["findings"][1]["version"] == 2);
    BOOST_TEST(
        has(r.err, "branch/0009_mine/up.sql: version 9 is new on this branch but older than 0010_theirs"));
    BOOST_TEST(cli(p.path(), "--dir branch validate --against nowhere").code == 2);
}

// On a terminal (a pseudo-terminal from script(1)) a run draws one updating progress line and
// colours its states; piped, or under NO_COLOR, it prints plain lines only.
BOOST_AUTO_TEST_CASE(progress_line_and_colour_on_a_terminal) {
    TempDir p;
    write_file(p / "migrations" / "1_fast" / "up.sql", "CREATE TABLE fast (x INT);\n");
    write_file(p / "migrations" / "1_fast" / "down.sql", "DROP TABLE fast;\n");
    write_file(p / "migrations" / "2_slow" / "up.sql", slow_sql + "CREATE TABLE after_slow (x INT);\n");
    write_file(p / "migrations" / "2_slow" / "down.sql", "DROP TABLE after_slow;\nDROP TABLE slow;\n");
    write_file(p / "migrations" / "2_slow" / "migration.yaml", "transaction: false\n");
    // script(1) runs the command on a pseudo-terminal; cli() runs script instead of migrator.
    auto run_script = [&](std::string const& args, std::string const& env = {}) {
        std::string const out = p / "typescript.out";
        std::string const cmd = "cd '" + p.path().string() + "' && env -u NO_COLOR TERM=xterm " + env +
                                " script -q -e -c '" + MIGRATOR_BINARY + " --database sqlite:///t.db " +
                                args + "' /dev/null > '" + out + "' 2>&1 </dev/null";
        BOOST_TEST(std::system(cmd.c_str()) == 0);
        return slurp(out);
    };
    std::string const up = run_script("up");
    BOOST_TEST(has(up, "\r\033[K[1/2] 1_fast 0.0s"), up);
    BOOST_TEST(has(up, "\r\033[K[2/2] 2_slow "), up);
    BOOST_TEST(has(up, "statement 1/2"), up);                    // a non-transactional step's count
    BOOST_TEST(has(up, "\033[32mapplied\033[0m  2_slow ("), up); // green
    std::size_t redraws = 0;
    for (std::size_t at = up.find("[2/2] 2_slow "); at != std::string::npos;
         at = up.find("[2/2] 2_slow ", at + 1))
        ++redraws;
    BOOST_TEST(redraws >= 3u, up); // the time moved during the slow statement
    std::string const status = run_script("status", "NO_COLOR=1");
    BOOST_TEST(!has(status, "\033["), status);
    BOOST_TEST(has(status, "  applied           1_fast"), status);
    auto piped = cli(p.path(), "--database sqlite:///t.db down --all", "TERM=xterm");
    BOOST_TEST(piped.code == 0, piped.err);
    BOOST_TEST(!has(piped.out, "\033"), piped.out);
    BOOST_TEST(!has(piped.out, "\r"), piped.out);
    BOOST_TEST(has(piped.out, "reverted 2_slow ("), piped.out);
    std::string const quiet = run_script("up -q");
    BOOST_TEST(quiet.empty(), quiet);
}

BOOST_AUTO_TEST_CASE(check_lint_settings_in_the_config_file) {
    Project p;
    write_file(p.dir / "migrator.yaml",
               "migrations: migrations\nlint:\n  since: 3\n  allow:\n    \"0004\": [index-not-concurrent]\n");
    auto ok = cli(p.path(), "check --update-snapshot");
    BOOST_TEST(ok.code == 0, ok.err);
    auto clean = cli(p.path(), "check");
    BOOST_TEST(clean.code == 0, clean.err);
    BOOST_TEST(has(clean.out, "sqlite: 8 migrations round-tripped, 0 failed, 0 skipped"), clean.out);
    BOOST_TEST(has(clean.out, "parity not checked: one dialect"), clean.out);
    write_file(p.dir / "migrator.yaml",
               "migrations: migrations\nlint:\n  allow:\n    x4: [index-not-concurrent]\n");
    auto bad = cli(p.path(), "check");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, "migrator.yaml:4: a lint.allow key must be a version (digits)"), bad.err);
    write_file(p.dir / "migrator.yaml", "migrations: migrations\nlint:\n  sinse: 3\n");
    auto unknown = cli(p.path(), "check");
    BOOST_TEST(unknown.code == 2);
    BOOST_TEST(has(unknown.err, "sinse"), unknown.err);
}
