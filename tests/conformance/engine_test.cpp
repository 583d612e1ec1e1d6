// The one executor: a live run and its --sql script are the same statements, and the script,
// replayed through the database's own client, leaves the same schema and version rows.
#include <boost/test/unit_test.hpp>

#include <functional>

#include "engine/executor.hpp"
#include "engine/version_store.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {

// Runs a live run's statements and records each as a script would print it.
class RecordingSink final : public Sink {
public:
    RecordingSink(Sink& live, Dialect const& dialect) : live_(live), record_(dialect, true) {}
    void begin() override { live_.begin(), record_.begin(); }
    void commit() override { live_.commit(), record_.commit(); }
    void rollback() noexcept override {
        live_.rollback();
        record_.comment("ROLLBACK (a live run only)");
    }
    void lock(QualifiedName const& t) override { live_.lock(t), record_.lock(t); }
    void unlock(QualifiedName const& t) override { live_.unlock(t), record_.unlock(t); }
    void comment(std::string const& text) override { live_.comment(text), record_.comment(text); }
    void run(Script const& s, Statement const& st, int n) override {
        live_.run(s, st, n), record_.run(s, st, n);
    }
    void write(SqlCommand const& c, std::optional<int> rows) override {
        live_.write(c, rows), record_.write(c, rows);
    }
    std::vector<std::string> const& statements() const { return record_.statements(); }

private:
    Sink& live_;
    ScriptSink record_;
};

using Operation = std::function<RunReport(Executor&, MigrationSet const&)>;

RunReport up_all(Executor& e, MigrationSet const& set) {
    return e.up(set, {});
}
RunReport down_steps(Executor& e, MigrationSet const& set, int n) {
    DownOptions o;
    o.target = {DownTarget::Kind::steps, n, {}};
    return e.down(set, o);
}
RunReport down_all(Executor& e, MigrationSet const& set) {
    DownOptions o;
    o.target.kind = DownTarget::Kind::all;
    return e.down(set, o);
}

struct Engine {
    std::unique_ptr<Connection> connection;
    VersionStore store;
    RunControl control;
    Observer quiet;
    explicit Engine(ScratchDatabase& db)
        : connection(db.connect()), store(db.dialect(), QualifiedName{"", "schema_version"}) {}
};

std::vector<std::string> live_statements(ScratchDatabase& db, MigrationSet const& set, Operation const& op) {
    Engine e(db);
    LiveSink live(*e.connection, {std::chrono::seconds(10), &e.quiet, &e.control});
    RecordingSink recording(live, db.dialect());
    Executor executor(e.connection.get(), recording, true, e.store, e.quiet, e.control);
    op(executor, set);
    return recording.statements();
}

std::vector<std::string> script_statements(ScratchDatabase& db, MigrationSet const& set, Operation const& op,
                                           bool mask_measured) {
    Engine e(db);
    ScriptSink script(db.dialect(), mask_measured);
    Executor executor(e.connection.get(), script, false, e.store, e.quiet, e.control);
    op(executor, set);
    return script.statements();
}

// version, name, checksum, dirty, statements_done, direction of every row.
Rows version_rows(ScratchDatabase& db) {
    return db.query(
        "SELECT version, name, checksum, CASE WHEN dirty THEN 1 ELSE 0 END, statements_done, direction "
        "FROM schema_version ORDER BY version");
}

// Brings two fresh databases to the same state, runs `op` live on one and as a script on the
// other, and compares: the statements, then (after replaying the script) schema and rows.
void same_as_live(MigrationSet const& set, Operation const& prepare, Operation const& op) {
    ScratchDatabase live_db, script_db;
    if (prepare) {
        Engine a(live_db), b(script_db);
        LiveSink sa(*a.connection, {std::chrono::seconds(10), &a.quiet, &a.control});
        LiveSink sb(*b.connection, {std::chrono::seconds(10), &b.quiet, &b.control});
        Executor ea(a.connection.get(), sa, true, a.store, a.quiet, a.control);
        Executor eb(b.connection.get(), sb, true, b.store, b.quiet, b.control);
        prepare(ea, set);
        prepare(eb, set);
    }
    auto const script = script_statements(script_db, set, op, true);
    auto const live = live_statements(live_db, set, op);
    BOOST_TEST(live == script, boost::test_tools::per_element());
    BOOST_TEST(!live.empty());

    TempDir dir;
    std::string text;
    for (auto const& s : script_statements(script_db, set, op, false))
        text += s + "\n";
    write_file(dir / "script.sql", text);
    BOOST_TEST(target().replay((dir / "script.sql").string(), script_db.url()) == 0, text);
    BOOST_TEST(live_db.dump() == script_db.dump());
    BOOST_TEST(version_rows(live_db) == version_rows(script_db));
}

