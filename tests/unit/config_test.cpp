#include <boost/test/unit_test.hpp>

#include <map>

#include "config.hpp"
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
