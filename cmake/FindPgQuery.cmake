# libpg_query (Debian: libpg-query-dev), the PostgreSQL 15 parser as a C library. It ships no
# CMake package or pkg-config file. The static archive is preferred: the PostgreSQL module then
# carries the parser itself and needs no runtime package. Its protobuf structures come with
# protobuf-c's header (libprotobuf-c-dev); libpg_query embeds the protobuf-c functions.
#   PgQuery::PgQuery
include(FindPackageHandleStandardArgs)
find_path(PGQUERY_INCLUDE_DIR pg_query.h)
find_path(PROTOBUFC_INCLUDE_DIR protobuf-c/protobuf-c.h)
find_library(PGQUERY_LIBRARY NAMES libpg_query.a pg_query)
find_package_handle_standard_args(PgQuery REQUIRED_VARS PGQUERY_INCLUDE_DIR PROTOBUFC_INCLUDE_DIR PGQUERY_LIBRARY)
if(PgQuery_FOUND AND NOT TARGET PgQuery::PgQuery)
    add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
    set_target_properties(PgQuery::PgQuery PROPERTIES IMPORTED_LOCATION "${PGQUERY_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${PGQUERY_INCLUDE_DIR};${PROTOBUFC_INCLUDE_DIR}")
endif()
mark_as_advanced(PGQUERY_INCLUDE_DIR PROTOBUFC_INCLUDE_DIR PGQUERY_LIBRARY)
