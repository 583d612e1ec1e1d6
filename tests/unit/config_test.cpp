#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <chrono>
#include <map>

#include "config.hpp"
#include "dotenv.hpp"
#include "migrator/errors.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::cli;
using migrator::test::TempDir;
using migrator::test::write_file;

namespace {
GetEnv env(std::map<std::string, std::string> vars) {
    return [vars](std::string const& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

std::string const yaml = "migrations: db/migrations\n"
                         "version_table: ops_version\n"
                         "default_environment: development\n"
                         "environments:\n"
                         "  development:\n"
                         "    database: sqlite:///dev.db\n"
                         "  production:\n"
                         "    database: ${DATABASE_URL_PROD}\n"
                         "    lock_timeout: 30s\n";
} // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(file_values_and_relative_paths) {
    TempDir dir;
    write_file(dir / "migrator.yaml", yaml);
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    Config c = resolve_config(o, env({}));
    BOOST_TEST(*c.database_url == "sqlite:///dev.db");
    BOOST_TEST(c.database_base_dir == dir.path().string()); // relative to the config file
    BOOST_TEST(c.migrations_dir == (dir / "db/migrations").string());
    BOOST_TEST(c.version_table == "ops_version");
    BOOST_TEST(c.environment == "development");
    BOOST_TEST(c.lock_timeout.count() == 60000);
}

BOOST_AUTO_TEST_CASE(precedence_flag_over_environment_over_file) {
    TempDir dir;
    write_file(dir / "migrator.yaml", yaml);
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    BOOST_TEST(*resolve_config(o, env({{"DATABASE_URL", "sqlite:///env.db"}})).database_url ==
               "sqlite:///env.db");
    o.database = "sqlite:///flag.db";
    auto c = resolve_config(o, env({{"DATABASE_URL", "sqlite:///env.db"}}));
    BOOST_TEST(*c.database_url == "sqlite:///flag.db");
    BOOST_TEST(c.database_base_dir.empty()); // a flag's relative path is relative to the working directory
}

BOOST_AUTO_TEST_CASE(environment_selection_and_interpolation) {
    TempDir dir;
    write_file(dir / "migrator.yaml", yaml);
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    auto c =
        resolve_config(o, env({{"MIGRATOR_ENV", "production"}, {"DATABASE_URL_PROD", "postgresql://u@h/p"}}));
    BOOST_TEST(*c.database_url == "postgresql://u@h/p");
    BOOST_TEST(c.lock_timeout.count() == 30000);
    o.environment = "development"; // the flag beats MIGRATOR_ENV
    BOOST_TEST(*resolve_config(o, env({{"MIGRATOR_ENV", "production"}})).database_url == "sqlite:///dev.db");
}

BOOST_AUTO_TEST_CASE(unset_variable_is_an_error_only_when_its_environment_is_used) {
    TempDir dir;
    write_file(dir / "migrator.yaml", yaml);
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    BOOST_CHECK_NO_THROW(resolve_config(o, env({})));
    o.environment = "production";
    try {
        resolve_config(o, env({}));
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find(
                       "migrator.yaml:8: environment variable DATABASE_URL_PROD is not set") !=
                   std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_database_given_elsewhere_leaves_the_files_unread) {
    TempDir dir;
    // The only environment is chosen, but its ${VAR} is not needed when the flag or
    // DATABASE_URL gives the database.
    write_file(dir / "migrator.yaml", "environments:\n  prod:\n    database: ${SECRET_URL}\n");
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    BOOST_CHECK_THROW(resolve_config(o, env({})), UsageError);
    BOOST_TEST(*resolve_config(o, env({{"DATABASE_URL", "sqlite:///e.db"}})).database_url ==
               "sqlite:///e.db");
    o.database = "sqlite:///f.db";
    auto const c = resolve_config(o, env({}));
    BOOST_TEST(*c.database_url == "sqlite:///f.db");
    BOOST_TEST(c.environment == "prod");
}

BOOST_AUTO_TEST_CASE(several_environments_and_none_chosen_are_listed) {
    TempDir dir;
    write_file(dir / "migrator.yaml", "environments:\n  a:\n    database: sqlite:///a.db\n  b:\n"
                                      "    database: sqlite:///b.db\n");
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    auto const c = resolve_config(o, env({}));
    BOOST_TEST(!c.database_url);
    BOOST_TEST(c.unselected_environments == (std::vector<std::string>{"a", "b"}));
    try {
        c.require_database();
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find("defines the environments a, b but selects none") !=
                       std::string::npos,
                   e.what());
    }
}

BOOST_AUTO_TEST_CASE(dotenv_lines) {
    TempDir dir;
    write_file(dir / ".env",
               "# c\n\nA=1\nexport B = two words # note\nC='x # y'\nD=\"l1\\nl2 \\\"q\\\"\"\nE=\n");
    auto const vars = read_dotenv(dir / ".env").vars;
    BOOST_TEST(vars.at("A").value == "1");
    BOOST_TEST(vars.at("A").line == 3);
    BOOST_TEST(vars.at("B").value == "two words");
    BOOST_TEST(vars.at("C").value == "x # y");
    BOOST_TEST(vars.at("D").value == "l1\nl2 \"q\"");
    BOOST_TEST(vars.at("E").value.empty());
    BOOST_TEST(read_dotenv(dir / "absent.env").vars.empty());
    std::filesystem::create_directory(dir / "venv");
    BOOST_TEST(read_dotenv(dir / "venv").vars.empty()); // a virtualenv named .env is not ours
    // A line it cannot read is skipped, and said: the lines after it still count.
    for (std::string const bad : {"JUST_A_WORD\n", "1X=2\n", "Q='open\n", "Q='a' b\n"}) {
        write_file(dir / ".env", bad + "AFTER=1\n");
        auto const env = read_dotenv(dir / ".env");
        BOOST_TEST(env.bad.size() == 1u, bad);
        if (bad.rfind("Q='open", 0) != 0) BOOST_TEST(env.vars.at("AFTER").value == "1", bad);
    }
    write_file(dir / ".env", "OK=1\nbad line\n");
    auto const env = read_dotenv(dir / ".env");
    BOOST_REQUIRE(env.bad.size() == 1u);
    BOOST_TEST(env.bad[0].line == 2);
    BOOST_TEST(env.bad[0].reason.find("expected KEY=VALUE") != std::string::npos);
    BOOST_TEST(env.bad_lines_for("DATABASE_URL").find(".env:2 could not be read") != std::string::npos);
}

// godotenv's grammar: $VAR and ${VAR} in bare and "..." values (not '...'), quoted values over
// several lines, KEY: VALUE.
BOOST_AUTO_TEST_CASE(dotenv_follows_godotenv) {
    TempDir dir;
    write_file(dir / ".env", "HOST=db.internal\n"
                             "URL=postgresql://app@${HOST}:$PORT/app\n"
                             "LITERAL='${HOST}'\n"
                             "QUOTED=\"at ${HOST}\"\n"
                             "CERT=\"-----BEGIN-----\nabc\n-----END-----\"\n"
                             "SINGLE='line one\nline two'\n"
                             "YAML_STYLE: value here\n"
                             "export EXPORTED=yes\n"
                             "AFTER=1\n");
    auto const env = read_dotenv(dir / ".env", [](std::string const& name) -> std::optional<std::string> {
        return name == "PORT" ? std::optional<std::string>("5432") : std::nullopt;
    });
    BOOST_TEST(env.bad.empty());
    BOOST_TEST(env.vars.at("URL").value == "postgresql://app@db.internal:5432/app");
    BOOST_TEST(env.vars.at("LITERAL").value == "${HOST}");
    BOOST_TEST(env.vars.at("QUOTED").value == "at db.internal");
    BOOST_TEST(env.vars.at("CERT").value == "-----BEGIN-----\nabc\n-----END-----");
    BOOST_TEST(env.vars.at("CERT").line == 5);
    BOOST_TEST(env.vars.at("SINGLE").value == "line one\nline two");
    BOOST_TEST(env.vars.at("YAML_STYLE").value == "value here");
    BOOST_TEST(env.vars.at("EXPORTED").value == "yes");
    BOOST_TEST(env.vars.at("AFTER").line == 12);
}

// A bad line is a warning, unless the command needs the variable it could have set.
BOOST_AUTO_TEST_CASE(a_bad_dotenv_line_matters_only_when_its_variable_is_needed) {
    TempDir dir;
    write_file(dir / "migrator.yaml", "database: ${DATABASE_URL}\n");
    write_file(dir / ".env", "postgresql://app:s3cret@db/prod\nOTHER=1\n");
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    o.database = "sqlite:///flag.db";
    auto const c = resolve_config(o, env({}));
    BOOST_REQUIRE(c.warnings.size() == 1u);
    BOOST_TEST(c.warnings[0].find(".env:1: expected KEY=VALUE") != std::string::npos, c.warnings[0]);
    BOOST_TEST(c.warnings[0].find("s3cret") == std::string::npos);
    o.database.reset();
    try {
        resolve_config(o, env({}));
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        std::string const m = e.what();
        BOOST_TEST(m.find("environment variable DATABASE_URL is not set; ") != std::string::npos, m);
        BOOST_TEST(m.find(".env:1 could not be read") != std::string::npos, m);
        BOOST_TEST(m.find("s3cret") == std::string::npos, m);
    }
}

BOOST_AUTO_TEST_CASE(bad_files_name_file_and_line) {
    TempDir dir;
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    BOOST_CHECK_THROW(resolve_config(o, env({})), UsageError); // missing explicit file
    write_file(dir / "migrator.yaml", "migrations: m\nenvironments:\n  dev: [unclosed\n");
    try {
        resolve_config(o, env({}));
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find("migrator.yaml:") != std::string::npos);
    }
    write_file(dir / "migrator.yaml", "migrations: m\nverison_table: x\n");
    try {
        resolve_config(o, env({}));
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find("migrator.yaml:2: unknown key 'verison_table'") !=
                   std::string::npos);
    }
    write_file(dir / "migrator.yaml", yaml);
    o.environment = "staging";
    BOOST_CHECK_THROW(resolve_config(o, env({})), UsageError);
}

