// Injected failures: for every N over a full `up` and `down --all` of the shipped set, the Nth
// database call fails (before it reaches the database, and after it did its work). Each run
// must fail with exit 1 naming the cause, leave a consistent database (its schema is that of a
// fresh database migrated to exactly the versions its table states, with no dirty row) and no
// lock behind: the next run gets the lock at once and reaches its target. Runs on every
// dialect's target, wrapped in the fault-injection dialect.
#include <boost/test/unit_test.hpp>

#include "faulty_dialect.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

namespace {

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> out;
    for (auto v = from; v <= to; ++v)
        out.push_back(v);
    return out;
}

struct Harness {
    std::shared_ptr<FaultPlan> plan = std::make_shared<FaultPlan>();
    DialectRegistry faulty;
    ScratchDatabase db;
    MigrationSource source = MigrationSource::directory(shipped_migrations());
    std::vector<std::string> reference; // the schema after versions 1..k, for each k
    int runs = 0;

    Harness() {
        faulty.add(std::make_unique<FaultyDialect>(*target().dialect, plan));
        ScratchDatabase ref;
        auto const set = load(shipped_migrations(), ref.dialect());
        reference.push_back(ref.dump());
        for (auto const& m : set.migrations()) {
            run_up(ref, set, m.version);
            reference.push_back(ref.dump());
        }
    }

    Migrator open(Timeout lock_timeout) {
        OpenOptions o;
        o.lock_timeout = lock_timeout;
        return Migrator::open(faulty, db.cli_url(), source, o);
    }

    void check_consistent(std::string const& context) {
        auto const versions = db.applied_versions();
        BOOST_TEST(versions == range(1, static_cast<std::int64_t>(versions.size())), context);
        if (!db.connection().table_columns({"", "schema_version"}).empty())
            BOOST_TEST(db.query("SELECT count(*) FROM schema_version WHERE dirty").at(0).at(0) == "0",
                       context);
        BOOST_TEST(db.dump() == reference.at(versions.size()), context);
    }

    // Injects a failure at every call of `run` in turn, starting each time from `start`.
    void every_call(char const* name, FaultPlan::When when, std::function<void(Migrator&)> const& start,
                    std::function<void(Migrator&)> const& run, std::vector<std::int64_t> const& goal) {
        for (long n = 1;; ++n) {
            plan->disarm();
            {
                auto m = open(std::chrono::seconds(10));
                start(m);
            }
            plan->arm(n, when);
            std::string error;
            try {
                auto m = open(std::chrono::seconds(2));
                run(m);
            } catch (Error const& e) {
                error = e.what();
                BOOST_TEST(static_cast<int>(e.exit_code()) == 1, e.what());
            }
            bool const fired = plan->fired();
            std::string const context =
                std::string(name) + ", call " + std::to_string(n) + " (" + plan->failed +
                (when == FaultPlan::When::before ? ", before" : ", after") + "): " + error;
            plan->disarm();
            if (!fired) {
                BOOST_TEST(error.empty(), context);
                BOOST_TEST(n > 5, "the run made fewer calls than expected: " << n);
                return;
            }
            ++runs;
            BOOST_TEST(error.find("injected fault") != std::string::npos, context);
            check_consistent(context);
            // No lock left behind: a new run takes it at once, and finishes the job.
            auto m = open(std::chrono::seconds(2));
            run(m);
            BOOST_TEST(db.applied_versions() == goal, context);
        }
    }
};

void up(Migrator& m) {
    m.up();
}
void down_all(Migrator& m) {
    DownOptions o;
    o.target.kind = DownTarget::Kind::all;
    m.down(o);
}

} // namespace

BOOST_AUTO_TEST_CASE(every_failing_call_leaves_a_consistent_database_and_no_lock) {
    Harness h;
    for (auto when : {FaultPlan::When::before, FaultPlan::When::after}) {
        h.every_call("up", when, down_all, up, range(1, 8));
        h.every_call("down --all", when, up, down_all, {});
    }
    BOOST_TEST_MESSAGE("injected-failure runs: " << h.runs);
    BOOST_TEST(h.runs > 100);
}
