#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {
// Rule ids found in migration 2 of a set whose migration 1 creates `users`.
std::vector<std::string> rules_for(std::string const& up, std::string const& yaml = {}) {
    TempDir dir;
    write_migration(dir.path(), "1_users", "CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT);\n",
                    "DROP TABLE users;\n");
    write_migration(dir.path(), "2_change", up, "SELECT 1;\n", yaml);
    auto const set = load(dir.path(), registry().get("postgresql"));
    std::vector<std::string> out;
    for (auto const& f : registry().get("postgresql").lint(set)) {
        BOOST_TEST(f.migration->folder == "2_change");
        BOOST_TEST(f.file.find("2_change/up.sql") != std::string::npos);
        auto const declared = registry().get("postgresql").lint_rules();
        BOOST_TEST(
            std::any_of(declared.begin(), declared.end(), [&](LintRule const& r) { return r.id == f.rule; }),
            f.rule << " is reported but not declared");
        out.push_back(f.rule);
    }
    return out;
}
bool has(std::vector<std::string> const& v, std::string const& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
std::string const timeout = "SET lock_timeout = '2s';\n";
} // namespace

BOOST_AUTO_TEST_SUITE(linter)

BOOST_AUTO_TEST_CASE(each_rule_fires) {
    BOOST_TEST(
        has(rules_for(timeout + "CREATE INDEX users_name_idx ON users (name);"), "index-not-concurrent"));
    BOOST_TEST(has(rules_for(timeout + "ALTER TABLE users ADD COLUMN age INT NOT NULL;"),
                   "not-null-without-default"));
    BOOST_TEST(has(rules_for(timeout + "ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(20);"),
                   "alter-column-type"));
    BOOST_TEST(has(rules_for(timeout + "ALTER TABLE users ALTER COLUMN name SET NOT NULL;"), "set-not-null"));
    BOOST_TEST(has(rules_for(timeout + "ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) < 9);"),
                   "constraint-without-not-valid"));
    BOOST_TEST(has(
        rules_for(timeout + "ALTER TABLE users ADD CONSTRAINT self FOREIGN KEY (id) REFERENCES users (id);"),
        "constraint-without-not-valid"));
    BOOST_TEST(has(rules_for(timeout + "ALTER TABLE users DROP COLUMN name;"), "destructive-in-up"));
    BOOST_TEST(has(rules_for(timeout + "ALTER TABLE users RENAME TO people;"), "destructive-in-up"));
    BOOST_TEST(has(rules_for(timeout + "DROP TABLE users;"), "destructive-in-up"));
    BOOST_TEST(
        has(rules_for(
                "CREATE INDEX CONCURRENTLY a ON users (name);\nCREATE INDEX CONCURRENTLY b ON users (id);\n",
                "transaction: false\n"),
            "non-tx-multi-statement"));
    BOOST_TEST(has(rules_for("ALTER TABLE users ADD COLUMN bio TEXT;"), "missing-lock-timeout"));
}

BOOST_AUTO_TEST_CASE(safe_forms_pass) {
    BOOST_TEST(
        rules_for("CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n", "transaction: false\n")
            .empty());
    BOOST_TEST(rules_for(timeout + "ALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0;").empty());
    // A serial or identity column has a default of its own (issue 23).
    for (auto const* type : {"bigserial", "serial", "smallserial", "serial8", "BIGSERIAL"})
        BOOST_TEST(
            !has(rules_for(timeout + "ALTER TABLE users ADD COLUMN n " + std::string(type) + " NOT NULL;"),
                 "not-null-without-default"),
            type);
    BOOST_TEST(!has(
        rules_for(timeout + "ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY NOT NULL;"),
        "not-null-without-default"));
    BOOST_TEST(rules_for(timeout + "ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0) NOT VALID;").empty());
    BOOST_TEST(rules_for(timeout + "ALTER TABLE users ADD COLUMN type TEXT;").empty()); // a column named type
    // objects created in the same migration are exempt
    BOOST_TEST(rules_for("CREATE TABLE tags (id INT);\nCREATE INDEX tags_idx ON tags (id);\n"
                         "ALTER TABLE tags ADD COLUMN n INT NOT NULL;\n")
                   .empty());
}

BOOST_AUTO_TEST_CASE(the_parse_tree_has_no_false_positives) {
    BOOST_TEST(rules_for(timeout + "ALTER TABLE users ADD COLUMN IF NOT EXISTS c text NULL;").empty());
    BOOST_TEST(rules_for(timeout + "ALTER TABLE users ADD COLUMN type TEXT;\n"
                                   "ALTER TABLE users ALTER COLUMN type SET DEFAULT 'x';")
                   .empty()); // a column named type
    // Two DROP COLUMNs of one statement: one finding, not two identical ones.
    BOOST_TEST(rules_for(timeout + "ALTER TABLE users DROP COLUMN name, DROP COLUMN id;").size() == 1u);
}

BOOST_AUTO_TEST_CASE(allow_comment_silences_one_finding) {
    auto const rules = rules_for(timeout + "-- migrator:allow index-not-concurrent\n"
                                           "CREATE INDEX users_name_idx ON users (name);\n"
                                           "CREATE INDEX users_id_idx ON users (id);\n");
    BOOST_TEST(rules.size() == 1u);
    BOOST_TEST(
        rules_for(timeout + "ALTER TABLE users DROP COLUMN name; -- migrator:allow destructive-in-up\n")
            .empty());
}

BOOST_AUTO_TEST_CASE(one_comment_may_allow_several_rules) {
    BOOST_TEST(rules_for(timeout +
                         "-- migrator:allow destructive-in-up, alter-column-type: the table is empty\n"
                         "ALTER TABLE users DROP COLUMN name, ALTER COLUMN id TYPE bigint;\n")
                   .empty());
    auto const ids =
        allow_comments("SELECT 1;\n-- migrator:allow a-b,c d: because\n-- migrator:allow e\n", 10);
    BOOST_TEST(ids.size() == 4u);
    BOOST_TEST(ids[0].first == "a-b");
    BOOST_TEST(ids[0].second == 11);
    BOOST_TEST(ids[2].first == "d");
    BOOST_TEST(ids[3].first == "e");
    BOOST_TEST(ids[3].second == 12);
}

// Every rule the linter reports is one it declares, and the list names each id once.
BOOST_AUTO_TEST_CASE(every_reported_rule_is_declared) {
    auto const declared = registry().get("postgresql").lint_rules();
    std::set<std::string> ids;
    for (auto const& r : declared) {
        BOOST_TEST(ids.insert(r.id).second, r.id);
        BOOST_TEST(!r.summary.empty());
        BOOST_TEST(r.severity == "error");
    }
    for (char const* rule : {"index-not-concurrent", "not-null-without-default",
                             "constraint-without-not-valid", "alter-column-type", "set-not-null",
                             "destructive-in-up", "missing-lock-timeout", "non-tx-multi-statement"})
        BOOST_TEST(ids.count(rule) == 1u, rule);
}

BOOST_AUTO_TEST_CASE(shipped_set_is_lint_clean) {
    auto const set = load(shipped_migrations(), registry().get("postgresql"));
    BOOST_TEST(registry().get("postgresql").lint(set).empty());
}

BOOST_AUTO_TEST_SUITE_END()