BOOST_AUTO_TEST_CASE(no_database_anywhere_names_the_three_places) {
    Config c;
    try {
        c.require_database();
        BOOST_FAIL("expected an error");
    } catch (UsageError const& e) {
        std::string const m = e.what();
        BOOST_TEST(m.find("--database") != std::string::npos);
        BOOST_TEST(m.find("DATABASE_URL") != std::string::npos);
        BOOST_TEST(m.find("migrator.yaml") != std::string::npos);
    }
}

// The README's precedence, case by case: --database; --env's entry; DATABASE_URL from the
// process; the entry of the process's MIGRATOR_ENV; DATABASE_URL from .env; the file's own.
BOOST_AUTO_TEST_CASE(the_database_named_is_the_one_used_and_its_source_is_said) {
    TempDir dir;
    write_file(dir / "migrator.yaml", "default_environment: development\n"
                                      "environments:\n"
                                      "  development:\n"
                                      "    database: sqlite:///dev.db\n"
                                      "  production:\n"
                                      "    database: sqlite:///prod.db\n"
                                      "  staging:\n"
                                      "    database: ${DATABASE_URL}\n");
    write_file(dir / ".env", "# the application's own, for local work\nDATABASE_URL=sqlite:///dotenv.db\n");
    std::string const file = (dir / "migrator.yaml").string(), dotenv = (dir / ".env").string();
    ConfigOverrides o;
    o.config_file = file;
    auto resolved = [&](std::map<std::string, std::string> vars) { return resolve_config(o, env(vars)); };

    // .env's DATABASE_URL beats the file's default environment...
    auto c = resolved({});
    BOOST_TEST(*c.database_url == "sqlite:///dotenv.db");
    BOOST_TEST(c.database_source == "DATABASE_URL from " + dotenv + ":2");
    BOOST_TEST(c.database_base_dir.empty());
    // ... but never an explicit --env (the reported defect: the .env's database was migrated).
    o.environment = "production";
    c = resolved({});
    BOOST_TEST(*c.database_url == "sqlite:///prod.db");
    BOOST_TEST(c.database_source == "--env production in " + file + ":6");
    BOOST_TEST(c.database_base_dir == dir.path().string());
    // --env beats the process's DATABASE_URL too.
    c = resolved({{"DATABASE_URL", "sqlite:///process.db"}});
    BOOST_TEST(*c.database_url == "sqlite:///prod.db");
    // An environment whose entry reads ${DATABASE_URL} takes it, from wherever it is set.
    o.environment = "staging";
    c = resolved({});
    BOOST_TEST(*c.database_url == "sqlite:///dotenv.db");
    BOOST_TEST(c.database_source ==
               "--env staging in " + file + ":8 with ${DATABASE_URL} from " + dotenv + ":2");
    c = resolved({{"DATABASE_URL", "sqlite:///process.db"}});
    BOOST_TEST(*c.database_url == "sqlite:///process.db");
    BOOST_TEST(c.database_source ==
               "--env staging in " + file + ":8 with ${DATABASE_URL} from the environment");
    o.environment.reset();
    // The process's DATABASE_URL beats its MIGRATOR_ENV, which beats .env's DATABASE_URL.
    c = resolved({{"DATABASE_URL", "sqlite:///process.db"}, {"MIGRATOR_ENV", "production"}});
    BOOST_TEST(*c.database_url == "sqlite:///process.db");
    BOOST_TEST(c.database_source == "DATABASE_URL from the environment");
    c = resolved({{"MIGRATOR_ENV", "production"}});
    BOOST_TEST(*c.database_url == "sqlite:///prod.db");
    BOOST_TEST(c.database_source == "MIGRATOR_ENV=production in " + file + ":6");
    // .env's DATABASE_URL beats .env's MIGRATOR_ENV; without it, .env's MIGRATOR_ENV chooses.
    write_file(dir / ".env", "MIGRATOR_ENV=production\nDATABASE_URL=sqlite:///dotenv.db\n");
    BOOST_TEST(*resolved({}).database_url == "sqlite:///dotenv.db");
    write_file(dir / ".env", "MIGRATOR_ENV=production\n");
    c = resolved({});
    BOOST_TEST(*c.database_url == "sqlite:///prod.db");
    BOOST_TEST(c.database_source == "MIGRATOR_ENV=production from " + dotenv + ":1 in " + file + ":6");
    // Nothing else: the file's default environment.
    write_file(dir / ".env", "");
    c = resolved({});
    BOOST_TEST(*c.database_url == "sqlite:///dev.db");
    BOOST_TEST(c.database_source == "default_environment development in " + file + ":4");
    // --database beats everything.
    o.database = "sqlite:///flag.db";
    o.environment = "production";
    c = resolved({{"DATABASE_URL", "sqlite:///process.db"}});
    BOOST_TEST(*c.database_url == "sqlite:///flag.db");
    BOOST_TEST(c.database_source == "--database");
}

