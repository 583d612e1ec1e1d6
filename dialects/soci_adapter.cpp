// Migrator::open over an application's soci::session: the only file of libmigrator that
// includes SOCI's backend headers (to reach the native handle), so that nothing else, the CLI
// included, needs SOCI. soci-sqlite3.h puts <sqlite3.h> in namespace sqlite_api; only the
// pointer is taken here, as void*.
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "migrator/migrator.hpp"

namespace migrator {

Migrator Migrator::open(DialectRegistry const& dialects, soci::session& session, MigrationSource source,
                        OpenOptions const& options) {
    std::string const backend = session.get_backend_name();
    Dialect const* dialect = dialects.for_soci_backend(backend);
    if (!dialect) throw UsageError("no registered dialect serves the SOCI backend '" + backend + "'");
    // dynamic_cast cannot be used: SOCI does not export its backends' typeinfo (TOOLCHAIN.md).
    void* handle = nullptr;
    if (backend == "sqlite3")
        handle = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    else if (backend == "postgresql")
        handle = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
    else
        throw UsageError("cannot reach the native handle of the SOCI backend '" + backend + "'");
    return adopt_native(dialects, *dialect, handle, std::move(source), options);
}

} // namespace migrator
