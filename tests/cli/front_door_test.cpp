// The front door (issue 11): what a newcomer from dbmate, golang-migrate, Flyway or Alembic types
// in the first hour, through the built binary. Terminal behaviour runs on a pseudo-terminal
// (script(1)).
#define BOOST_TEST_MODULE migrator_front_door
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sstream>

#include "cli_run.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {

// A project with two small migrations and a migrator.yaml naming t.db.
struct Small {
    TempDir dir;
    Small() {
        write_file(dir / "migrations" / "1_users" / "up.sql",
                   "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        write_file(dir / "migrations" / "1_users" / "down.sql", "DROP TABLE users;\n");
        write_file(dir / "migrations" / "2_posts" / "up.sql",
                   "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
        write_file(dir / "migrations" / "2_posts" / "down.sql", "DROP TABLE posts;\n");
        write_file(dir / "migrations" / "3_tags" / "up.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");
        write_file(dir / "migrations" / "3_tags" / "down.sql", "DROP TABLE tags;\n");
        write_file(dir / "migrator.yaml", "database: sqlite:///t.db\n");
    }
    fs::path const& path() const { return dir.path(); }
    Run run(std::string const& args, std::string const& env = {}) const { return cli(dir.path(), args, env); }
};

// Runs `command` (a shell line) on a pseudo-terminal in `cwd`; returns what the terminal showed.
std::string on_terminal(fs::path const& cwd, std::string const& command, std::string const& env = {}) {
    TempDir io;
    std::string const out = (io / "typescript").string();
    std::string const cmd = "cd '" + cwd.string() + "' && env -u NO_COLOR -u DATABASE_URL TERM=xterm " + env +
                            " script -q -e -c \"" + command + "\" /dev/null > '" + out + "' 2>&1 </dev/null";
    [[maybe_unused]] int const status = std::system(cmd.c_str());
    return slurp(out);
}

nlohmann::json json_of(Run const& r) {
    return nlohmann::json::parse(r.out);
}

} // namespace

BOOST_AUTO_TEST_CASE(unknown_commands_and_options_name_the_closest_real_one) {
    Small p;
    auto typo = p.run("rollbak");
    BOOST_TEST(typo.code == 2);
    BOOST_TEST(typo.err == "migrator: error: unknown command 'rollbak'; did you mean 'rollback' (down)?\n",
               typo.err);
    auto stat = p.run("stauts");
    BOOST_TEST(has(stat.err, "unknown command 'stauts'; did you mean 'status'?"), stat.err);
    auto far = p.run("frobnicate");
    BOOST_TEST(far.code == 2);
    BOOST_TEST(has(far.err, "unknown command 'frobnicate' (see migrator help)"), far.err);
    BOOST_TEST(!has(far.err, "A subcommand is required"));
    // After global options and their values, too.
    BOOST_TEST(has(p.run("--dir migrations --json statsu").err, "did you mean 'status'?"));
    auto const json = json_of(p.run("--json statsu"));
    BOOST_TEST(json["exit_code"] == 2);
    BOOST_TEST(json["error"] == "unknown command 'statsu'; did you mean 'status'?");
    auto option = p.run("up --dryrun");
    BOOST_TEST(option.code == 2);
    BOOST_TEST(has(option.err, "unknown option '--dryrun'; did you mean '--dry-run'?"), option.err);
    auto global = p.run("status --databse sqlite:///x.db");
    BOOST_TEST(
        global.err ==
            "migrator: error: unknown option '--databse'; did you mean '--database'? (see migrator help)\n",
        global.err);
    // Several: in the order typed, each with its own suggestion.
    auto several = p.run("up --zzz --dryrun");
    BOOST_TEST(
        has(several.err, "unknown option '--zzz'; unknown option '--dryrun' (did you mean '--dry-run'?)"),
        several.err);
    auto stray = p.run("up 5");
    BOOST_TEST(stray.code == 2);
    BOOST_TEST(has(stray.err, "unexpected argument '5'"), stray.err);
    // A stray URL is never echoed whole.
    auto secret = p.run("up postgresql://u:hunter2@localhost/db");
    BOOST_TEST(secret.code == 2);
    BOOST_TEST(!has(secret.err, "hunter2"), secret.err);
}

BOOST_AUTO_TEST_CASE(conversion_errors_say_what_the_option_expects) {
    Small p;
    auto to = p.run("up --to abc");
    BOOST_TEST(to.code == 2);
    BOOST_TEST(has(to.err, "--to expects a version number, got 'abc'"), to.err);
    BOOST_TEST(!has(to.err, "Could not convert"), to.err);
    BOOST_TEST(has(p.run("down --steps two").err, "--steps expects a whole number of migrations, got 'two'"));
    BOOST_TEST(has(p.run("goto x1").err, "VERSION expects a version number, got 'x1'"));
}

BOOST_AUTO_TEST_CASE(every_alias_works_and_is_listed) {
    Small p;
    auto migrate = p.run("migrate");
    BOOST_TEST(migrate.code == 0, migrate.err);
    BOOST_TEST(has(migrate.out, "3 migrations in"), migrate.out);
    auto version = p.run("version");
    BOOST_TEST(version.code == 0, version.err);
    BOOST_TEST(version.out == "3\n");
    BOOST_TEST(p.run("current").out == "3\n");
    BOOST_TEST(json_of(p.run("current --json"))["current_version"] == 3);
    auto rollback = p.run("rollback");
    BOOST_TEST(rollback.code == 0, rollback.err);
    BOOST_TEST(has(rollback.out, "reverted 3_tags"), rollback.out);
    auto create = p.run("create add_bio");
    BOOST_TEST(create.code == 0, create.err);
    BOOST_TEST(fs::exists(p.dir / "migrations" / "4_add_bio" / "up.sql"));
    // --url and -u are --database.
    auto url = p.run("--url sqlite:///other.db up --to 1");
    BOOST_TEST(url.code == 0, url.err);
    BOOST_TEST(fs::exists(p.dir / "other.db"));
    BOOST_TEST(p.run("version -u sqlite:///other.db").out == "1\n");
    BOOST_TEST(p.run("version --database sqlite:///none.db").out == "none\n");
    auto help = p.run("--help");
    for (char const* listed : {"up, migrate", "down, rollback", "version, current", "new, create",
                               "-u,--database,--url URL", "goto", "init", "wait", "help"})
        BOOST_TEST(has(help.out, listed), listed);
}

BOOST_AUTO_TEST_CASE(help_for_a_command_shows_its_global_options_and_an_example) {
    Small p;
    auto help = p.run("help up");
    BOOST_TEST(help.code == 0, help.err);
    BOOST_TEST(has(help.out, "Usage: migrator up [OPTIONS]"), help.out);
    BOOST_TEST(has(help.out, "--steps N"), help.out);
    BOOST_TEST(has(help.out, "Global options (before or after the command):"), help.out);
    BOOST_TEST(has(help.out, "--lock-timeout DURATION"), help.out);
    BOOST_TEST(has(help.out, "Example:\n  migrator up --to 5"), help.out);
    BOOST_TEST(p.run("up --help").out == help.out);
    BOOST_TEST(has(p.run("help rollback").out, "Usage: migrator down"));
    BOOST_TEST(has(p.run("help schema dump").out, "Usage: migrator schema dump"));
    BOOST_TEST(has(p.run("help").out, "Usage: migrator [OPTIONS] SUBCOMMAND"));
    auto unknown = p.run("help rollbak");
    BOOST_TEST(unknown.code == 2);
    BOOST_TEST(has(unknown.err, "did you mean 'rollback' (down)?"), unknown.err);
    // The exclusion is said in the description, on the option's own line.
    auto top = p.run("--help");
    BOOST_TEST(has(top.out, "  -q,--quiet                  print only errors (not with -v)\n"), top.out);
    BOOST_TEST(!has(top.out, "Excludes"), top.out);
}

BOOST_AUTO_TEST_CASE(init_writes_a_config_and_migrations_and_never_overwrites) {
    TempDir d;
    auto init = cli(d.path(), "init");
    BOOST_TEST(init.code == 0, init.err);
    BOOST_TEST(fs::is_directory(d / "migrations"));
    BOOST_TEST(fs::is_empty(d / "migrations"));
    std::string const yaml = slurp(d / "migrator.yaml");
    BOOST_TEST(has(yaml, "# "), yaml); // commented
    BOOST_TEST(has(yaml, "database: sqlite:///development.db"), yaml);
    // It works as written: new, then up.
    BOOST_TEST(cli(d.path(), "new create_users").code == 0);
    write_file(d / "migrations" / "0001_create_users" / "up.sql", "CREATE TABLE users (id INT);\n");
    write_file(d / "migrations" / "0001_create_users" / "down.sql", "DROP TABLE users;\n");
    auto up = cli(d.path(), "up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(fs::exists(d / "development.db"));
    // Again: refused, exit 2, nothing touched.
    auto again = cli(d.path(), "init");
    BOOST_TEST(again.code == 2);
    BOOST_TEST(has(again.err, "migrator.yaml already exists"), again.err);
    BOOST_TEST(slurp(d / "migrator.yaml") == yaml);
    TempDir only_dir;
    fs::create_directory(only_dir / "migrations");
    auto half = cli(only_dir.path(), "init");
    BOOST_TEST(half.code == 2);
    BOOST_TEST(has(half.err, "migrations already exists"), half.err);
    BOOST_TEST(!fs::exists(only_dir / "migrator.yaml"));
    // A password never reaches the file.
    TempDir secret;
    auto pg = cli(secret.path(), "init --database postgresql://app:hunter2@localhost/app");
    BOOST_TEST(pg.code == 0, pg.err);
    BOOST_TEST(!has(slurp(secret / "migrator.yaml"), "hunter2"));
    BOOST_TEST(has(slurp(secret / "migrator.yaml"), "database: ${DATABASE_URL}"));
    BOOST_TEST(!has(pg.out + pg.err, "hunter2"));
    TempDir bad;
    BOOST_TEST(cli(bad.path(), "init --database mysql://x").code == 2);
    BOOST_TEST(!fs::exists(bad / "migrator.yaml"));
}

BOOST_AUTO_TEST_CASE(new_slugifies_and_accepts_what_the_loader_accepts) {
    Small p;
    auto empty = p.run("new ''");
    BOOST_TEST(empty.code == 2);
    BOOST_TEST(has(empty.err, "has no letter or digit"), empty.err);
    BOOST_TEST(p.run("new '!!!'").code == 2);
    auto slug = p.run("new 'Add Bio!'");
    BOOST_TEST(slug.code == 0, slug.err);
    BOOST_TEST(fs::is_directory(p.dir / "migrations" / "4_add_bio"));
    auto accented = p.run("new préférences");
    BOOST_TEST(accented.code == 0, accented.err);
    BOOST_TEST(fs::is_directory(p.dir / "migrations" / "5_préférences"));
    auto path = p.run("new 'a/../b'");
    BOOST_TEST(path.code == 0, path.err);
    BOOST_TEST(fs::is_directory(p.dir / "migrations" / "6_a_b"));
    // The loader reads what new wrote (empty ups: pending, with a warning).
    auto status = p.run("status");
    BOOST_TEST(status.code == 0, status.err);
    BOOST_TEST(has(status.out, "5_préférences"), status.out);
    // Mixing sequence numbers and timestamps is said.
    auto stamp = p.run("new --timestamp later --json");
    BOOST_TEST(stamp.code == 0, stamp.err);
    BOOST_TEST(has(stamp.err, "mixes sequence numbers and timestamps"), stamp.err);
    BOOST_TEST(json_of(stamp)["warnings"][0]["kind"] == "mixed-versions");
    BOOST_TEST(has(p.run("validate").err, "warning: the set mixes sequence numbers and timestamps"));
}

BOOST_AUTO_TEST_CASE(a_freshly_scaffolded_migration_is_pending_with_a_warning) {
    Small p;
    BOOST_TEST(p.run("up").code == 0);
    BOOST_TEST(p.run("new add_bio").code == 0);
    auto status = p.run("status");
    BOOST_TEST(status.code == 0, status.err);
    BOOST_TEST(has(status.out, "pending           4_add_bio  (empty: write its SQL)"), status.out);
    BOOST_TEST(has(status.err, "warning: migrations/4_add_bio/up.sql: the up script is empty"), status.err);
    auto json = json_of(p.run("status --json"));
    BOOST_TEST(json["pending"] == 1);
    BOOST_TEST(json["warnings"][0]["kind"] == "empty-up");
    auto validate = p.run("validate");
    BOOST_TEST(validate.code == 0, validate.err);
    BOOST_TEST(has(validate.err, "the up script is empty"), validate.err);
    auto up = p.run("up");
    BOOST_TEST(up.code == 2);
    BOOST_TEST(has(up.err, "migrations/4_add_bio/up.sql: the script is empty"), up.err);
    BOOST_TEST(p.run("version").out == "3\n");
    BOOST_TEST(p.run("up --sql").code == 2);
    BOOST_TEST(p.run("up --dry-run").code == 2);
}

BOOST_AUTO_TEST_CASE(the_simplest_configs_work) {
    Small p; // a top-level database: no environments
    auto up = p.run("up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(fs::exists(p.dir / "t.db"));
    // One environment and no default: that one.
    write_file(p.dir / "migrator.yaml", "environments:\n  dev:\n    database: sqlite:///dev.db\n");
    BOOST_TEST(p.run("up").code == 0);
    BOOST_TEST(fs::exists(p.dir / "dev.db"));
    // Several and none chosen: the error lists them, and says how to choose.
    write_file(p.dir / "migrator.yaml", "environments:\n  dev:\n    database: sqlite:///dev.db\n  prod:\n"
                                        "    database: sqlite:///prod.db\n");
    auto several = p.run("status");
    BOOST_TEST(several.code == 2);
    BOOST_TEST(has(several.err, "defines the environments dev, prod but selects none: pass --env NAME"),
               several.err);
    BOOST_TEST(p.run("status --env prod").code == 0);
    // An environment's database wins over the top-level one.
    write_file(p.dir / "migrator.yaml", "database: sqlite:///top.db\nenvironments:\n  only:\n"
                                        "    database: sqlite:///only.db\n");
    BOOST_TEST(has(p.run("status").out, "only.db"));
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_file_the_line_and_the_cause) {
    Small p;
    write_file(p.dir / "migrator.yaml", "database: sqlite:///t.db\nlock_timeout: forever\n");
    auto duration = p.run("status");
    BOOST_TEST(duration.code == 2);
    BOOST_TEST(has(duration.err, "migrator.yaml:2: lock_timeout: "), duration.err);
    write_file(p.dir / "migrator.yaml", "default_environment: a\nenvironments:\n  a:\n    database: "
                                        "sqlite:///t.db\n    lock_timeout: 3 weeks\n");
    BOOST_TEST(has(p.run("status").err, "migrator.yaml:5: lock_timeout: "));
    fs::remove(p.dir / "migrator.yaml");
    fs::create_directory(p.dir / "migrator.yaml");
    auto directory = p.run("status");
    BOOST_TEST(directory.code == 2);
    BOOST_TEST(has(directory.err, "migrator.yaml is a directory, not a config file"), directory.err);
    fs::remove(p.dir / "migrator.yaml");
    if (geteuid() != 0) { // root reads anything
        write_file(p.dir / "migrator.yaml", "database: sqlite:///t.db\n");
        chmod((p.dir / "migrator.yaml").c_str(), 0);
        auto unreadable = p.run("status");
        BOOST_TEST(unreadable.code == 2);
        BOOST_TEST(has(unreadable.err, "migrator.yaml: cannot read it (Permission denied)"), unreadable.err);
        fs::remove(p.dir / "migrator.yaml");
    }
    auto none = p.run("status");
    BOOST_TEST(none.code == 2);
    BOOST_TEST(has(none.err, "none was read: there is no ./migrator.yaml; --config FILE names another"),
               none.err);
    write_file(p.dir / "other.yaml", "migrations: migrations\n");
    auto read = p.run("status --config other.yaml");
    BOOST_TEST(has(read.err, "set 'database' in other.yaml (the file read; --config FILE names another)"),
               read.err);
}

BOOST_AUTO_TEST_CASE(dotenv_supplies_what_the_environment_lacks) {
    Small p;
    write_file(p.dir / "migrator.yaml", "environments:\n  dev:\n    database: ${APP_DB}\n");
    write_file(p.dir / ".env", "# local settings\nexport APP_DB=sqlite:///from_dotenv.db\nOTHER='x # y'\n");
    auto up = p.run("up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(fs::exists(p.dir / "from_dotenv.db"));
    // The real environment wins.
    BOOST_TEST(has(p.run("status", "APP_DB=sqlite:///real.db").out, "real.db"));
    // DATABASE_URL from .env, as dbmate reads it.
    fs::remove(p.dir / "migrator.yaml");
    write_file(p.dir / ".env", "DATABASE_URL=\"sqlite:///dotenv_url.db\" # comment\n");
    BOOST_TEST(p.run("up").code == 0);
    BOOST_TEST(fs::exists(p.dir / "dotenv_url.db"));
    // Beside a --config file in another directory, too.
    TempDir elsewhere;
    write_file(elsewhere / "conf" / "migrator.yaml", "database: ${ELSEWHERE_DB}\nmigrations: ../m\n");
    write_file(elsewhere / "conf" / ".env", "ELSEWHERE_DB=sqlite:///beside.db\n");
    fs::copy(p.dir / "migrations", elsewhere / "m", fs::copy_options::recursive);
    auto beside = cli(elsewhere.path(), "up --config conf/migrator.yaml");
    BOOST_TEST(beside.code == 0, beside.err);
    write_file(p.dir / ".env", "not a line\n");
    auto bad = p.run("status");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, ".env:1: expected KEY=VALUE"), bad.err);
}

BOOST_AUTO_TEST_CASE(sql_with_a_dialect_is_offline_whatever_the_config_names) {
    Project p; // its migrator.yaml selects SQLite
    auto pg = cli(p.path(), "up --sql --dialect postgresql");
    BOOST_TEST(pg.code == 0, pg.err);
    BOOST_TEST(has(pg.out, "CREATE TABLE users"), pg.out);
    BOOST_TEST((has(pg.out, "SERIAL") || has(pg.out, "GENERATED")), pg.out);
    BOOST_TEST(!fs::exists(p.dir / "social_network.db"));
    BOOST_TEST(cli(p.path(), "up --dialect postgresql").code == 2); // only with --sql
}

BOOST_AUTO_TEST_CASE(sqlite_url_parameters_are_honoured_or_refused) {
    Small p;
    BOOST_TEST(p.run("up --to 1").code == 0);
    auto const before = slurp(p.dir / "t.db");
    auto ro = p.run("up --database 'sqlite:///t.db?mode=ro'");
    BOOST_TEST(ro.code == 1);
    BOOST_TEST(has(ro.err, "read-only"), ro.err);
    BOOST_TEST(slurp(p.dir / "t.db") == before);
    BOOST_TEST(p.run("status --database 'sqlite:///t.db?mode=ro'").code == 0); // reading is fine
    auto unknown = p.run("up --database 'sqlite:///t.db?cache=shared'");
    BOOST_TEST(unknown.code == 2);
    BOOST_TEST(has(unknown.err, "unknown parameter"), unknown.err);
    BOOST_TEST(slurp(p.dir / "t.db") == before);
}

BOOST_AUTO_TEST_CASE(up_steps_up_to_an_applied_version_and_goto) {
    Small p;
    auto steps = p.run("up --steps 2");
    BOOST_TEST(steps.code == 0, steps.err);
    BOOST_TEST(p.run("version").out == "2\n");
    auto beyond = p.run("up --steps 2");
    BOOST_TEST(beyond.code == 2);
    BOOST_TEST(has(beyond.err, "--steps 2 is more than the 1 pending migration"), beyond.err);
    BOOST_TEST(p.run("up --steps 1 --to 3").code == 2); // one or the other
    auto behind = p.run("up --to 1");
    BOOST_TEST(behind.code == 0, behind.err);
    BOOST_TEST(has(behind.out, "version 1 is already applied (current 2); to go back: migrator down --to 1"),
               behind.out);
    BOOST_TEST(json_of(p.run("up --to 1 --json"))["target_behind_current"] == true);
    auto up = p.run("goto 3");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "applied  3_tags"), up.out);
    auto down = p.run("goto 1");
    BOOST_TEST(down.code == 0, down.err);
    BOOST_TEST((has(down.out, "reverted 3_tags") && has(down.out, "reverted 2_posts")), down.out);
    BOOST_TEST(p.run("version").out == "1\n");
    BOOST_TEST(has(p.run("goto 1").out, "nothing to do; current version: 1"));
    BOOST_TEST(p.run("goto 0").code == 0);
    BOOST_TEST(p.run("version").out == "none\n");
    auto missing = p.run("goto 42");
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(has(missing.err, "goto 42: not a version of the migration set"), missing.err);
}

