// The fault-injection dialect as a target of the shared conformance suite: wrapping SQLite
// with no fault armed, it must pass every case SQLite passes. This is the proof that a new
// dialect needs no core change and that the suite names no dialect.
#include "faulty_dialect.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

int main(int argc, char* argv[]) {
    static DialectRegistry faulty_registry;
    faulty_registry.add(
        std::make_unique<FaultyDialect>(registry().get("sqlite"), std::make_shared<FaultPlan>()));
    ConformanceTarget t;
    t.registry = &faulty_registry;
    t.dialect = &faulty_registry.get("sqlite");
    t.names_lock_holder = true;
    t.replay = [](std::string const& script, DatabaseUrl const& url) {
        return std::system(
            ("sqlite3 -bail '" + url.field("path") + "' < '" + script + "' >/dev/null").c_str());
    };
    return run_suite(std::move(t), argc, argv);
}