BOOST_AUTO_TEST_CASE(a_top_level_database_is_said_with_its_line) {
    TempDir dir;
    write_file(dir / "migrator.yaml", "# one line is enough\ndatabase: sqlite:///app.db\n");
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    auto const c = resolve_config(o, env({}));
    BOOST_TEST(*c.database_url == "sqlite:///app.db");
    BOOST_TEST(c.database_source == o.config_file.value() + ":2");
}

// A line that is a URL with a password (DATABASE_URL= forgotten), with or without an '=' in its
// query, and a key that is one: the error names the file and line and never echoes the line.
BOOST_AUTO_TEST_CASE(no_secret_in_any_parse_error) {
    TempDir dir;
    std::string const secret = "s3cr3t-Pa55";
    for (std::string const& line : {"postgresql://app:" + secret + "@db.example.com/prod",
                                    "postgresql://app:" + secret + "@db.example.com/prod?sslmode=require",
                                    "export postgres://app:" + secret + "@db/prod?password=" + secret,
                                    "DATABASE_URL='postgresql://app:" + secret + "@db/prod",
                                    "URL=\"postgresql://app:" + secret + "@db/prod\" trailing"}) {
        write_file(dir / ".env", "A=1\n" + line + "\n");
        auto const env = read_dotenv(dir / ".env");
        BOOST_REQUIRE_MESSAGE(env.bad.size() == 1u, line);
        BOOST_TEST(env.bad[0].line == 2);
        BOOST_TEST(env.bad[0].reason.find(secret) == std::string::npos, env.bad[0].reason);
        std::string const note = env.bad_lines_for(env.bad[0].key.empty() ? "DATABASE_URL" : env.bad[0].key);
        BOOST_TEST(note.find(".env:2 could not be read") != std::string::npos, note);
        BOOST_TEST(note.find(secret) == std::string::npos, note);
        BOOST_TEST(note.find("db.example.com") == std::string::npos, note);
    }
    std::filesystem::remove(dir / ".env");
    ConfigOverrides o;
    o.config_file = (dir / "migrator.yaml").string();
    for (std::string const& yaml :
         {"postgresql://app:" + secret + "@db/prod: 1\n",
          "environments:\n  dev:\n    postgres://u:" + secret + "@h/d: x\n",
          "format: postgresql://u:" + secret + "@h/d\n", "lock_timeout: postgresql://u:" + secret + "@h/d\n",
          "version_table: postgresql://u:" + secret + "@h/d\n"}) {
        write_file(dir / "migrator.yaml", yaml);
        try {
            resolve_config(o, env({}));
            BOOST_FAIL("expected an error for: " + yaml);
        } catch (UsageError const& e) {
            std::string const m = e.what();
            BOOST_TEST(m.find("migrator.yaml:") != std::string::npos, m);
            BOOST_TEST(m.find(secret) == std::string::npos, m);
        }
    }
}