BOOST_AUTO_TEST_CASE(each_migration_is_announced_before_it_runs) {
    Small p;
    auto up = p.run("up");
    BOOST_TEST(up.code == 0, up.err);
    auto const applying = up.out.find("applying  1_users ...\n");
    auto const applied = up.out.find("applied  1_users (");
    BOOST_TEST(applying != std::string::npos, up.out);
    BOOST_TEST((applied != std::string::npos && applying < applied), up.out);
    BOOST_TEST(has(p.run("down").out, "reverting 3_tags ...\nreverted 3_tags ("));
    BOOST_TEST(p.run("up -q").out.empty());
}

BOOST_AUTO_TEST_CASE(a_held_lock_is_said_after_a_second_naming_its_holder) {
    Small p;
    // Another runner holds the run lock: flock(1) on the lock file, which names its holder as a
    // second migrator would.
    std::string const lock = (p.dir / "t.db-migrator.lock").string();
    write_file(p.dir / "t.db-migrator.lock", "pid 4242 on host deploy-3 since 2026-12-04T10:00:00Z\n");
    std::string const cmd = "cd '" + p.path().string() + "' && flock '" + lock +
                            "' sleep 3 & sleep 0.3; cd '" + p.path().string() + "' && " + MIGRATOR_BINARY +
                            " up --lock-timeout 2s >out.log 2>err.log; echo $? >rc";
    BOOST_TEST(std::system(cmd.c_str()) == 0);
    std::string const err = slurp(p.dir / "err.log");
    BOOST_TEST(slurp(p.dir / "rc") == "4\n", err);
    BOOST_TEST(has(err, "migrator: waiting for the migration lock held by pid 4242 on host deploy-3"), err);
}

