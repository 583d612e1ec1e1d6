// The PostgreSQL target of the shared suites: scratch databases live on the test server named
// by MIGRATOR_TEST_PG_URL (tools/pg-test-server.sh, started by a CTest fixture); scripts
// replay through psql -v ON_ERROR_STOP=1.
#include <cstdlib>

#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

int main(int argc, char* argv[]) {
    ConformanceTarget t;
    Dialect const& dialect = registry().get("postgresql");
    t.dialect = &dialect;
    char const* url = std::getenv("MIGRATOR_TEST_PG_URL");
    if (url) t.server = dialect.parse_url(url, {});
    t.unreachable = [&dialect, url]() -> std::string {
        if (!url) return "MIGRATOR_TEST_PG_URL is not set";
        try {
            dialect.connect(dialect.parse_url(url, {}), std::chrono::seconds(5));
        } catch (std::exception const& e) {
            return e.what();
        }
        return {};
    };
    t.replay = [](std::string const& script, DatabaseUrl const& db) {
        std::string conninfo;
        for (auto const* key : {"host", "port", "dbname", "user"})
            if (!db.field(key).empty()) conninfo += std::string(key) + "=" + db.field(key) + " ";
        std::string const cmd =
            "psql -X -q -v ON_ERROR_STOP=1 '" + conninfo + "' -f '" + script + "' >/dev/null 2>&1";
        return std::system(cmd.c_str());
    };
    t.names_lock_holder = true;
    t.non_transactional_index = "CREATE INDEX CONCURRENTLY";
    return run_suite(std::move(t), argc, argv);
}
