// The hostile-input corpus (tests/data/hostile/) through the built binary: malformed and
// adversarial migration.yaml and migrator.yaml, folder names, scripts, versions, URLs and
// version-table names. Each input gets one line naming the file or the cause with exit 2, or is
// used safely quoted; the canary table of the database survives every one.
#define BOOST_TEST_MODULE migrator_hostile
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <functional>

#include "process.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;

namespace {

fs::path const corpus = fs::path(MIGRATOR_SOURCE_DIR) / "tests" / "data" / "hostile";

std::vector<std::string> lines_of(fs::path const& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.front() != '#') out.push_back(line);
    return out;
}

bool one_line(std::string const& text) {
    return std::count(text.begin(), text.end(), '\n') == 1 && text.back() == '\n';
}

// A SQLite database holding a canary table, and a one-migration set beside it.
struct Project {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "app.db").string();
    Project() {
        fs::create_directories(dir / "migrations");
        write_migration(dir / "migrations", "1_one", "CREATE TABLE one (id INTEGER);\n", "DROP TABLE one;\n");
        auto c = registry().get("sqlite").connect(registry().parse_url(url), std::chrono::seconds(5));
        c->execute("CREATE TABLE canary (id INTEGER)");
    }
    Run run(std::vector<std::string> args, std::vector<std::string> env = {}) {
        return run_migrator(std::move(args), {dir.path(), std::move(env)});
    }
    Run up() { return run({"--database", url, "--dir", "migrations", "up"}); }
    Rows query(std::string const& sql) {
        auto c = registry().get("sqlite").connect(registry().parse_url(url), std::chrono::seconds(5));
        return c->query(sql);
    }
    bool canary_alive() { return !query("SELECT name FROM sqlite_master WHERE name = 'canary'").empty(); }
};