BOOST_AUTO_TEST_CASE(the_first_ctrl_c_names_the_migration_it_waits_for) {
    Small p;
    write_file(p.dir / "migrations" / "4_slow" / "up.sql",
               "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
               "LIMIT 20000000) SELECT sum(x) AS s FROM c;\n");
    write_file(p.dir / "migrations" / "4_slow" / "down.sql", "DROP TABLE slow;\n");
    BOOST_TEST(p.run("up --to 3").code == 0);
    std::string const shown =
        on_terminal(p.path(), std::string("sh -c '") + MIGRATOR_BINARY +
                                  " up & pid=\\$!; sleep 0.7; kill -INT \\$pid; wait \\$pid; echo rc=\\$?'");
    BOOST_TEST(has(shown, "migrator: stopping after 4_slow finishes (Ctrl-C again to cancel it)"), shown);
    BOOST_TEST(has(shown, "rc=1"), shown);
    BOOST_TEST(p.run("version").out == "4\n"); // it finished, whole
}

BOOST_AUTO_TEST_CASE(wait_retries_only_while_the_server_does_not_answer) {
    Small p;
    // SQLite answers at once.
    auto sqlite = p.run("wait");
    BOOST_TEST(sqlite.code == 0, sqlite.err);
    BOOST_TEST(has(sqlite.out, "the database answers"), sqlite.out);
    // Nothing listens on port 1: retried until --wait passes, then the last failure, exit 1.
    auto const start = std::chrono::steady_clock::now();
    auto refused = p.run("--wait 1500ms wait --database postgresql://u:hunter2@127.0.0.1:1/db");
    auto const took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(refused.code == 1);
    BOOST_TEST(has(refused.err, "migrator: waiting for the database to answer"), refused.err);
    BOOST_TEST(has(refused.err, "cannot connect to postgresql://u:***@127.0.0.1:1/db"), refused.err);
    BOOST_TEST(!has(refused.err, "hunter2"));
    BOOST_TEST((took >= std::chrono::milliseconds(1000)), "gave up too soon");
    // --wait before any command waits the same way; a bad duration is exit 2.
    BOOST_TEST(p.run("--wait 300ms up --database postgresql://u@127.0.0.1:1/db").code == 1);
    BOOST_TEST(p.run("--wait soon wait").code == 2);
}

