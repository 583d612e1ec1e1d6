# CPACK_PRE_BUILD_SCRIPTS: Debian wants the man page and the changelog compressed (gzip -9n:
# no name, no time stamp, so that the package is reproducible).
file(GLOB_RECURSE pages "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/man/man1/*.1"
     "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/share/doc/migrator/changelog")
foreach(page ${pages})
    execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE failed)
    if(failed)
        message(FATAL_ERROR "gzip ${page} failed")
    endif()
endforeach()
