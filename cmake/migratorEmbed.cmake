# migrator_embed_migrations(<target> DIRECTORY <dir> NAME <name>)
#
# Compiles the migration directory <dir> into <target> as data, so that a service ships one
# file. The target gets a header <name>_migrations.hpp declaring
#     migrator::MigrationSource <name>_migrations();
# which loads exactly as MigrationSource::directory(<dir>) would: the same versions, names,
# per-dialect scripts, migration.yaml metadata and checksums. The set is checked at build time
# with `migrator validate` (a malformed one fails the build with the loader's file:line
# message), and regenerated when a file in <dir> changes or is added.
#
# Needs MIGRATOR_EXECUTABLE (set by find_package(migrator), or by migrator's own build).
set(_migrator_embed_generator "${CMAKE_CURRENT_LIST_DIR}/migratorEmbedGenerate.cmake")

function(migrator_embed_migrations target)
    cmake_parse_arguments(ARG "" "DIRECTORY;NAME" "" ${ARGN})
    if(NOT ARG_DIRECTORY OR NOT ARG_NAME OR ARG_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "usage: migrator_embed_migrations(<target> DIRECTORY <dir> NAME <name>)")
    endif()
    if(NOT ARG_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
        message(FATAL_ERROR "migrator_embed_migrations: NAME '${ARG_NAME}' must be a C++ identifier")
    endif()
    get_filename_component(dir "${ARG_DIRECTORY}" ABSOLUTE)
    if(NOT IS_DIRECTORY "${dir}")
        message(FATAL_ERROR "migrator_embed_migrations: ${dir} is not a directory")
    endif()
    # CONFIGURE_DEPENDS: a migration added later re-runs the glob at build time.
    file(GLOB_RECURSE files CONFIGURE_DEPENDS LIST_DIRECTORIES false "${dir}/*")
    set(out "${CMAKE_CURRENT_BINARY_DIR}/migrator_embedded/${ARG_NAME}")
    add_custom_command(
        OUTPUT "${out}/${ARG_NAME}_migrations.cpp" "${out}/${ARG_NAME}_migrations.hpp"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${out}"
        # The loader's own check, with no database and no config file in the way.
        COMMAND ${CMAKE_COMMAND} -E env --unset=DATABASE_URL --unset=MIGRATOR_ENV
                "${MIGRATOR_EXECUTABLE}" --dir "${dir}" -q validate
        COMMAND ${CMAKE_COMMAND} "-DDIR=${dir}" "-DNAME=${ARG_NAME}" "-DOUT=${out}" -P "${_migrator_embed_generator}"
        DEPENDS ${files} "${_migrator_embed_generator}" ${MIGRATOR_EXECUTABLE_TARGET}
        WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
        COMMENT "Embedding the migrations of ${dir} as ${ARG_NAME}_migrations()"
        VERBATIM)
    target_sources(${target} PRIVATE "${out}/${ARG_NAME}_migrations.cpp")
    target_include_directories(${target} PRIVATE "${out}")
endfunction()