BOOST_AUTO_TEST_CASE(irreversible_migrations_need_no_down_and_refuse_to_go_back) {
    Small p;
    fs::remove(p.dir / "migrations" / "2_posts" / "down.sql");
    write_file(p.dir / "migrations" / "2_posts" / "migration.yaml", "irreversible: true\n");
    auto up = p.run("up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(p.run("down").code == 0); // 3 has a down
    auto refused = p.run("down --all");
    BOOST_TEST(refused.code == 2);
    BOOST_TEST(has(refused.err, "2_posts is irreversible (migration.yaml: irreversible: true)"), refused.err);
    BOOST_TEST(p.run("version").out == "2\n"); // nothing rolled back, not even 2's successors
    auto check = p.run("check");
    BOOST_TEST(has(check.out, "sqlite: round trip skipped for 2_posts (irreversible: true)"), check.out);
    BOOST_TEST(json_of(p.run("check --json"))["dialects"][0]["irreversible"][0] == "2_posts");
    // Saying both is refused.
    write_file(p.dir / "migrations" / "2_posts" / "down.sql", "DROP TABLE posts;\n");
    auto both = p.run("status");
    BOOST_TEST(both.code == 2);
    BOOST_TEST(has(both.err, "2_posts/down.sql: the migration is marked irreversible: true"), both.err);
    write_file(p.dir / "migrations" / "2_posts" / "migration.yaml", "irreversible: maybe\n");
    BOOST_TEST(has(p.run("status").err, "'irreversible' must be true or false"));
}

BOOST_AUTO_TEST_CASE(an_intended_edit_is_accepted_once) {
    Small p;
    BOOST_TEST(p.run("up").code == 0);
    write_file(p.dir / "migrations" / "2_posts" / "up.sql",
               "-- posts, reformatted\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
    auto status = p.run("status");
    BOOST_TEST(has(status.out, "changed"), status.out);
    BOOST_TEST(has(status.out, "to fix: restore the changed file, or accept the edit with 'migrator repair "
                               "--accept-checksum 2'"),
               status.out);
    auto refused = p.run("up");
    BOOST_TEST(refused.code == 3);
    BOOST_TEST(has(refused.err, "migrator repair --accept-checksum 2"), refused.err);
    auto accept = p.run("repair --accept-checksum 2");
    BOOST_TEST(accept.code == 0, accept.err);
    BOOST_TEST(has(accept.out, "accepted the edited checksum of version 2"), accept.out);
    BOOST_TEST(p.run("status --exit-code").code == 0);
    BOOST_TEST(p.run("up").code == 0); // no --allow-changed, ever again
    auto history = json_of(p.run("history --json"));
    BOOST_TEST(history["history"][1]["previous_checksum"].is_string());
    BOOST_TEST(history["history"][1]["checksum_accepted_by"].is_string());
    BOOST_TEST(history["history"][0]["previous_checksum"].is_null());
    BOOST_TEST(has(p.run("history").out, "checksum accepted by "));
    BOOST_TEST(has(p.run("repair --accept-checksum 2").out, "already matches"));
    BOOST_TEST(p.run("down").code == 0);
    auto pending = p.run("repair --accept-checksum 3");
    BOOST_TEST(pending.code == 2);
    BOOST_TEST(has(pending.err, "version 3 is not applied"), pending.err);
    BOOST_TEST(p.run("repair --accept-checksum 9").code == 2);
}

BOOST_AUTO_TEST_CASE(status_and_history_tell_the_whole_truth) {
    Small p;
    BOOST_TEST(p.run("baseline 1").code == 0);
    BOOST_TEST(p.run("up").code == 0, "USER unset: the account name is used");
    fs::rename(p.dir / "migrations" / "3_tags", p.dir / "migrations" / "3_labels");
    auto status = p.run("status");
    BOOST_TEST(has(status.out, "3_labels"), status.out);
    BOOST_TEST(has(status.out, "(recorded as tags)"), status.out);
    BOOST_TEST(has(status.out, "  baseline"), status.out);
    auto json = json_of(p.run("status --json"));
    BOOST_TEST(json["migrations"][0]["origin"] == "baseline");
    BOOST_TEST(json["migrations"][1]["origin"] == "run");
    BOOST_TEST(json["migrations"][2]["recorded_name"] == "tags");
    auto history = p.run("history");
    BOOST_TEST(has(history.out, "VERSION  NAME   APPLIED AT"), history.out);
    BOOST_TEST(has(history.out, "baseline: recorded, not run"), history.out);
    BOOST_TEST(has(history.out, "3 migrations applied"), history.out);
    BOOST_TEST(json_of(p.run("history --json"))["history"][0]["origin"] == "baseline");
    // applied_by without $USER: the OS account, never "unknown".
    BOOST_TEST(p.run("down").code == 0);
    auto up = cli(p.path(), "up", "-u USER");
    BOOST_TEST(up.code == 0, up.err);
    auto rows = json_of(p.run("history --json"))["history"];
    BOOST_TEST(rows[2]["applied_by"].get<std::string>().rfind("unknown@", 0) != 0u, rows.dump());
    // A problem ends with what to do.
    write_file(p.dir / "migrations" / "1_users" / "up.sql", "CREATE TABLE users (id INT);\n");
    BOOST_TEST(has(p.run("status").out, "to fix: "));
}

BOOST_AUTO_TEST_CASE(states_are_coloured_on_a_terminal_only) {
    Small p;
    BOOST_TEST(p.run("up --to 2").code == 0);
    write_file(p.dir / "migrations" / "1_users" / "up.sql", "CREATE TABLE users (id INT);\n");
    std::string const coloured = on_terminal(p.path(), std::string(MIGRATOR_BINARY) + " status");
    BOOST_TEST(has(coloured, "\033[33mpending\033[0m"), coloured); // yellow: to do
    BOOST_TEST(has(coloured, "\033[31mchanged\033[0m"), coloured); // red: needs a person
    BOOST_TEST(has(coloured, "\033[32mapplied\033[0m"), coloured);
    BOOST_TEST(!has(on_terminal(p.path(), std::string(MIGRATOR_BINARY) + " status", "NO_COLOR=1"), "\033["));
    BOOST_TEST(!has(p.run("status").out, "\033["));
}

BOOST_AUTO_TEST_CASE(schema_dump_as_loadable_sql) {
    Project p;
    BOOST_TEST(cli(p.path(), "up").code == 0);
    auto sql = cli(p.path(), "schema dump --format sql --output schema.sql");
    BOOST_TEST(sql.code == 0, sql.err);
    std::string const ddl = slurp(p.dir / "schema.sql");
    BOOST_TEST(has(ddl, "CREATE TABLE users"), ddl);
    BOOST_TEST(!has(ddl, "schema_version"), ddl);
    // Loaded into a fresh database, it gives the same schema.
    std::string const load = "cd '" + p.path().string() + "' && sqlite3 copy.db < schema.sql";
    BOOST_TEST(std::system(load.c_str()) == 0);
    auto original = cli(p.path(), "schema dump");
    auto copy = cli(p.path(), "schema dump --database sqlite:///copy.db");
    BOOST_TEST(original.code == 0);
    BOOST_TEST(copy.out == original.out);
    BOOST_TEST(cli(p.path(), "schema dump --format text").out == original.out);
    BOOST_TEST(json_of(cli(p.path(), "schema dump --format sql --json"))["format"] == "sql");
    auto bad = cli(p.path(), "schema dump --format yaml");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, "--format"), bad.err);
}

