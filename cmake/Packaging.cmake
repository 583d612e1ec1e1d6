# `cpack -G DEB` in the build directory makes migrator_<version>_amd64.deb: everything
# `cmake --install` installs, under /usr. Depends are computed by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME migrator)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "the migrator developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ordered, versioned up/down schema migrations for SQLite and PostgreSQL")
set(CPACK_PACKAGE_CONTACT "migrator developers <migrator@example.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # migrator_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/triggers)
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/packaging/compress-docs.cmake)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/migrator")
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; CPack indents these lines itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "migrator applies an ordered set of versioned migrations, each with an up and
a down script, to SQLite and PostgreSQL databases, and records every applied
revision in a version table in that database. Several runs at once apply
every migration exactly once; a failing migration rolls back whole.
.
This package holds the migrator command, its PostgreSQL dialect module, the
libmigrator library with its headers, CMake package and pkg-config file, the
man page, bash and zsh completions, and an example migration set.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# Debian's own files: copyright, changelog, and the lintian overrides, each justified in it.
install(FILES packaging/copyright packaging/changelog DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME migrator)
include(CPack)
