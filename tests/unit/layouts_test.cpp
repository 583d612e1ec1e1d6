// Other tools' layouts read in place (README "Switching from another tool"): names, versions,
// sections, transactions, and every malformed case as file:line with exit 2.
#include <boost/test/unit_test.hpp>

#include "engine/planner.hpp"
#include "migrator/errors.hpp"
#include "model/checksum.hpp"
#include "test_support.hpp"

using namespace migrator;
using migrator::test::TempDir;
using migrator::test::write_file;

namespace {
MigrationSet load_as(std::filesystem::path const& dir, Format format = Format::detect,
                     std::string const& dialect = "sqlite") {
    return test::load(dir, test::registry().get(dialect), {format, false});
}

std::string error_of(std::filesystem::path const& dir, Format format = Format::detect) {
    try {
        load_as(dir, format);
    } catch (MigrationSetError const& e) {
        BOOST_TEST(static_cast<int>(e.exit_code()) == 2);
        return e.what();
    }
    BOOST_FAIL("expected a MigrationSetError");
    return {};
}

bool contains(std::string const& text, std::string const& part) {
    return text.find(part) != std::string::npos;
}

Format detected(std::filesystem::path const& dir) {
    return MigrationSource::directory(dir).format(test::registry());
}
} // namespace

BOOST_AUTO_TEST_SUITE(layouts)

BOOST_AUTO_TEST_CASE(format_names_round_trip) {
    for (auto const& name : format_names())
        BOOST_TEST(format_name(*parse_format(name)) == name);
    BOOST_TEST(!parse_format("liquibase"));
}

BOOST_AUTO_TEST_CASE(golang_migrate_pairs) {
    TempDir d;
    write_file(d / "1_create_a.up.sql", "CREATE TABLE a (id INT);\n");
    write_file(d / "1_create_a.down.sql", "DROP TABLE a;\n");
    write_file(d / "000002_add.some.dots.up.sql", "CREATE TABLE b (id INT);\nCREATE TABLE c (id INT);\n");
    write_file(d / "000002_add.some.dots.down.sql", "-- nothing to undo\n");
    write_file(d / "README.md", "not a migration");
    BOOST_TEST((detected(d.path()) == Format::golang_migrate));
    auto const set = load_as(d.path());
    BOOST_REQUIRE(set.migrations().size() == 2u);
    auto const& b = set.migrations()[1];
    BOOST_TEST(b.version.value == 2);
    BOOST_TEST(b.name == "add.some.dots");
    BOOST_TEST(b.folder == "000002_add.some.dots");
    BOOST_TEST(b.up.statements.size() == 2u);
    BOOST_TEST(b.up.statements[1].line == 2);
    BOOST_TEST(b.down.statements.empty()); // an empty down is a no-op down
    // byte for byte: the file's text and its SHA-256, as for migrator's own layout
    BOOST_TEST(b.up.text == "CREATE TABLE b (id INT);\nCREATE TABLE c (id INT);\n");
    BOOST_TEST(b.up.checksum == sha256_hex(b.up.text));
}

