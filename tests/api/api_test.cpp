// The public API as a service uses it: the facade over a URL and over a soci::session it
// already holds, typed results, observer events. Runs on every dialect's target.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "migrator/migrator.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {

struct Events final : Observer {
    std::vector<std::string> seen;
    void on_lock_acquired(std::string const& table) override { seen.push_back("lock " + table); }
    void on_step_started(Migration const& m, Direction d) override {
        seen.push_back(std::string(d == Direction::up ? "start up " : "start down ") + m.folder);
    }
    void on_statement_done(Migration const& m, Direction, int done, int total) override {
        seen.push_back("statement " + m.folder + " " + std::to_string(done) + "/" + std::to_string(total));
    }
    void on_step_finished(StepResult const& r) override { seen.push_back("finished " + r.migration->folder); }
};

bool has(std::vector<std::string> const& v, std::string const& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

BOOST_AUTO_TEST_CASE(facade_over_a_url_with_typed_results_and_events) {
    ScratchDatabase db;
    auto m =
        Migrator::open(*target().registry, db.cli_url(), MigrationSource::directory(shipped_migrations()));
    Events events;
    m.set_observer(&events);
    auto const report = m.up({.to = Version{2}});
    BOOST_TEST(report.changed() == 2);
    BOOST_TEST(report.current_version->value == 2);
    BOOST_TEST(has(events.seen, "lock schema_version"));
    BOOST_TEST(has(events.seen, "start up 0001_create_users"));
    BOOST_TEST(has(events.seen, "finished 0002_create_posts"));
    BOOST_TEST(std::count_if(events.seen.begin(), events.seen.end(), [](auto const& e) {
                   return e.rfind("statement 0002_create_posts", 0) == 0;
               }) >= 2);
    Status const status = m.status();
    BOOST_TEST(status.applied == 2);
    BOOST_TEST(status.pending == 6);
    BOOST_TEST((status.migrations[2].state == MigrationState::pending));
    BOOST_TEST(m.history().size() == 2u);
    BOOST_TEST(m.validate().empty());
    try {
        m.up({.to = Version{99}});
        BOOST_FAIL("expected TargetNotInSet");
    } catch (TargetNotInSet const& e) {
        BOOST_TEST(e.version().value == 99);
        BOOST_TEST(static_cast<int>(e.exit_code()) == 2);
        BOOST_TEST(std::string(e.what()).find("--") == std::string::npos,
                   e.what()); // the library names no flag
    }
    auto const sql = m.up({.sql = true});
    BOOST_TEST(sql.sql.size() > 6u);
    BOOST_TEST(m.status().applied == 2); // --sql changed nothing
    m.down({.target = {DownTarget::Kind::all, 0, {}}});
    BOOST_TEST(m.status().applied == 0);
}

BOOST_AUTO_TEST_CASE(facade_over_an_applications_soci_session) {
    ScratchDatabase db;
    std::string const backend = std::string(target().dialect->soci_backend());
    BOOST_REQUIRE(!backend.empty());
    std::string connect;
    if (backend == "sqlite3") {
        connect = "db=" + db.url().field("path");
    } else {
        for (auto const* key : {"host", "port", "dbname", "user"})
            if (!db.url().field(key).empty()) connect += std::string(key) + "=" + db.url().field(key) + " ";
    }
    soci::session session(backend, connect);
    {
        auto m =
            Migrator::open(*target().registry, session, MigrationSource::directory(shipped_migrations()));
        BOOST_TEST(m.up().changed() == 8);
    }
    // The session is the application's and still works after the Migrator is gone.
    int applied = 0;
    session << "SELECT count(*) FROM schema_version", soci::into(applied);
    BOOST_TEST(applied == 8);
}

BOOST_AUTO_TEST_CASE(offline_migrator_prints_a_script) {
    auto m = Migrator::offline(*target().registry, std::string(target().dialect->name()),
                               MigrationSource::directory(shipped_migrations()));
    BOOST_TEST(!m.has_database());
    auto const report = m.up({.sql = true});
    BOOST_TEST(std::any_of(report.sql.begin(), report.sql.end(), [](std::string const& s) {
        return s.find("CREATE TABLE IF NOT EXISTS") != std::string::npos;
    }));
    BOOST_CHECK_THROW(m.up(), UsageError); // a live run needs a database
}
