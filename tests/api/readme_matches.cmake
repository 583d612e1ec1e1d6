# The README shows tests/api/readme_example.cpp verbatim: this fails when they drift apart.
file(READ ${README} readme)
file(READ ${EXAMPLE} example)
string(FIND "${readme}" "${example}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md does not contain tests/api/readme_example.cpp verbatim")
endif()