// Issue 23: sets as golang-migrate reads them. A missing down makes the migration irreversible;
// an up and down of one version may differ in title; a comment-only up is a no-op.
BOOST_AUTO_TEST_CASE(golang_migrate_as_golang_migrate_reads_it) {
    TempDir d;
    write_file(d / "1_a.up.sql", "CREATE TABLE a (id INT);");
    write_file(d / "2_noop.up.sql", "-- nothing to do on this database\n");
    write_file(d / "3_rename_x.up.sql", "CREATE TABLE b (id INT);");
    write_file(d / "3_rename.down.sql", "DROP TABLE b;");
    write_file(d / "4_c.up.sql", "CREATE TABLE c (id INT);");
    write_file(d / "4_c.down.sql", "-- no way back\n");
    auto const set = load_as(d.path());
    BOOST_REQUIRE(set.migrations().size() == 4u);
    auto const& a = set.migrations()[0];
    BOOST_TEST(a.irreversible);
    BOOST_TEST(a.irreversible_why == "has no down");
    BOOST_TEST(set.migrations()[1].noop_up);
    BOOST_TEST(!set.migrations()[1].irreversible); // nothing to undo
    BOOST_TEST(set.migrations()[2].folder == "3_rename_x");
    BOOST_TEST(!set.migrations()[2].irreversible);
    BOOST_TEST(set.migrations()[3].irreversible);
    BOOST_TEST(set.migrations()[3].irreversible_why == "its down is empty");
    std::vector<std::string> kinds;
    for (auto const& w : set.warnings())
        kinds.push_back(w.kind);
    BOOST_TEST((kinds == std::vector<std::string>{"no-down", "noop-up", "titles-differ", "empty-down"}));
    BOOST_TEST(contains(set.warnings()[2].message, "3_rename.down.sql: its title differs from its up's"));
    // A no-op up is planned and recorded; an irreversible migration is refused by down, whole.
    auto const plan = Planner::plan_up(set, {}, std::nullopt);
    BOOST_TEST(plan.steps.size() == 4u);
    std::vector<AppliedRow> applied(4);
    for (int i = 0; i < 4; ++i)
        applied[static_cast<std::size_t>(i)].version = set.migrations()[static_cast<std::size_t>(i)].version;
    try {
        Planner::plan_down(set, applied, {DownTarget::Kind::all, 0, {}});
        BOOST_FAIL("expected a refusal");
    } catch (IrreversibleMigration const& e) {
        BOOST_TEST(contains(e.what(), "4_c is irreversible (its down is empty)"), e.what());
    }
    try {
        Planner::plan_down(set, applied, {DownTarget::Kind::to, 0, Version{0}});
        BOOST_FAIL("expected a refusal");
    } catch (IrreversibleMigration const& e) {
        BOOST_TEST(
            (contains(e.what(), "has no down (irreversible)") || contains(e.what(), "4_c is irreversible")));
    }
}