void mixed_set(std::filesystem::path const& dir) {
    write_migration(dir, "1_table", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n",
                    "DROP TABLE items;\n");
    write_migration(dir, "2_indexes",
                    "CREATE INDEX items_name_idx ON items (name);\n-- a comment; with a semicolon\n"
                    "CREATE INDEX items_id_name_idx ON items (id, name);\n",
                    "DROP INDEX items_id_name_idx;\nDROP INDEX items_name_idx;\n", "transaction: false\n");
    write_migration(dir, "3_more", "CREATE TABLE more_items (id INTEGER); -- trailing comment\n",
                    "DROP TABLE more_items;\n");
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(sql_equals_live_for_the_shipped_set) {
    auto const set = load(shipped_migrations(), *target().dialect);
    same_as_live(set, {}, up_all);
    same_as_live(
        set, [](Executor& e, MigrationSet const& s) { return e.up(s, {.to = Version{3}}); }, up_all);
    same_as_live(set, up_all, [](Executor& e, MigrationSet const& s) { return down_steps(e, s, 2); });
    same_as_live(set, up_all, down_all);
}

BOOST_AUTO_TEST_CASE(sql_equals_live_for_non_transactional_migrations) {
    TempDir dir;
    mixed_set(dir.path());
    auto const set = load(dir.path(), *target().dialect);
    same_as_live(set, {}, up_all);
    same_as_live(set, up_all, down_all);
}

BOOST_AUTO_TEST_CASE(sql_equals_live_with_a_migration_for_another_dialect) {
    std::string other;
    for (auto const& name : target().registry->names())
        if (name != target().dialect->name()) other = name;
    if (other.empty()) return; // a registry of one dialect
    TempDir dir;
    mixed_set(dir.path());
    write_migration(dir.path(), "4_elsewhere", "SELECT 1;\n", "SELECT 1;\n", "dialects: [" + other + "]\n");
    auto const set = load(dir.path(), *target().dialect);
    same_as_live(set, {}, up_all);
}

BOOST_AUTO_TEST_CASE(a_version_table_write_must_change_one_row) {
    ScratchDatabase db;
    run_up(db, load(shipped_migrations(), db.dialect()), Version{1});
    Engine e(db);
    LiveSink sink(*e.connection, {std::chrono::seconds(1), &e.quiet, &e.control});
    try {
        sink.write(e.store.remove(Version{42}), 1);
        BOOST_FAIL("expected a DatabaseError");
    } catch (DatabaseError const& err) {
        BOOST_TEST(std::string(err.what()).find("changed 0 row(s), expected 1") != std::string::npos,
                   err.what());
    }
}

BOOST_AUTO_TEST_CASE(a_half_run_non_transactional_down_is_recorded_as_a_down) {
    ScratchDatabase db;
    TempDir dir;
    write_migration(dir.path(), "1_nontx", "CREATE TABLE n1 (id INTEGER);\nCREATE TABLE n2 (id INTEGER);\n",
                    "DROP TABLE n2;\nDROP TABLE no_such_table;\nDROP TABLE n1;\n", "transaction: false\n");
    auto const set = load(dir.path(), db.dialect());
    run_up(db, set);
    try {
        run_down(db, set, {});
        BOOST_FAIL("expected a ScriptError");
    } catch (ScriptError const& e) {
        BOOST_TEST(e.statement() == 2);
    }
    auto const rows = db.query("SELECT CASE WHEN dirty THEN 1 ELSE 0 END, statements_done, direction FROM "
                               "schema_version WHERE version = 1");
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0][0] == "1");
    BOOST_TEST(rows[0][1] == "1"); // its first statement ran: n2 is gone
    BOOST_TEST(rows[0][2] == "down");
    BOOST_TEST(!db.has_table("n2"));
    try {
        run_up(db, set);
        BOOST_FAIL("expected DirtyVersion");
    } catch (DirtyVersion const& e) {
        BOOST_TEST((e.row().direction == Direction::down));
        BOOST_TEST(std::string(e.what()).find("a non-transactional down stopped after 1 statement") !=
                       std::string::npos,
                   e.what());
    }
    run_repair(db, Version{1}, false); // finished by hand: recorded as rolled back
    BOOST_TEST(db.applied_versions().empty());
}

BOOST_AUTO_TEST_CASE(a_version_table_from_migrator_0_1_gains_its_new_column) {
    ScratchDatabase db;
    auto const set = load(shipped_migrations(), db.dialect());
    run_up(db, set, Version{1});
    // The table as migrator 0.1 made it: no direction column.
    db.execute("ALTER TABLE schema_version DROP COLUMN direction");
    auto m =
        Migrator::open(*target().registry, db.cli_url(), MigrationSource::directory(shipped_migrations()));
    BOOST_TEST(m.status().applied == 1); // read as it is
    BOOST_TEST(m.history().at(0).name == "create_users");
    m.up();
    BOOST_TEST(db.applied_versions().size() == 8u);
    BOOST_TEST(db.query("SELECT direction FROM schema_version WHERE version = 1").at(0).at(0) == "up");
}

BOOST_AUTO_TEST_SUITE_END()