BOOST_AUTO_TEST_CASE(single_transaction_from_the_flag_or_the_config) {
    Small p;
    write_file(p.dir / "migrations" / "4_bad" / "up.sql", "INSERT INTO no_such_table VALUES (1);\n");
    write_file(p.dir / "migrations" / "4_bad" / "down.sql", "SELECT 1;\n");
    auto failed = p.run("up --single-transaction");
    BOOST_TEST(failed.code == 1);
    BOOST_TEST(has(failed.err, "4_bad/up.sql:1: statement 1:"), failed.err);
    BOOST_TEST(has(failed.err, "single transaction: the whole run was rolled back"), failed.err);
    BOOST_TEST(p.run("version").out == "none\n");
    write_file(p.dir / "migrator.yaml", "database: sqlite:///t.db\nsingle_transaction: true\n");
    BOOST_TEST(p.run("up").code == 1);
    BOOST_TEST(p.run("version").out == "none\n");
    fs::remove_all(p.dir / "migrations" / "4_bad");
    BOOST_TEST(p.run("up").code == 0);
    BOOST_TEST(p.run("version").out == "3\n");
    BOOST_TEST(p.run("down --all").code == 0);
    write_file(p.dir / "migrations" / "2_posts" / "migration.yaml", "transaction: false\n");
    auto refused = p.run("up");
    BOOST_TEST(refused.code == 2);
    BOOST_TEST(has(refused.err, "a single transaction cannot hold 2_posts"), refused.err);
    BOOST_TEST(p.run("version").out == "none\n");
    write_file(p.dir / "migrator.yaml", "database: sqlite:///t.db\nsingle_transaction: sometimes\n");
    auto bad = p.run("status");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, "migrator.yaml:2: single_transaction must be true or false"), bad.err);
}

// Issue 22: `--env production` with an application's .env DATABASE_URL migrates production's
// database, and every writing command says on its first line which database and why.
BOOST_AUTO_TEST_CASE(the_database_named_is_the_one_migrated_and_said_first) {
    Small p;
    write_file(p.path() / "migrator.yaml", "default_environment: development\n"
                                           "environments:\n"
                                           "  development:\n"
                                           "    database: sqlite:///dev.db\n"
                                           "  production:\n"
                                           "    database: sqlite:///prod.db\n");
    write_file(p.path() / ".env", "DATABASE_URL=sqlite:///dotenv.db\n");
    auto const up = p.run("--env production up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(fs::exists(p.path() / "prod.db"));
    BOOST_TEST(!fs::exists(p.path() / "dotenv.db"));
    BOOST_TEST(!fs::exists(p.path() / "dev.db"));
    BOOST_TEST(up.out.rfind("database: sqlite:///prod.db (--env production in migrator.yaml:6)\n", 0) == 0,
               up.out);
    // MIGRATOR_ENV from the process beats .env's DATABASE_URL too; .env's beats the file's default.
    auto const down = p.run("down", "MIGRATOR_ENV=production");
    BOOST_TEST(down.code == 0, down.err);
    BOOST_TEST(
        down.out.rfind("database: sqlite:///prod.db (MIGRATOR_ENV=production in migrator.yaml:6)\n", 0) == 0,
        down.out);
    auto const dotenv = p.run("up --steps 1");
    BOOST_TEST(dotenv.code == 0, dotenv.err);
    BOOST_TEST(dotenv.out.rfind("database: sqlite:///dotenv.db (DATABASE_URL from .env:1)\n", 0) == 0,
               dotenv.out);
    // Each writing command; JSON carries it as fields; -q silences it.
    for (std::string const command : {"up", "down", "goto 1", "baseline 1", "repair --remove 1"}) {
        auto const r = p.run("--database sqlite:///other.db " + command);
        BOOST_TEST(r.out.rfind("database: sqlite:///other.db (--database)\n", 0) == 0,
                   command << ": " << r.out);
        auto const json = json_of(p.run("--json --database sqlite:///other.db " + command));
        BOOST_TEST(json["database"] == "sqlite:///other.db", command);
        BOOST_TEST(json["database_source"] == "--database", command);
        BOOST_TEST(!has(p.run("-q --database sqlite:///other.db " + command).out, "database:"), command);
    }
    // A password is redacted in that line.
    auto const pg = p.run("--database postgresql://app:s3cret@127.0.0.1:1/x up");
    BOOST_TEST(pg.out.rfind("database: postgresql://app:***@127.0.0.1:1/x (--database)\n", 0) == 0, pg.out);
    BOOST_TEST(!has(pg.out + pg.err, "s3cret"));
}

// Issue 23, section 3: `new` writes what the set's own tool would write, numbered after what is
// there, and never makes a mixed directory.
BOOST_AUTO_TEST_CASE(new_writes_in_the_sets_own_layout) {
    TempDir p;
    auto run = [&](std::string const& args) { return cli(p.path(), args, "TZ=UTC"); };
    write_file(p / "gm" / "000007_a.up.sql", "CREATE TABLE a (id INTEGER);\n");
    write_file(p / "gm" / "000007_a.down.sql", "DROP TABLE a;\n");
    auto const gm = run("--dir gm new 'add bio'");
    BOOST_TEST(gm.code == 0, gm.err);
    BOOST_TEST(fs::exists(p / "gm" / "000008_add_bio.up.sql"));
    BOOST_TEST(fs::exists(p / "gm" / "000008_add_bio.down.sql"));
    write_file(p / "db" / "20200101000000_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    BOOST_TEST(run("--dir db new bio").code == 0);
    std::size_t dbmate_files = 0;
    for (auto const& e : fs::directory_iterator(p / "db")) {
        ++dbmate_files;
        std::string const n = e.path().filename().string();
        if (n.ends_with("_bio.sql")) {
            BOOST_TEST(n.size() == std::string("YYYYMMDDHHMMSS_bio.sql").size(), n);
            BOOST_TEST(has(slurp(e.path()), "-- migrate:up\n"));
            BOOST_TEST(has(slurp(e.path()), "\n-- migrate:down\n"));
        }
    }
    BOOST_TEST(dbmate_files == 2u);
    write_file(p / "goose" / "00003_a.sql", "-- +goose Up\nSELECT 1;\n");
    BOOST_TEST(run("--dir goose new bio").code == 0);
    BOOST_TEST(has(slurp(p / "goose" / "00004_bio.sql"), "-- +goose Up\n"));
    BOOST_TEST(has(slurp(p / "goose" / "00004_bio.sql"), "-- +goose Down\n"));
    write_file(p / "fw" / "V1.2__a.sql", "SELECT 1;\n");
    BOOST_TEST(run("--dir fw new bio").code == 0);
    BOOST_TEST(fs::exists(p / "fw" / "V2__bio.sql"));
    fs::create_directories(p / "diesel" / "2020-01-01-000000_a");
    write_file(p / "diesel" / "2020-01-01-000000_a" / "up.sql", "SELECT 1;\n");
    BOOST_TEST(run("--dir diesel new bio").code == 0);
    std::size_t diesel_folders = 0;
    for (auto const& e : fs::directory_iterator(p / "diesel"))
        diesel_folders +=
            e.is_directory() && fs::exists(e.path() / "up.sql") && fs::exists(e.path() / "down.sql");
    BOOST_TEST(diesel_folders == 1u); // the new one; the old one had no down
    // The scaffold is refused by up until it holds SQL, in any layout.
    auto const refused = run("--dir gm --database sqlite:///gm.db up");
    BOOST_TEST(refused.code == 2, refused.err);
    BOOST_TEST(has(refused.err, "000008_add_bio.up.sql: the script is empty"), refused.err);
    // A mixed directory is refused, and nothing is written.
    write_file(p / "mixed" / "1_a.up.sql", "SELECT 1;\n");
    write_file(p / "mixed" / "1_a.down.sql", "SELECT 1;\n");
    write_file(p / "mixed" / "V2__b.sql", "SELECT 1;\n");
    auto const mixed = run("--dir mixed new c");
    BOOST_TEST(mixed.code == 2);
    BOOST_TEST(has(mixed.err, "mixes two layouts"), mixed.err);
    BOOST_TEST(std::distance(fs::directory_iterator(p / "mixed"), fs::directory_iterator()) == 3);
    // migrator's own layout: new_version in migrator.yaml, and --sequence/--timestamp.
    write_file(p / "migrator.yaml", "migrations: own\nnew_version: timestamp\n");
    BOOST_TEST(run("new first").code == 0);
    bool timestamped = false;
    for (auto const& e : fs::directory_iterator(p / "own"))
        timestamped =
            timestamped || e.path().filename().string().size() == std::string("YYYYMMDDHHMMSS_first").size();
    BOOST_TEST(timestamped);
    write_file(p / "migrator.yaml", "new_version: daily\n");
    auto const bad = run("new x");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, "migrator.yaml:1: new_version"), bad.err);
}

