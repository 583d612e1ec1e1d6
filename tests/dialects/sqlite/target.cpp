// The SQLite target of the shared suites: scratch databases are files; scripts replay through
// the sqlite3 shell.
#include <cstdlib>

#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

int main(int argc, char* argv[]) {
    ConformanceTarget t;
    t.dialect = &registry().get("sqlite");
    t.names_lock_holder = true;
    t.integrity_check = [](ScratchDatabase& db) {
        auto const rows = db.query("PRAGMA integrity_check");
        return rows.size() == 1 && rows[0].at(0) == "ok" ? std::string() : rows.at(0).at(0);
    };
    t.replay = [](std::string const& script, DatabaseUrl const& url) {
        std::string const cmd = "sqlite3 -bail '" + url.field("path") + "' < '" + script + "' >/dev/null";
        return std::system(cmd.c_str());
    };
    return run_suite(std::move(t), argc, argv);
}