BOOST_AUTO_TEST_CASE(golang_migrate_malformed) {
    TempDir no_up;
    write_file(no_up / "1_a.down.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(no_up.path()), "1_a.down.sql:1: no matching up"));
    TempDir two_ups;
    write_file(two_ups / "1_a.up.sql", "SELECT 1;");
    write_file(two_ups / "1_b.up.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(two_ups.path()), "duplicate version 1 (also 1_a.up.sql)"));
    TempDir twice;
    for (auto name : {"1_a", "01_b"}) {
        write_file(twice / (std::string(name) + ".up.sql"), "SELECT 1;");
        write_file(twice / (std::string(name) + ".down.sql"), "SELECT 1;");
    }
    BOOST_TEST(contains(error_of(twice.path()), "duplicate version 1"));
    TempDir huge;
    write_file(huge / "99999999999999999999_a.up.sql", "SELECT 1;");
    write_file(huge / "99999999999999999999_a.down.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(huge.path()), "at most 9223372036854775807, 19 digits"));
    TempDir stray;
    write_file(stray / "1_a.up.sql", "SELECT 1;");
    write_file(stray / "1_a.down.sql", "SELECT 1;");
    write_file(stray / "schema.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(stray.path(), Format::golang_migrate),
                        "schema.sql: not a golang-migrate migration file name"));
}

BOOST_AUTO_TEST_CASE(dbmate_sections) {
    TempDir d;
    write_file(d / "20200101000000_create_a.sql",
               "-- a header comment\n-- migrate:up\nCREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n\n"
               "-- migrate:down\nDROP TABLE b;\nDROP TABLE a;\n");
    write_file(d / "20200102000000_index.sql",
               "-- migrate:up transaction:false\nCREATE INDEX ia ON a (id);\n-- migrate:down\n");
    BOOST_TEST((detected(d.path()) == Format::dbmate));
    auto const set = load_as(d.path());
    BOOST_REQUIRE(set.migrations().size() == 2u);
    auto const& a = set.migrations()[0];
    BOOST_TEST(a.version.value == 20200101000000);
    BOOST_TEST(a.name == "create_a");
    BOOST_TEST(a.transactional);
    BOOST_TEST(a.up.statements.size() == 2u);
    BOOST_TEST(a.up.statements[0].line == 3); // lines of the file, not of the section
    BOOST_TEST(a.down.statements[1].line == 8);
    BOOST_TEST(a.up.text.find("DROP") == std::string::npos);
    auto const& index = set.migrations()[1];
    BOOST_TEST(!index.transactional);
    BOOST_TEST(index.down.statements.empty());
}

BOOST_AUTO_TEST_CASE(dbmate_malformed) {
    TempDir no_up;
    write_file(no_up / "1_a.sql", "-- migrate:down\nDROP TABLE a;\n");
    BOOST_TEST(contains(error_of(no_up.path(), Format::dbmate), "1_a.sql:1: no '-- migrate:up' section"));
    TempDir indented;
    write_file(indented / "1_a.sql", "-- migrate:up\nSELECT 1;\n  -- migrate:down\nSELECT 2;\n");
    BOOST_TEST(contains(error_of(indented.path(), Format::dbmate),
                        "1_a.sql:3: an indented '-- migrate:down' marker"));
    TempDir unknown;
    write_file(unknown / "1_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:sideways\n");
    BOOST_TEST(contains(error_of(unknown.path(), Format::dbmate),
                        "1_a.sql:3: unknown dbmate marker '-- migrate:sideways'"));
    TempDir order;
    write_file(order / "1_a.sql", "-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n");
    BOOST_TEST(
        contains(error_of(order.path(), Format::dbmate), "1_a.sql:3: '-- migrate:up' must come before"));
    TempDir outside;
    write_file(outside / "1_a.sql", "SELECT 0;\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");
    BOOST_TEST(
        contains(error_of(outside.path(), Format::dbmate), "1_a.sql:1: a statement before '-- migrate:up'"));
    TempDir option;
    write_file(option / "1_a.sql", "-- migrate:up transaction:flase\nSELECT 1;\n-- migrate:down\n");
    BOOST_TEST(contains(error_of(option.path(), Format::dbmate),
                        "1_a.sql:1: unknown dbmate option 'transaction:flase'"));
}

// A dbmate file without a down section is irreversible; one whose up is only comments is a no-op.
BOOST_AUTO_TEST_CASE(dbmate_as_dbmate_reads_it) {
    TempDir d;
    write_file(d / "1_a.sql", "\n-- migrate:up\nCREATE TABLE a (id INT);\n");
    write_file(d / "2_noop.sql", "-- migrate:up\n-- a no-op here\n-- migrate:down\n");
    auto const set = load_as(d.path(), Format::dbmate);
    BOOST_TEST(set.migrations()[0].irreversible);
    BOOST_TEST(set.migrations()[1].noop_up);
    BOOST_TEST(Planner::plan_up(set, {}, std::nullopt).steps.size() == 2u);
}

BOOST_AUTO_TEST_CASE(goose_sqlx_and_flyway_without_a_down_are_irreversible) {
    TempDir goose;
    write_file(goose / "1_a.sql", "-- +goose Up\nCREATE TABLE a (id INT);\n");
    BOOST_TEST(load_as(goose.path()).migrations()[0].irreversible);
    TempDir sqlx;
    write_file(sqlx / "1_a.sql", "CREATE TABLE a (id INT);\n");
    BOOST_TEST(load_as(sqlx.path(), Format::sqlx).migrations()[0].irreversible);
    TempDir flyway;
    write_file(flyway / "V1__a.sql", "CREATE TABLE a (id INT);\n");
    write_file(flyway / "V2__b.sql", "CREATE TABLE b (id INT);\n");
    write_file(flyway / "U2__b.sql", "DROP TABLE b;\n");
    auto const set = load_as(flyway.path());
    BOOST_TEST(set.migrations()[0].irreversible);
    BOOST_TEST(!set.migrations()[1].irreversible);
}

// SQLite's own table-rebuild recipe, and any script whose BEGIN/COMMIT are not one outer pair,
// run as written outside migrator's transaction in other tools' layouts.
BOOST_AUTO_TEST_CASE(own_transaction_control_runs_as_written) {
    std::string const recipe = "PRAGMA foreign_keys=OFF;\nBEGIN;\nCREATE TABLE a2 (id INT);\nCOMMIT;\n"
                               "PRAGMA foreign_keys=ON;\n";
    TempDir gm, dbmate, goose, flyway, diesel;
    write_file(gm / "1_a.up.sql", recipe);
    write_file(gm / "1_a.down.sql", "DROP TABLE a2;\n");
    write_file(dbmate / "1_a.sql", "-- migrate:up\n" + recipe + "-- migrate:down\nDROP TABLE a2;\n");
    write_file(goose / "1_a.sql", "-- +goose Up\n" + recipe + "-- +goose Down\nDROP TABLE a2;\n");
    write_file(flyway / "V1__a.sql", recipe);
    write_file(diesel / "2020-01-01-120000_a/up.sql", recipe);
    write_file(diesel / "2020-01-01-120000_a/down.sql", "DROP TABLE a2;\n");
    for (auto const* dir : {&gm, &dbmate, &goose, &flyway, &diesel}) {
        auto const set = load_as(dir->path());
        auto const& m = set.migrations().front();
        BOOST_TEST(!m.transactional);
        BOOST_TEST(m.up.own_transaction);
        BOOST_TEST(m.up.statements.size() == 5u); // all of it, as written
    }
}

BOOST_AUTO_TEST_CASE(goose_annotations) {
    TempDir d;
    write_file(d / "00001_create_a.sql",
               "-- +goose Up\nCREATE TABLE a (id INT);\n-- +goose StatementBegin\n"
               "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\nINSERT INTO a VALUES (1);\n"
               "-- +goose StatementEnd\n\n-- +goose Down\nDROP TABLE a;\n");
    write_file(d / "00002_index.sql", "-- +goose NO TRANSACTION\n-- +goose up\nCREATE INDEX ia ON a (id);\n");
    BOOST_TEST((detected(d.path()) == Format::goose));
    auto const set = load_as(d.path());
    BOOST_REQUIRE(set.migrations().size() == 2u);
    auto const& a = set.migrations()[0];
    BOOST_TEST(a.version.value == 1);
    BOOST_TEST(a.name == "create_a");
    BOOST_REQUIRE(a.up.statements.size() == 2u); // the block is one statement
    BOOST_TEST(a.up.statements[1].line == 4);
    BOOST_TEST(a.up.statements[1].text ==
               "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\nINSERT INTO a VALUES (1)");
    BOOST_TEST(a.down.statements.size() == 1u);
    BOOST_TEST(a.down.statements[0].line == 9);
    auto const& index = set.migrations()[1];
    BOOST_TEST(!index.transactional);
    BOOST_TEST(index.down.statements.empty()); // no Down section: a no-op down
}

BOOST_AUTO_TEST_CASE(goose_malformed) {
    TempDir open_block;
    write_file(open_block / "1_a.sql", "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\n");
    BOOST_TEST(contains(error_of(open_block.path(), Format::goose),
                        "1_a.sql:4: '-- +goose down' inside a StatementBegin"));
    TempDir unclosed;
    write_file(unclosed / "1_a.sql", "-- +goose Up\n\n-- +goose StatementBegin\nSELECT 1;\n");
    BOOST_TEST(contains(error_of(unclosed.path(), Format::goose),
                        "1_a.sql:3: StatementBegin without its StatementEnd"));
    TempDir no_up;
    write_file(no_up / "1_a.sql", "-- +goose Down\nSELECT 1;\n");
    BOOST_TEST(contains(error_of(no_up.path(), Format::goose), "1_a.sql:1: no '-- +goose Up' annotation"));
    TempDir envsub;
    write_file(envsub / "1_a.sql", "-- +goose ENVSUB ON\n-- +goose Up\nSELECT ${X};\n");
    BOOST_TEST(
        contains(error_of(envsub.path(), Format::goose), "1_a.sql:1: goose's ENVSUB is not supported"));
    TempDir go;
    write_file(go / "1_a.sql", "-- +goose Up\nSELECT 1;\n");
    write_file(go / "2_b.go", "package migrations\n");
    BOOST_TEST(contains(error_of(go.path()), "2_b.go: a goose Go migration"));
}

BOOST_AUTO_TEST_CASE(diesel_folders) {
    TempDir d;
    write_file(d / "00000000000000_diesel_initial_setup/up.sql", "SELECT 1;");
    write_file(d / "00000000000000_diesel_initial_setup/down.sql", "");
    write_file(d / "2020-01-01-120000_create_a/up.sql", "CREATE TABLE a (id INT);");
    write_file(d / "2020-01-01-120000_create_a/down.sql", "DROP TABLE a;");
    write_file(d / "2020-01-02-120000_index/up.sql", "CREATE INDEX ia ON a (id);");
    write_file(d / "2020-01-02-120000_index/down.sql", "DROP INDEX ia;");
    write_file(d / "2020-01-02-120000_index/metadata.toml", "# diesel\nrun_in_transaction = false\n");
    BOOST_TEST((detected(d.path()) == Format::diesel));
    auto const set = load_as(d.path());
    BOOST_REQUIRE(set.migrations().size() == 3u);
    BOOST_TEST(set.migrations()[0].version.value == 0);
    BOOST_TEST(set.migrations()[1].version.value == 202001011200000000); // padded to 18 digits
    BOOST_TEST(set.migrations()[1].version_text == "2020-01-01-120000");
    BOOST_TEST(set.migrations()[1].name == "create_a");
    BOOST_TEST(set.migrations()[1].transactional);
    BOOST_TEST(!set.migrations()[2].transactional);
    BOOST_TEST(set.migrations()[0].down.statements.empty());
}

BOOST_AUTO_TEST_CASE(diesel_malformed) {
    TempDir toml;
    write_file(toml / "2020-01-01-120000_a/up.sql", "SELECT 1;");
    write_file(toml / "2020-01-01-120000_a/down.sql", "SELECT 1;");
    write_file(toml / "2020-01-01-120000_a/metadata.toml", "\nrun_in_transactoin = false\n");
    BOOST_TEST(contains(error_of(toml.path()), "metadata.toml:2: unknown key 'run_in_transactoin'"));
    write_file(toml / "2020-01-01-120000_a/metadata.toml", "run_in_transaction = [\n");
    BOOST_TEST(contains(error_of(toml.path()), "metadata.toml:"));
    TempDir widths;
    for (auto name : {"20200101120000000001_a", "2020-01-01-120000_b"}) {
        write_file(widths / name / "up.sql", "SELECT 1;");
        write_file(widths / name / "down.sql", "SELECT 1;");
    }
    BOOST_TEST(contains(error_of(widths.path()), "has more than 18 digits"));
}

// diesel orders its versions as text: 18-digit ones beside older 14-digit ones keep that order.
BOOST_AUTO_TEST_CASE(diesel_versions_of_two_widths_order_as_text) {
    TempDir d;
    for (auto name : {"2016-08-15-133237_old", "2023-10-10-123456-0001_newer", "20230101000000_new",
                      "2017-01-01-000000_mid"}) {
        write_file(d / name / "up.sql", "SELECT 1;");
        write_file(d / name / "down.sql", "SELECT 1;");
    }
    write_file(d / "2024-01-01-000000_no_down/up.sql", "SELECT 1;");
    auto const set = load_as(d.path(), Format::diesel);
    std::vector<std::string> order;
    for (auto const& m : set.migrations())
        order.push_back(m.name);
    BOOST_TEST((order == std::vector<std::string>{"old", "mid", "new", "newer", "no_down"}));
    BOOST_TEST(set.migrations().back().irreversible);
    BOOST_TEST(set.find(std::string_view("2023-10-10-123456-0001"))->name == "newer");
}

BOOST_AUTO_TEST_CASE(sqlx_and_popx) {
    TempDir d;
    write_file(d / "20200101000000_simple.sql", "-- no-transaction\nCREATE TABLE a (id INT);\n");
    write_file(d / "20200102000000_b.postgres.up.sql", "CREATE TABLE b (id SERIAL);");
    write_file(d / "20200102000000_b.sqlite3.up.sql", "CREATE TABLE b (id INTEGER);");
    write_file(d / "20200102000000_b.down.sql", "DROP TABLE b;");
    write_file(d / "20200103000000_c.mysql.up.sql", "CREATE TABLE c (id INT) ENGINE=InnoDB;");
    write_file(d / "20200103000000_c.mysql.down.sql", "DROP TABLE c;");
    BOOST_TEST((detected(d.path()) == Format::sqlx));
    for (auto dialect : {"sqlite", "postgresql"}) {
        auto const set = load_as(d.path(), Format::detect, dialect);
        BOOST_REQUIRE(set.migrations().size() == 3u);
        BOOST_TEST(!set.migrations()[0].transactional);
        BOOST_TEST(set.migrations()[0].down.statements.empty()); // irreversible: a no-op down
        BOOST_TEST(set.migrations()[1].up.text.find(
                       dialect == std::string("sqlite") ? "INTEGER" : "SERIAL") != std::string::npos);
        BOOST_TEST(!set.migrations()[2].for_this_dialect); // only MySQL's files
    }
}

BOOST_AUTO_TEST_CASE(flyway_versions) {
    TempDir d;
    write_file(d / "V1__create_a.sql", "CREATE TABLE a (id INT);");
    write_file(d / "U1__create_a.sql", "DROP TABLE a;");
    write_file(d / "V1.1__create_b.sql", "CREATE TABLE b (id INT);");
    write_file(d / "V1_10__create_c.sql", "CREATE TABLE c (id INT);");
    write_file(d / "V2.0.3__index.sql", "CREATE INDEX ia ON a (id);");
    write_file(d / "V2.0.3__index.sql.conf", "# Flyway\nexecuteInTransaction=false\n");
    write_file(d / "V10__late.sql", "SELECT 1;");
    BOOST_TEST((detected(d.path()) == Format::flyway));
    auto const set = load_as(d.path());
    std::vector<std::int64_t> versions;
    for (auto const& m : set.migrations())
        versions.push_back(m.version.value);
    // 1 < 1.1 < 1.10 < 2.0.3 < 10, segment by segment
    BOOST_TEST(versions == (std::vector<std::int64_t>{10000, 10100, 11000, 20003, 100000}),
               boost::test_tools::per_element());
    BOOST_TEST(set.migrations()[0].down.statements.size() == 1u);
    BOOST_TEST(set.migrations()[1].irreversible); // no undo script
    BOOST_TEST(set.migrations()[1].name == "create_b");
    BOOST_TEST(set.migrations()[1].folder == "V1.1__create_b");
    BOOST_TEST(!set.migrations()[3].transactional);
    // Shown and accepted as Flyway writes them.
    BOOST_TEST(set.migrations()[1].version_text == "1.1");
    BOOST_TEST(set.migrations()[2].version_text == "1.10");
    BOOST_TEST(set.find(std::string_view("1.1"))->folder == "V1.1__create_b");
    BOOST_TEST(set.find(std::string_view("2.0.3"))->name == "index");
    BOOST_TEST(set.find(std::string_view("10"))->name == "late");
    BOOST_TEST(set.find(std::string_view("1.3")) == nullptr);
}

// R__ files: repeatable migrations, in description order, with their keys in the version table.
BOOST_AUTO_TEST_CASE(flyway_repeatables) {
    TempDir d;
    write_file(d / "V1__a.sql", "CREATE TABLE a (id INT);");
    write_file(d / "R__views.sql", "CREATE VIEW v AS SELECT 1 AS x;");
    write_file(d / "R__functions.sql", "SELECT 1;");
    auto const set = load_as(d.path());
    BOOST_REQUIRE(set.repeatables().size() == 2u);
    BOOST_TEST(set.repeatables()[0].folder == "R__functions");
    BOOST_TEST(set.repeatables()[1].folder == "R__views");
    BOOST_TEST(set.repeatables()[1].repeatable);
    BOOST_TEST(set.repeatables()[1].version.value == repeatable_version("R__views").value);
    BOOST_TEST(set.repeatables()[1].version.value < 0);
    BOOST_TEST(repeatable_version("R__views").value == repeatable_version("R__views").value);
    BOOST_TEST(repeatable_version("R__views").value != repeatable_version("R__view").value);
}

BOOST_AUTO_TEST_CASE(flyway_malformed) {
    TempDir repeatable;
    write_file(repeatable / "V1__a.sql", "SELECT 1;");
    write_file(repeatable / "R__create_views.sql", "SELECT 1;");
    write_file(repeatable / "R__Create views.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(repeatable.path()), "a repeatable migration named like"));
    TempDir same;
    write_file(same / "V1__a.sql", "SELECT 1;");
    write_file(same / "V1.0__b.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(same.path()), "duplicate version"));
    TempDir big;
    write_file(big / "V1.100__a.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(big.path()), "the second and third at most 99"));
    TempDir deep;
    write_file(deep / "V1.2.3.4__a.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(deep.path()), "has 4 segments"));
    TempDir undo_only;
    write_file(undo_only / "V1__a.sql", "SELECT 1;");
    write_file(undo_only / "U2__b.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(undo_only.path()), "U2__b.sql:1: an undo script without its V script"));
    TempDir conf;
    write_file(conf / "V1__a.sql", "SELECT 1;");
    write_file(conf / "V1__a.sql.conf", "encoding=UTF-8\n");
    BOOST_TEST(contains(error_of(conf.path()), "V1__a.sql.conf:1: unknown key 'encoding'"));
}

BOOST_AUTO_TEST_CASE(detection_refuses_mixes_and_strangers) {
    TempDir mixed;
    write_file(mixed / "1_a.up.sql", "SELECT 1;");
    write_file(mixed / "1_a.down.sql", "SELECT 1;");
    write_file(mixed / "V2__b.sql", "SELECT 1;");
    BOOST_TEST(contains(error_of(mixed.path()), "mixes two layouts: golang-migrate (1_a."));
    TempDir folders_and_files;
    write_file(folders_and_files / "1_a/up.sql", "SELECT 1;");
    write_file(folders_and_files / "1_a/down.sql", "SELECT 1;");
    write_file(folders_and_files / "2_b.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    BOOST_TEST(contains(error_of(folders_and_files.path()),
                        "mixes two layouts: migrator (1_a) and dbmate (2_b.sql)"));
    TempDir goose_and_dbmate;
    write_file(goose_and_dbmate / "1_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    write_file(goose_and_dbmate / "2_b.sql", "-- +goose Up\nSELECT 1;\n");
    BOOST_TEST(contains(error_of(goose_and_dbmate.path()), "mixes two layouts"));
    TempDir stranger;
    write_file(stranger / "create_users.sql", "SELECT 1;");
    BOOST_TEST(
        contains(error_of(stranger.path()), "no migrations found: create_users.sql matches no layout"));
    TempDir empty;
    BOOST_TEST(contains(error_of(empty.path()), "no migrations found in " + empty.path().string()));
}

BOOST_AUTO_TEST_CASE(allow_empty) {
    TempDir empty;
    auto const& sqlite = test::registry().get("sqlite");
    BOOST_TEST(test::load(empty.path(), sqlite, {Format::detect, true}).empty());
    BOOST_TEST(test::load(empty / "missing", sqlite, {Format::detect, true}).empty());
    write_file(empty / "notes.txt", "x");
    BOOST_TEST(test::load(empty.path(), sqlite, {Format::detect, true}).empty());
}

BOOST_AUTO_TEST_CASE(transaction_per_dialect) {
    TempDir d;
    test::write_migration(d.path(), "1_index", "CREATE INDEX ia ON a (id);", "DROP INDEX ia;",
                          "transaction: {postgresql: false}\n");
    BOOST_TEST(load_as(d.path(), Format::detect, "sqlite").migrations()[0].transactional);
    BOOST_TEST(!load_as(d.path(), Format::detect, "postgresql").migrations()[0].transactional);
    TempDir bad;
    test::write_migration(bad.path(), "1_index", "SELECT 1;", "SELECT 1;", "transaction: {mysql: false}\n");
    BOOST_TEST(contains(error_of(bad.path()), "migration.yaml:1: unknown dialect 'mysql'"));
}

BOOST_AUTO_TEST_SUITE_END()
