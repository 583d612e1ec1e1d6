// SQLite under faults, through the built binary: a read-only file or directory, WAL with a
// long-running reader, a full disk, odd paths, a held write lock.
#include <boost/test/unit_test.hpp>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;
namespace fs = std::filesystem;

namespace {

std::string url_of(fs::path const& file) {
    return "sqlite:///" + file.string(); // absolute: four slashes
}

std::vector<std::string> args(std::string const& url, std::vector<std::string> rest) {
    std::vector<std::string> out{"--database", url, "--dir", shipped_migrations().string()};
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

// A tmpfs of `size` at `dir` for the life of the object; mounted() is false where this machine
// does not allow mounting (not root, or a container without the capability).
class Tmpfs {
public:
    Tmpfs(fs::path dir, std::string const& size) : dir_(std::move(dir)) {
        fs::create_directories(dir_);
        mounted_ = mount("tmpfs", dir_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    }
    ~Tmpfs() {
        if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
    }
    Tmpfs(Tmpfs const&) = delete;
    Tmpfs& operator=(Tmpfs const&) = delete;
    bool mounted() const noexcept { return mounted_; }
    bool remount_read_only() {
        return mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    fs::path dir_;
    bool mounted_ = false;
};

std::string integrity(fs::path const& file) {
    auto c = registry().get("sqlite").connect(registry().parse_url(url_of(file)), std::chrono::seconds(5));
    return c->query("PRAGMA integrity_check").at(0).at(0);
}

std::vector<std::string> versions(fs::path const& file) {
    auto c = registry().get("sqlite").connect(registry().parse_url(url_of(file)), std::chrono::seconds(5));
    std::vector<std::string> out;
    for (auto const& row : c->query("SELECT version FROM schema_version ORDER BY version"))
        out.push_back(row.at(0));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sqlite_harness)

BOOST_AUTO_TEST_CASE(a_read_only_file_is_one_line_and_exit_1) {
    TempDir dir;
    fs::path const db = dir / "ro.db";
    BOOST_REQUIRE(run_migrator(args(url_of(db), {"up", "--to", "2"})).code == 0);
    auto const r = run_migrator(args(url_of(db) + "?mode=ro", {"up"}));
    BOOST_TEST(r.code == 1, r.err);
    BOOST_TEST(contains(r.err, "read-only"), r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
    BOOST_TEST(versions(db).size() == 2u);
    BOOST_TEST(run_migrator(args(url_of(db) + "?mode=ro", {"status"})).code == 0); // reading still works
}

BOOST_AUTO_TEST_CASE(a_read_only_directory_is_one_line_and_exit_1) {
    TempDir dir;
    Tmpfs area(dir / "area", "4m");
    if (!area.mounted()) {
        BOOST_TEST_MESSAGE("skipped: this machine does not allow mounting a tmpfs");
        return;
    }
    fs::path const db = dir / "area" / "x.db";
    BOOST_REQUIRE(run_migrator(args(url_of(db), {"up", "--to", "2"})).code == 0);
    BOOST_REQUIRE(area.remount_read_only());
    auto const r = run_migrator(args(url_of(db), {"up"}));
    BOOST_TEST(r.code == 1, r.err);
    BOOST_TEST(contains(r.err, "read-only"), r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
    BOOST_TEST(run_migrator(args(url_of(db), {"status"})).code == 0);
}

BOOST_AUTO_TEST_CASE(wal_with_a_long_running_reader_applies_once) {
    TempDir dir;
    fs::path const db = dir / "wal.db";
    BOOST_REQUIRE(run_migrator(args(url_of(db), {"up", "--to", "1"})).code == 0);
    auto reader = registry().get("sqlite").connect(registry().parse_url(url_of(db)), std::chrono::seconds(5));
    BOOST_REQUIRE(reader->query("PRAGMA journal_mode = WAL").at(0).at(0) == "wal");
    reader->execute("BEGIN");
    reader->query("SELECT count(*) FROM schema_version"); // holds a read snapshot from here on
    auto const r = run_migrator(args(url_of(db), {"--lock-timeout", "5s", "up"}));
    BOOST_TEST(r.code == 0, r.err);
    auto const again = run_migrator(args(url_of(db), {"up"}));
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(contains(again.out, "nothing to do"), again.out);
    reader->execute("COMMIT");
    BOOST_TEST(versions(db).size() == 8u);
}

BOOST_AUTO_TEST_CASE(a_full_disk_exits_1_and_leaves_a_sound_stated_database) {
    TempDir dir;
    TempDir set;
    fs::copy(shipped_migrations(), set.path(), fs::copy_options::recursive);
    // A migration that writes far more than the disk holds.
    write_migration(set.path(), "9_fill",
                    "CREATE TABLE fill AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                    "WHERE x < 400000) SELECT x, printf('%.200c', 'x') AS pad FROM c;\n",
                    "DROP TABLE fill;\n");
    Tmpfs area(dir / "area", "2m");
    fs::path const db = area.mounted() ? dir / "area" / "full.db" : dir / "full.db";
    auto run = [&](std::vector<std::string> rest) {
        std::vector<std::string> a{"--database", url_of(db), "--dir", set.path().string()};
        a.insert(a.end(), rest.begin(), rest.end());
        if (area.mounted()) return run_migrator(a);
        // No tmpfs here: a file-size limit plays the full disk (SIGXFSZ ignored, so writes fail).
        pid_t const child = fork();
        if (child == 0) {
            rlimit limit{2 << 20, 2 << 20};
            setrlimit(RLIMIT_FSIZE, &limit);
            signal(SIGXFSZ, SIG_IGN);
            auto const r = run_migrator(a);
            _exit(r.code);
        }
        int status = 0;
        waitpid(child, &status, 0);
        return Run{WEXITSTATUS(status), "", ""};
    };
    auto const r = run({"up"});
    BOOST_TEST(r.code == 1, r.err);
    if (area.mounted()) BOOST_TEST(contains(r.err, "disk full"), r.err);
    BOOST_TEST(integrity(db) == "ok");
    BOOST_TEST(versions(db).size() == 8u); // the shipped set applied; the filling one rolled back
    auto c = registry().get("sqlite").connect(registry().parse_url(url_of(db)), std::chrono::seconds(5));
    BOOST_TEST(c->query("SELECT name FROM sqlite_master WHERE name = 'fill'").empty());
}

BOOST_AUTO_TEST_CASE(odd_paths_reach_sqlite_as_they_are) {
    TempDir dir;
    for (std::string const name : {"quo\"te.db", "sp ace.db", "semi;colon.db", "per%25cent.db"}) {
        BOOST_TEST_CONTEXT(name) {
            auto const up = run_migrator({"--database", "sqlite:///" + (dir / name).string(), "--dir",
                                          shipped_migrations().string(), "up"});
            BOOST_TEST(up.code == 0, up.err);
            std::string const on_disk = name == "per%25cent.db" ? "per%cent.db" : name;
            BOOST_TEST(fs::exists(dir / on_disk));
            auto const status = run_migrator({"--database", "sqlite:///" + (dir / name).string(), "--dir",
                                              shipped_migrations().string(), "status"});
            BOOST_TEST(contains(status.out, "8 applied, 0 pending"), status.out);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_write_lock_held_past_the_timeout_is_always_exit_4) {
    TempDir dir;
    fs::path const db = dir / "busy.db";
    BOOST_REQUIRE(run_migrator(args(url_of(db), {"up", "--to", "1"})).code == 0);
    auto writer = registry().get("sqlite").connect(registry().parse_url(url_of(db)), std::chrono::seconds(5));
    writer->execute("BEGIN EXCLUSIVE"); // another program's write lock: readers are blocked too
    for (auto const& command : {std::vector<std::string>{"up"}, {"status"}, {"down"}, {"history"}}) {
        auto const r = run_migrator(args(url_of(db), [&] {
            std::vector<std::string> a{"--lock-timeout", "300ms"};
            a.insert(a.end(), command.begin(), command.end());
            return a;
        }()));
        BOOST_TEST(r.code == 4, command[0] << ": " << r.err);
        BOOST_TEST(contains(r.err, "locked"), r.err);
    }
    writer->execute("ROLLBACK");
}

BOOST_AUTO_TEST_CASE(the_run_lock_names_its_holder_and_times_out_with_exit_4) {
    TempDir dir;
    fs::path const db = dir / "held.db";
    BOOST_REQUIRE(run_migrator(args(url_of(db), {"up", "--to", "1"})).code == 0);
    auto holder = registry().get("sqlite").connect(registry().parse_url(url_of(db)), std::chrono::seconds(5));
    BOOST_REQUIRE(holder->try_lock(QualifiedName::parse("schema_version", false)));
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    for (auto const& command :
         {std::vector<std::string>{"up"}, {"down"}, {"repair", "--remove", "1"}, {"baseline", "1"}}) {
        std::vector<std::string> a{"--lock-timeout", "300ms"};
        a.insert(a.end(), command.begin(), command.end());
        auto const r = run_migrator(args(url_of(db), a));
        BOOST_TEST(r.code == 4, command[0] << ": " << r.err);
        BOOST_TEST(contains(r.err, "pid " + std::to_string(getpid()) + " on host " + host), r.err);
    }
}

BOOST_AUTO_TEST_CASE(schema_dump_output_is_written_whole_or_not_at_all) {
    TempDir dir;
    fs::path const db = dir / "dump.db";
    BOOST_REQUIRE(run_migrator(args(url_of(db), {"up"})).code == 0);
    auto dump = [&](std::string const& output) {
        return run_migrator({"--database", url_of(db), "schema", "dump", "--output", output});
    };
    // A folder that does not exist: exit 1 with the OS reason, nothing written.
    auto const missing = dump((dir / "no" / "such" / "schema.sql").string());
    BOOST_TEST(missing.code == 1, missing.err);
    BOOST_TEST(contains(missing.err, "No such file or directory"), missing.err);
    BOOST_TEST(!contains(missing.err, "wrote"), missing.err);
    // Not a regular file: written in place, never replaced.
    BOOST_TEST(dump("/dev/null").code == 0);
    BOOST_TEST(fs::is_character_file("/dev/null"));
    // A full disk: the old file stays as it was, and no temporary file is left.
    Tmpfs area(dir / "area", "4k");
    if (!area.mounted()) {
        BOOST_TEST_MESSAGE("the full-disk part is skipped: this machine does not allow mounting a tmpfs");
        return;
    }
    write_file(dir / "area" / "schema.sql", "old\n");
    auto const full = dump((dir / "area" / "schema.sql").string());
    BOOST_TEST(full.code == 1, full.err);
    BOOST_TEST(contains(full.err, "No space left on device"), full.err);
    BOOST_TEST(read_file(dir / "area" / "schema.sql") == "old\n");
    BOOST_TEST(std::distance(fs::directory_iterator(dir / "area"), fs::directory_iterator()) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
