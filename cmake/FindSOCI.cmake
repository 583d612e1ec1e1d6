# Debian's libsoci-dev 4.0.3 ships neither a CMake package nor a pkg-config file,
# so this module finds the headers and libraries and defines imported targets:
#   SOCI::core, SOCI::sqlite3, SOCI::postgresql
include(FindPackageHandleStandardArgs)
include(CMakeFindDependencyMacro)

find_path(SOCI_INCLUDE_DIR soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)
find_library(SOCI_SQLITE3_LIBRARY NAMES soci_sqlite3)
find_library(SOCI_POSTGRESQL_LIBRARY NAMES soci_postgresql)

find_package_handle_standard_args(SOCI REQUIRED_VARS SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY)

if(SOCI_FOUND AND NOT TARGET SOCI::core)
    # SOCI's headers include Boost because SOCI_HAVE_BOOST is defined in soci-config.h.
    find_package(Boost 1.74 REQUIRED)
    add_library(SOCI::core UNKNOWN IMPORTED)
    set_target_properties(SOCI::core PROPERTIES IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
                          INTERFACE_LINK_LIBRARIES "Boost::headers;${CMAKE_DL_LIBS}")
    if(SOCI_SQLITE3_LIBRARY)
        find_package(SQLite3 REQUIRED)
        add_library(SOCI::sqlite3 UNKNOWN IMPORTED)
        set_target_properties(SOCI::sqlite3 PROPERTIES IMPORTED_LOCATION "${SOCI_SQLITE3_LIBRARY}"
                              INTERFACE_LINK_LIBRARIES "SOCI::core;SQLite::SQLite3")
    endif()
    if(SOCI_POSTGRESQL_LIBRARY)
        # soci-postgresql.h includes <libpq-fe.h>.
        find_package(PostgreSQL REQUIRED)
        add_library(SOCI::postgresql UNKNOWN IMPORTED)
        set_target_properties(SOCI::postgresql PROPERTIES IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIBRARY}"
                              INTERFACE_LINK_LIBRARIES "SOCI::core;PostgreSQL::PostgreSQL")
    endif()
endif()
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY SOCI_POSTGRESQL_LIBRARY)
