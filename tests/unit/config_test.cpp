#include <boost/test/unit_test.hpp>

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
    auto const vars = read_dotenv(dir / ".env");
    BOOST_TEST(vars.at("A") == "1");
    BOOST_TEST(vars.at("B") == "two words");
    BOOST_TEST(vars.at("C") == "x # y");
    BOOST_TEST(vars.at("D") == "l1\nl2 \"q\"");
    BOOST_TEST(vars.at("E").empty());
    BOOST_TEST(read_dotenv(dir / "absent.env").empty());
    std::filesystem::create_directory(dir / "venv");
    BOOST_TEST(read_dotenv(dir / "venv").empty()); // a virtualenv named .env is not ours
    for (auto const& bad : {"JUST_A_WORD\n", "1X=2\n", "Q='open\n", "Q='a' b\n"}) {
        write_file(dir / ".env", bad);
        BOOST_CHECK_THROW(read_dotenv(dir / ".env"), UsageError);
    }
    write_file(dir / ".env", "OK=1\nbad line\n");
    try {
        read_dotenv(dir / ".env");
    } catch (UsageError const& e) {
        BOOST_TEST(std::string(e.what()).find(".env:2: expected KEY=VALUE") != std::string::npos, e.what());
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
