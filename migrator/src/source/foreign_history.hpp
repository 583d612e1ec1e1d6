#pragma once
// What another tool's version table says is applied, for `import` to adopt (README "Switching
// from another tool"). Read only: the other tool's table is never written, so a team can go back.

#include <string>
#include <vector>

#include "migrator/connection.hpp"
#include "migrator/duration.hpp"
#include "migrator/migration_source.hpp"
#include "migrator/qualified_name.hpp"
#include "migrator/status.hpp"

namespace migrator {

class ForeignHistory {
public:
    // The table the tool keeps by default: golang-migrate's and dbmate's schema_migrations,
    // goose_db_version, __diesel_schema_migrations, _sqlx_migrations, flyway_schema_history.
    static std::string default_table(Format tool);

    // The migrations of `set` that `tool`'s `table` records as applied, in version order.
    // Versions are taken exactly as the tool wrote them, or refused (never altered). Waits at
    // most `lock_timeout` for another session's lock on the table: LockTimeout (exit 4) naming it.
    // Throws CheckFailed (exit 3) naming the version when the table says dirty or failed;
    // UsageError (exit 2) when the table is missing, records a version the set lacks, or a
    // version that is not one.
    // Another tool's history table in the database, with the newest version it records; the
    // first of golang-migrate's or dbmate's schema_migrations (told apart by golang-migrate's
    // `dirty` column), goose_db_version, flyway_schema_history, _sqlx_migrations,
    // __diesel_schema_migrations and alembic_version that exists and records a version.
    static std::optional<ForeignTable> find(Connection& connection);

    static std::vector<Migration const*> applied(Connection& connection, Format tool,
                                                 QualifiedName const& table, MigrationSet const& set,
                                                 Timeout lock_timeout);
};

} // namespace migrator