// .env and migrator.yaml must be regular files, read without blocking and at most 1 MiB.
BOOST_AUTO_TEST_CASE(special_and_huge_files_are_refused_at_once) {
    TempDir dir;
    auto refused = [&](std::filesystem::path const& p, auto&& read, std::string const& why) {
        auto const start = std::chrono::steady_clock::now();
        try {
            read(p);
            BOOST_FAIL("expected an error for " + p.string());
        } catch (UsageError const& e) {
            std::string const m = e.what();
            BOOST_TEST(m.find(p.string()) != std::string::npos, m);
            BOOST_TEST(m.find(why) != std::string::npos, m);
        }
        BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(2)));
    };
    auto dotenv = [](std::filesystem::path const& p) { read_dotenv(p); };
    auto config = [](std::filesystem::path const& p) {
        ConfigOverrides o;
        o.config_file = p.string();
        resolve_config(o, env({}));
    };
    BOOST_REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    refused(dir / "fifo", dotenv, "not a regular file");
    refused(dir / "fifo", config, "not a regular file");
    std::filesystem::create_symlink("/dev/zero", dir / "zero");
    refused(dir / "zero", dotenv, "not a regular file");
    refused(dir / "zero", config, "not a regular file");
    write_file(dir / "big", "A=1\n" + std::string(1024 * 1024, '#') + "\n");
    refused(dir / "big", dotenv, "larger than 1 MiB");
    refused(dir / "big", config, "larger than 1 MiB");
    write_file(dir / "fits", "A=1\n#" + std::string(1024 * 1024 - 6, '#') + "\n");
    BOOST_TEST(read_dotenv(dir / "fits").vars.at("A").value == "1");
}

BOOST_AUTO_TEST_CASE(a_second_yaml_document_is_found_from_its_marker) {
    BOOST_TEST(!holds_several_yaml_documents("a: 1\n"));
    BOOST_TEST(!holds_several_yaml_documents("# c\n%YAML 1.2\n---\na: 1\n...\n# end\n"));
    BOOST_TEST(!holds_several_yaml_documents("a: |\n  ---\n  text\nb: '--- x'\n"));
    BOOST_TEST(!holds_several_yaml_documents("----\na: 1\n"));
    BOOST_TEST(holds_several_yaml_documents("a: 1\n---\nb: 2\n"));
    BOOST_TEST(holds_several_yaml_documents("--- a\n--- b\n"));
    BOOST_TEST(holds_several_yaml_documents("---\n---\n"));
    BOOST_TEST(holds_several_yaml_documents("a: 1\n...\nb: 2\n"));
}

BOOST_AUTO_TEST_SUITE_END()