std::vector<fs::path> files_in(fs::path const& dir) {
    std::vector<fs::path> out;
    for (auto const& e : fs::directory_iterator(dir))
        out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(malformed_migration_yaml_is_exit_2_naming_the_file) {
    for (auto const& file : files_in(corpus / "migration_yaml")) {
        BOOST_TEST_CONTEXT(file.filename()) {
            Project p;
            fs::copy_file(file, p.dir / "migrations" / "1_one" / "migration.yaml");
            auto const r = p.up();
            BOOST_TEST(r.code == 2, r.err);
            BOOST_TEST(contains(r.err, "1_one/migration.yaml"), r.err);
            BOOST_TEST(one_line(r.err), r.err);
            BOOST_TEST(p.canary_alive());
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_migrator_yaml_is_exit_2_naming_the_file) {
    for (auto const& file : files_in(corpus / "config")) {
        BOOST_TEST_CONTEXT(file.filename()) {
            Project p;
            fs::copy_file(file, p.dir / "migrator.yaml");
            for (auto const& command : {"status", "up"}) {
                auto const r = p.run({"--dir", "migrations", command});
                BOOST_TEST(r.code == 2, command << ": " << r.err);
                BOOST_TEST(contains(r.err, "migrator.yaml"), r.err);
                BOOST_TEST(one_line(r.err), r.err);
                BOOST_TEST(!contains(r.err + r.out, "hunter"), r.err); // the secrets corpus
                auto const json = p.run({"--json", "--dir", "migrations", command});
                BOOST_TEST(!contains(json.err + json.out, "hunter"), json.out);
            }
            BOOST_TEST(p.canary_alive());
        }
    }
}

// A .env line that is a secret in the wrong shape (a bare URL with DATABASE_URL= forgotten, an
// unterminated quote): a warning naming .env:LINE when nothing needs it, exit 2 naming it when the
// database was to come from it; never its content, on stderr or in the JSON.
BOOST_AUTO_TEST_CASE(a_malformed_dotenv_line_is_named_and_never_echoed) {
    for (auto const& file : files_in(corpus / "dotenv")) {
        BOOST_TEST_CONTEXT(file.filename()) {
            Project p;
            fs::copy_file(file, p.dir / ".env");
            for (auto const& command : {"status", "up"}) {
                auto const r = p.run({"--database", p.url, "--dir", "migrations", command});
                BOOST_TEST(r.code == 0, command << ": " << r.err);
                BOOST_TEST(contains(r.err, "warning: .env:"), r.err);
                BOOST_TEST(!contains(r.err + r.out, "hunter"), r.err);
                auto const json = p.run({"--json", "--database", p.url, "--dir", "migrations", command});
                BOOST_TEST(!contains(json.err + json.out, "hunter"), json.out);
            }
            // Without --database, DATABASE_URL was needed: the error names the line it could be on.
            auto const needed = p.run({"--dir", "migrations", "status"});
            BOOST_TEST(needed.code == 2, needed.err);
            BOOST_TEST(contains(needed.err, ".env:"), needed.err);
            BOOST_TEST(contains(needed.err, "could not be read"), needed.err);
            BOOST_TEST(!contains(needed.err + needed.out, "hunter"), needed.err);
            auto const json = p.run({"--json", "--dir", "migrations", "status"});
            BOOST_TEST(json.code == 2, json.out);
            BOOST_TEST(!contains(json.err + json.out, "hunter"), json.out);
        }
    }
}

// .env, migrator.yaml and migration files must be regular files: a FIFO (which would wait for a
// writer forever) or a link to /dev/zero (which never ends) is exit 2 naming the file, at once.
BOOST_AUTO_TEST_CASE(special_files_are_refused_at_once) {
    struct Case {
        char const* what;
        std::function<void(Project&)> make;
        std::string named;
    };
    auto fifo = [](fs::path const& p) { BOOST_REQUIRE(::mkfifo(p.c_str(), 0600) == 0); };
    std::vector<Case> const cases = {
        {".env FIFO", [&](Project& p) { fifo(p.dir / ".env"); }, ".env"},
        {".env -> /dev/zero", [](Project& p) { fs::create_symlink("/dev/zero", p.dir / ".env"); }, ".env"},
        {"migrator.yaml FIFO", [&](Project& p) { fifo(p.dir / "migrator.yaml"); }, "migrator.yaml"},
        {"migrator.yaml -> /dev/zero",
         [](Project& p) { fs::create_symlink("/dev/zero", p.dir / "migrator.yaml"); }, "migrator.yaml"},
        {"up.sql FIFO",
         [&](Project& p) {
             fs::remove(p.dir / "migrations" / "1_one" / "up.sql");
             fifo(p.dir / "migrations" / "1_one" / "up.sql");
         },
         "1_one/up.sql"},
        {"up.sql -> /dev/zero",
         [](Project& p) {
             fs::remove(p.dir / "migrations" / "1_one" / "up.sql");
             fs::create_symlink("/dev/zero", p.dir / "migrations" / "1_one" / "up.sql");
         },
         "1_one/up.sql"},
        {"a 2 MiB .env", [](Project& p) { write_file(p.dir / ".env", std::string(2 << 20, '#')); }, ".env"},
    };
    for (auto const& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Project p;
            c.make(p);
            for (auto const& command : {"status", "up"}) {
                auto const start = std::chrono::steady_clock::now();
                auto const r = p.run({"--database", p.url, "--dir", "migrations", command});
                BOOST_TEST(r.code == 2, command << ": " << r.err);
                BOOST_TEST(contains(r.err, c.named), r.err);
                BOOST_TEST(one_line(r.err), r.err);
                BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(5)));
            }
            BOOST_TEST(p.query("SELECT name FROM sqlite_master WHERE name = 'schema_version'").empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_bad_config_value_names_the_file_the_line_and_the_key) {
    Project p;
    fs::copy_file(corpus / "config" / "lock_timeout_banana.yaml", p.dir / "migrator.yaml");
    auto const r = p.run({"status"});
    BOOST_TEST(r.code == 2);
    BOOST_TEST(contains(r.err, "migrator.yaml:5: lock_timeout: bad duration 'banana'"), r.err);
}

BOOST_AUTO_TEST_CASE(odd_folder_names_are_stored_exactly_or_refused) {
    // Used safely quoted: stored in the version table exactly as written.
    for (std::string const name : {"with space", "ünïcødé 名前", "..", "x'); DROP TABLE canary; --",
                                   "\"quoted\" and 'single'", "semi;colon"}) {
        BOOST_TEST_CONTEXT(name) {
            Project p;
            fs::rename(p.dir / "migrations" / "1_one", p.dir / "migrations" / ("1_" + name));
            auto const r = p.up();
            BOOST_TEST(r.code == 0, r.err);
            BOOST_TEST(p.query("SELECT name FROM schema_version").at(0).at(0) == name);
            BOOST_TEST(p.canary_alive());
        }
    }
    // Refused before anything runs.
    for (std::string const& name :
         {std::string("back\\slash"), std::string("new\nline"), std::string("tab\tbed"),
          std::string("bad\xff\xfeutf8"), std::string("bell\x07")}) {
        BOOST_TEST_CONTEXT(printable(name)) {
            Project p;
            fs::rename(p.dir / "migrations" / "1_one", p.dir / "migrations" / ("1_" + name));
            auto const r = p.up();
            BOOST_TEST(r.code == 2, r.err);
            BOOST_TEST(one_line(r.err), r.err);
            BOOST_TEST(p.query("SELECT name FROM sqlite_master WHERE name = 'schema_version'").empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(symlinks_out_of_the_directory_and_bad_versions_are_exit_2) {
    {
        Project p;
        TempDir outside;
        write_migration(outside.path(), "2_outside", "CREATE TABLE two (id INTEGER);\n", "DROP TABLE two;\n");
        fs::create_directory_symlink(outside / "2_outside", p.dir / "migrations" / "2_outside");
        auto const r = p.up();
        BOOST_TEST(r.code == 2, r.err);
        BOOST_TEST(contains(r.err, "outside the migrations directory"), r.err);
    }
    for (std::string const folder :
         {"99999999999999999999_overflow", "9223372036854775808_just_over", "0_zero", "00_zeros", "1_"}) {
        BOOST_TEST_CONTEXT(folder) {
            Project p;
            write_migration(p.dir / "migrations", folder, "SELECT 1;\n", "SELECT 1;\n");
            auto const r = p.up();
            BOOST_TEST(r.code == 2, r.err);
            BOOST_TEST(contains(r.err, folder), r.err);
            BOOST_TEST(one_line(r.err), r.err);
        }
    }
}

BOOST_AUTO_TEST_CASE(empty_nul_and_huge_scripts) {
    {
        Project p;
        // What `new` wrote: a half-written migration, never recorded as done.
        write_file(p.dir / "migrations" / "1_one" / "up.sql", "-- one: the change. Write the SQL here.\n\n");
        auto const r = p.up();
        BOOST_TEST(r.code == 2, r.err);
        BOOST_TEST(contains(r.err, "1_one/up.sql: the script is empty"), r.err);
        // Comments someone wrote: a deliberate no-op, recorded with a warning.
        write_file(p.dir / "migrations" / "1_one" / "up.sql", "-- nothing here on purpose\n\n");
        auto const noop = p.up();
        BOOST_TEST(noop.code == 0, noop.err);
        BOOST_TEST(p.query("SELECT count(*) FROM schema_version").at(0).at(0) == "1");
    }
    {
        Project p;
        write_file(p.dir / "migrations" / "1_one" / "up.sql",
                   std::string("CREATE TABLE one (id INTEGER);\nSELECT 'a\0b';\n", 45));
        auto const r = p.up();
        BOOST_TEST(r.code == 2, r.err);
        BOOST_TEST(contains(r.err, "1_one/up.sql:2:10: the script holds a NUL byte"), r.err);
        BOOST_TEST(p.query("SELECT name FROM sqlite_master WHERE name = 'one'").empty());
    }
    {
        Project p;
        std::string script = "CREATE TABLE one (id INTEGER, note TEXT);\n";
        for (int i = 0; i < 100000; ++i)
            script += "INSERT INTO one VALUES (" + std::to_string(i) + ", 'x; -- not a comment');\n";
        write_file(p.dir / "migrations" / "1_one" / "up.sql", script);
        auto const r = p.up();
        BOOST_TEST(r.code == 0, r.err);
        BOOST_TEST(p.query("SELECT count(*) FROM one").at(0).at(0) == "100000");
    }
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_exit_2_and_never_echoed) {
    for (auto const& url : lines_of(corpus / "bad_urls.txt")) {
        BOOST_TEST_CONTEXT(url) {
            Project p;
            for (auto const& command : {"status", "up"}) {
                auto const r = p.run({"--database", url, "--dir", "migrations", command});
                BOOST_TEST(r.code == 2, r.err);
                BOOST_TEST(one_line(r.err), r.err);
                BOOST_TEST(!contains(r.err, "hunter"), r.err);
                // Nor through DATABASE_URL.
                auto const env = p.run({"--dir", "migrations", command}, {"DATABASE_URL=" + url});
                BOOST_TEST(env.code == 2, env.err);
                BOOST_TEST(!contains(env.err, "hunter"), env.err);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_version_table_names_are_exit_2) {
    for (auto const& name : lines_of(corpus / "bad_version_tables.txt")) {
        BOOST_TEST_CONTEXT(name) {
            Project p;
            auto const r = p.run({"--database", p.url, "--dir", "migrations", "--version-table", name, "up"});
            BOOST_TEST(r.code == 2, r.err);
            BOOST_TEST(one_line(r.err), r.err);
            BOOST_TEST(p.canary_alive());
        }
    }
}
