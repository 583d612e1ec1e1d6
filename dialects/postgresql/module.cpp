// Entry point of the PostgreSQL dialect built as a loadable module (libmigrator_postgresql.so):
// the CLI loads it only for postgresql:// URLs, so SQLite runs never load libpq or
// libpg_query (whose dependency tree costs about 14 ms per process start).
#include "postgresql.hpp"

extern "C" __attribute__((visibility("default"))) migrator::Dialect* migrator_make_postgresql_dialect() {
    return migrator::postgresql::make_dialect().release();
}