// Files migrator writes take the user's umask (0644 under 022), and an existing file keeps its mode.
BOOST_AUTO_TEST_CASE(files_are_written_with_the_users_umask) {
    TempDir p;
    auto umask_run = [&](std::string const& args, fs::path const& where = {}) {
        TempDir io;
        std::string const cmd = "cd '" + (where.empty() ? p.path() : where).string() +
                                "' && umask 022 && env -u DATABASE_URL " + std::string(MIGRATOR_BINARY) +
                                " " + args + " >/dev/null 2>'" + (io / "err").string() + "'";
        int const status = std::system(cmd.c_str());
        BOOST_TEST(WEXITSTATUS(status) == 0, args << ": " << slurp(io / "err"));
    };
    auto mode = [](fs::path const& f) { return static_cast<int>(fs::status(f).permissions()) & 0777; };
    umask_run("init");
    BOOST_TEST(mode(p / "migrator.yaml") == 0644);
    BOOST_TEST(mode(p / ".gitignore") == 0644);
    BOOST_TEST(mode(p / "migrations") == 0755);
    umask_run("new first");
    for (auto const& e : fs::recursive_directory_iterator(p / "migrations"))
        BOOST_TEST(mode(e.path()) == (e.is_directory() ? 0755 : 0644), e.path());
    write_file(p / "migrations" / "0001_first" / "up.sql", "CREATE TABLE t (id INTEGER);\n");
    umask_run("--database sqlite:///t.db up");
    umask_run("--database sqlite:///t.db schema dump --output dump.sql");
    BOOST_TEST(mode(p / "dump.sql") == 0644);
    umask_run("check --update-snapshot");
    BOOST_TEST(mode(p / "schema" / "sqlite.sql") == 0644);
    fs::permissions(p / "dump.sql", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    umask_run("--database sqlite:///t.db schema dump --output dump.sql");
    BOOST_TEST(mode(p / "dump.sql") == 0640); // kept
    TempDir q;                                // no migrator.yaml: a conversion without a database
    write_file(q / "gm" / "1_a.up.sql", "CREATE TABLE a (id INTEGER);\n");
    umask_run("--dir gm import --from golang-migrate --to converted", q.path());
    BOOST_TEST(mode(q / "converted") == 0755);
    BOOST_TEST(mode(q / "converted" / "1_a" / "up.sql") == 0644);
}

// `init --database URL`: the URL goes into .env without its password, .env and the SQLite lock
// files into .gitignore; the next command works.
BOOST_AUTO_TEST_CASE(init_keeps_the_password_out_of_every_file) {
    TempDir p;
    auto const r = cli(p.path(), "--database 'sqlite:///app.db' init");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(slurp(p / ".env") == "DATABASE_URL=sqlite:///app.db\n");
    BOOST_TEST(has(slurp(p / ".gitignore"), ".env\n"));
    BOOST_TEST(has(slurp(p / ".gitignore"), "*-migrator.lock\n"));
    BOOST_TEST(cli(p.path(), "new first").code == 0);
    write_file(p / "migrations" / "0001_first" / "up.sql", "CREATE TABLE t (id INTEGER);\n");
    auto const up = cli(p.path(), "up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "database: sqlite:///app.db (DATABASE_URL from .env:1)"), up.out);
    TempDir pg;
    auto const secret =
        cli(pg.path(), "--database 'postgresql://app:s3cret@db.internal/app?sslmode=require' init");
    BOOST_TEST(secret.code == 0, secret.err);
    BOOST_TEST(slurp(pg / ".env") == "DATABASE_URL=postgresql://app@db.internal/app?sslmode=require\n");
    BOOST_TEST(has(secret.err, "PGPASSWORD"), secret.err);
    for (auto const& e : fs::recursive_directory_iterator(pg.path()))
        if (e.is_regular_file()) BOOST_TEST(!has(slurp(e.path()), "s3cret"), e.path());
    BOOST_TEST(!has(secret.out + secret.err, "s3cret"));
    // Existing .gitignore lines are not repeated; an existing DATABASE_URL is not overwritten.
    TempDir again;
    write_file(again / ".gitignore", "build/\n.env\n");
    write_file(again / ".env", "DATABASE_URL=sqlite:///mine.db\n");
    auto const refused = cli(again.path(), "--database sqlite:///x.db init");
    BOOST_TEST(refused.code == 2);
    BOOST_TEST(!fs::exists(again / "migrator.yaml"));
}

// Section 4: options and command words other tools use get ours; `migrator` alone prints the
// usage; --wait alone is 60s; redo; durations in Go's grammar.
BOOST_AUTO_TEST_CASE(peers_words_get_ours) {
    Small p;
    struct Case {
        char const* args;
        char const* said;
    };
    for (auto const& c : std::vector<Case>{
             {"--databse sqlite:///t.db status", "unknown option '--databse'; did you mean '--database'?"},
             {"-path migrations up", "unknown option '-path' (golang-migrate's); did you mean '--dir'?"},
             {"-source file://migrations up",
              "unknown option '-source' (golang-migrate's); did you mean '--dir'?"},
             {"-database sqlite:///t.db up", "did you mean '--database'?"},
             {"--migrations-dir db up",
              "unknown option '--migrations-dir' (dbmate's); did you mean '--dir'?"},
             {"-locations=filesystem:sql info",
              "unknown option '-locations' (Flyway's); did you mean '--dir'?"},
             {"-url=jdbc:postgresql://h/d migrate",
              "unknown option '-url' (Flyway's); did you mean '--database'?"},
             {"up 2", "unexpected argument '2' (did you mean 'up --steps 2'?)"},
             {"downgrade -1", "unknown command 'downgrade' (Alembic's); did you mean 'down --steps 1'?"},
             {"info", "unknown command 'info' (Flyway's); did you mean 'status'?"},
             {"force 3",
              "unknown command 'force' (golang-migrate's); did you mean 'repair --mark-applied 3'?"},
             {"stamp head", "unknown command 'stamp' (Alembic's); did you mean 'baseline VERSION'?"},
             {"dump", "unknown command 'dump' (dbmate's); did you mean 'schema dump'?"}}) {
        auto const r = p.run(c.args);
        BOOST_TEST(r.code == 2, c.args);
        BOOST_TEST(has(r.err, c.said), c.args << ": " << r.err);
        BOOST_TEST(!has(r.err, "'-h'"), r.err);
        BOOST_TEST(!has(r.err, "jdbc"), r.err);
    }
    auto const alone = p.run("");
    BOOST_TEST(alone.code == 0);
    BOOST_TEST(has(alone.out, "Subcommands:"), alone.out);
    BOOST_TEST(p.run("--wait status").code == 0);
    BOOST_TEST(p.run("status --wait").code == 0);
    BOOST_TEST(p.run("--lock-timeout 1m30s status").code == 0);
    BOOST_TEST(p.run("--lock-timeout 1.5s status").code == 0);
    BOOST_TEST(has(p.run("--lock-timeout 1x status").err, "bad duration '1x'"));
    // redo: the newest one down and up again, under one lock.
    BOOST_TEST(p.run("up").code == 0);
    write_file(p.path() / "migrations" / "3_tags" / "up.sql",
               "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);\n");
    auto const redo = p.run("redo");
    BOOST_TEST(redo.code == 0, redo.err);
    BOOST_TEST(has(redo.out, "reverted 3_tags"), redo.out);
    BOOST_TEST(has(redo.out, "applied  3_tags"), redo.out);
    BOOST_TEST(has(redo.out, " ms (wall clock); current version: 3"), redo.out);
    BOOST_TEST(p.run("validate").code == 0); // the edited checksum is the recorded one now
}

// Errors that say what to do next: a failed migration's line says what stays applied; status
// finds dbmate's db/migrations; names align by display width; a refused up makes no SQLite file.
BOOST_AUTO_TEST_CASE(errors_say_what_to_do_next) {
    Small p;
    write_file(p.path() / "migrations" / "3_tags" / "up.sql",
               "CREATE TABLE tags (id INTEGER);\nINSERT INTO nope VALUES (1);\n");
    auto const failed = p.run("up");
    BOOST_TEST(failed.code == 1);
    BOOST_TEST(has(failed.err,
                   "3_tags/up.sql:2: statement 2: no such table: nope; rolled back; 2 earlier migrations "
                   "stay applied"),
               failed.err);
    TempDir dbmate;
    write_file(dbmate / "db" / "migrations" / "20200101000000_a.sql",
               "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    auto const where = cli(dbmate.path(), "--database sqlite:///t.db status");
    BOOST_TEST(where.code == 2);
    BOOST_TEST(has(where.err, "did you mean --dir db/migrations?"), where.err);
    TempDir wide;
    write_migration(wide.path(), "1_ünïcødé_名前", "SELECT 1;\n", "SELECT 1;\n");
    write_migration(wide.path(), "2_plain_name_here", "SELECT 1;\n", "SELECT 1;\n");
    BOOST_TEST(cli(wide.path(), "--dir . --database sqlite:///w.db up").code == 0);
    auto const status = cli(wide.path(), "--dir . --database sqlite:///w.db status");
    // Where the applied time starts, in terminal columns: a CJK character takes two.
    auto columns_before_time = [](std::string const& line) {
        std::size_t width = 0;
        for (std::size_t i = 0; i < line.find("  20"); ++i) {
            auto const c = static_cast<unsigned char>(line[i]);
            if ((c & 0xC0) == 0x80) continue;
            width += c >= 0xE4 && c <= 0xE9 ? 2 : 1;
        }
        return width;
    };
    std::vector<std::size_t> columns;
    std::istringstream lines(status.out);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("  applied", 0) == 0) columns.push_back(columns_before_time(line));
    BOOST_REQUIRE(columns.size() == 2u);
    BOOST_TEST(columns[0] == columns[1], status.out);
    TempDir none;
    write_migration(none.path(), "1_a", "-- a: the change. Write the SQL here.\n", "SELECT 1;\n");
    BOOST_TEST(cli(none.path(), "--dir . --database sqlite:///new.db up").code == 2);
    BOOST_TEST(cli(none.path(), "--dir . --database sqlite:///new.db up --to 7").code == 2);
    BOOST_TEST(!fs::exists(none / "new.db"));
}

// A Flyway set from tests/data/layouts, end to end: versions typed and shown as Flyway writes
// them, R__ repeatables after the versions (only on a run to the end, again when changed, in
// --sql too), a missing undo irreversible.
BOOST_AUTO_TEST_CASE(flyway_versions_and_repeatables_end_to_end) {
    TempDir p;
    fs::copy(fs::path(MIGRATOR_SOURCE_DIR) / "tests/data/layouts/flyway", p / "sql",
             fs::copy_options::recursive);
    auto run = [&](std::string const& args) {
        return cli(p.path(), "--dir sql --database sqlite:///f.db " + args);
    };
    auto const to = run("up --to 1.1");
    BOOST_TEST(to.code == 0, to.err);
    BOOST_TEST(!has(to.out, "R__item_names"), to.out); // not a run to the end
    auto const status = run("status");
    BOOST_TEST(has(status.out, "1.1"), status.out);
    BOOST_TEST(has(run("version").out, "1.1"));
    auto const sql = run("up --sql");
    BOOST_TEST(has(sql.out, "R__item_names"), sql.out);
    BOOST_TEST(has(sql.out, "CREATE VIEW item_names"), sql.out);
    auto const up = run("up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "R__item_names"), up.out);
    BOOST_TEST(has(run("up").out, "nothing to do"));
    // Changed: it runs again, and only it.
    write_file(p / "sql" / "R__item_names.sql",
               "DROP VIEW IF EXISTS item_names;\nCREATE VIEW item_names AS SELECT name, id FROM items;\n");
    auto const again = run("up");
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(has(again.out, "R__item_names"), again.out);
    BOOST_TEST(!has(again.out, "V2__add_tags"), again.out);
    // down --to 1.1 keeps 1.1; V1.1 has no undo, so going below it stops before anything runs.
    auto const down = run("down --to 1.1");
    BOOST_TEST(down.code == 0, down.err);
    BOOST_TEST(has(run("version").out, "1.1"));
    auto const below = run("down --to 1");
    BOOST_TEST(below.code == 2);
    BOOST_TEST(has(below.err, "V1.1__seed_items has no down (irreversible)"), below.err);
    BOOST_TEST(has(run("version").out, "1.1"));
    BOOST_TEST(run("goto 2").code == 0);
    BOOST_TEST(has(run("version").out, "2"));
    auto const fresh = cli(p.path(), "--dir sql --database sqlite:///b.db baseline 1.1");
    BOOST_TEST(fresh.code == 0, fresh.err);
    BOOST_TEST(run("up --to 1.3").code == 2);
}

// migrator's own repeatable/ folder: run after the versions, listed by status, rerun when changed.
BOOST_AUTO_TEST_CASE(repeatables_in_migrators_own_layout) {
    Small p;
    write_file(p.dir / "migrations" / "repeatable" / "user_ids.sql",
               "DROP VIEW IF EXISTS user_ids;\nCREATE VIEW user_ids AS SELECT id FROM users;\n");
    auto const up = p.run("up");
    BOOST_TEST(up.code == 0, up.err);
    BOOST_TEST(has(up.out, "repeatable/user_ids"), up.out);
    auto const status = p.run("status --json");
    BOOST_TEST(json_of(status)["repeatables"].size() == 1u, status.out);
    BOOST_TEST(has(p.run("up").out, "nothing to do"));
    write_file(p.dir / "migrations" / "repeatable" / "user_ids.sql",
               "DROP VIEW IF EXISTS user_ids;\nCREATE VIEW user_ids AS SELECT id, id AS uid FROM users;\n");
    BOOST_TEST(has(p.run("up").out, "repeatable/user_ids"));
    BOOST_TEST(p.run("down").code == 0); // down leaves the repeatable, rolls back 3_tags
    BOOST_TEST(has(p.run("version").out, "2"));
}

// schema dump as a diagram: Graphviz DOT (rendered by dot when it is installed) and Mermaid.
BOOST_AUTO_TEST_CASE(schema_dump_as_a_diagram) {
    Small p;
    write_file(
        p.dir / "migrations" / "2_posts" / "up.sql",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));\n");
    BOOST_TEST(p.run("up").code == 0);
    auto const dot = p.run("schema dump --format dot");
    BOOST_TEST(dot.code == 0, dot.err);
    BOOST_TEST(has(dot.out, "digraph schema {"), dot.out);
    BOOST_TEST(has(dot.out, "\"users\" [label=<"), dot.out);
    BOOST_TEST(has(dot.out, "\"users\":\"id\" -> \"posts\":\"user_id\""), dot.out);
    BOOST_TEST(!has(dot.out, "schema_version"), dot.out);
    auto const mermaid = p.run("schema dump --format mermaid");
    BOOST_TEST(mermaid.code == 0, mermaid.err);
    BOOST_TEST(has(mermaid.out, "erDiagram\n"), mermaid.out);
    BOOST_TEST((has(mermaid.out, "INTEGER user_id FK") || has(mermaid.out, "integer user_id FK")),
               mermaid.out);
    BOOST_TEST(has(mermaid.out, "users ||--o{ posts : \"user_id\""), mermaid.out);
    if (std::system("command -v dot >/dev/null") == 0) {
        BOOST_TEST(p.run("schema dump --format dot --output s.dot").code == 0);
        std::string const cmd =
            "dot -Tsvg '" + (p.dir / "s.dot").string() + "' -o '" + (p.dir / "s.svg").string() + "'";
        BOOST_TEST(std::system(cmd.c_str()) == 0);
        BOOST_TEST(has(slurp(p.dir / "s.svg"), "<svg"));
    }
    auto const bad = p.run("schema dump --format png");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(has(bad.err, "text,sql,dot,mermaid"), bad.err);
}

// Lint rule ids live in one registry: help lint-rules lists it; an unknown id in a
// `-- migrator:allow` comment or in lint.allow is exit 2 at file:line.
BOOST_AUTO_TEST_CASE(lint_rule_ids_come_from_the_registry) {
    Small p;
    auto const rules = p.run("help lint-rules");
    BOOST_TEST(rules.code == 0, rules.err);
    BOOST_TEST(has(rules.out, "index-not-concurrent"), rules.out);
    BOOST_TEST(has(p.run("help lint-rules --markdown").out, "| `set-not-null` | postgresql |"));
    BOOST_TEST(json_of(p.run("help lint-rules --json"))["lint_rules"].size() >= 8u);
    write_file(p.dir / "migrations" / "3_tags" / "up.sql",
               "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- migrator:allow index-not-concurent\n"
               "CREATE INDEX tags_id ON tags (id);\n");
    auto const comment = p.run("check");
    BOOST_TEST(comment.code == 2);
    BOOST_TEST(has(comment.err, "migrations/3_tags/up.sql:2: unknown lint rule 'index-not-concurent'"),
               comment.err);
    write_file(
        p.dir / "migrations" / "3_tags" / "up.sql",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- migrator:allow index-not-concurrent, set-not-null\n"
        "CREATE INDEX tags_id ON tags (id);\n");
    write_file(p.dir / "migrator.yaml",
               "database: sqlite:///t.db\nlint:\n  allow:\n    3: [destructive-in-up]\n"
               "    2: [missing-lock-timout]\n");
    auto const config = p.run("check");
    BOOST_TEST(config.code == 2);
    BOOST_TEST(has(config.err, "migrator.yaml:5:"), config.err);
    BOOST_TEST(has(config.err, "unknown lint rule 'missing-lock-timout'"), config.err);
    write_file(p.dir / "migrator.yaml",
               "database: sqlite:///t.db\nlint:\n  allow:\n    3: [destructive-in-up]\n");
    BOOST_TEST(p.run("check").code != 2, p.run("check").err);
}

// Another tool's set with no per-dialect files is read only for the dialects its content is for:
// PostgreSQL's $$ bodies and DO blocks are not read as SQLite by validate, import --to or check.
BOOST_AUTO_TEST_CASE(a_postgresql_only_set_is_not_read_as_sqlite) {
    TempDir p;
    write_file(p / "gm" / "1_fn.up.sql", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
                                         "DO $body$ BEGIN RAISE NOTICE 'hi'; END $body$;\n");
    write_file(p / "gm" / "1_fn.down.sql", "DROP FUNCTION f();\n");
    write_file(p / "gm" / "2_t.up.sql", "CREATE TABLE t (id INTEGER, note TEXT DEFAULT '$$');\n");
    write_file(p / "gm" / "2_t.down.sql", "DROP TABLE t;\n");
    auto const validate = cli(p.path(), "--dir gm validate");
    BOOST_TEST(validate.code == 0, validate.err);
    BOOST_TEST(has(validate.out, "postgresql: 2 migrations, well formed"), validate.out);
    BOOST_TEST(has(validate.out, "sqlite: not read for it"), validate.out);
    BOOST_TEST(has(validate.out, "gm/1_fn.up.sql:1: reading it for sqlite: PostgreSQL's dollar quoting ($$)"),
               validate.out);
    auto const imported = cli(p.path(), "--dir gm import --from golang-migrate --to conv");
    BOOST_TEST(imported.code == 0, imported.err);
    BOOST_TEST(has(slurp(p / "conv" / "1_fn" / "migration.yaml"), "dialects: [postgresql]"));
    auto const check = cli(p.path(), "--dir gm check");
    BOOST_TEST(check.code == 2);
    BOOST_TEST(has(check.err, "does not load as sqlite"), check.err);
}
