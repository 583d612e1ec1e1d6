// Entry point of the PostgreSQL dialect built as a loadable module (libmigrator_postgresql.so):
// the CLI loads it only for postgresql:// URLs, so SQLite runs never load libpq (whose
// dependency tree costs about 14 ms per process start on the reference machine).
#include "postgresql_dialect.hpp"

extern "C" __attribute__((visibility("default"))) migrator::Dialect* migrator_make_postgresql_dialect() {
    return new migrator::postgresql::PostgresqlDialect();
}
