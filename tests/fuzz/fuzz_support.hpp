#pragma once
// What the fuzz targets share. Each target is a libFuzzer entry point
// (LLVMFuzzerTestOneInput): tools/fuzz.sh builds them with clang's libFuzzer, and the test
// suite links them with replay_main.cpp, which runs the seed corpus and every kept crash input
// (tests/fuzz/regressions/) as a regression test. An input may make the code under test throw
// migrator::Error (a clear refusal); anything else - another exception, a crash, a broken
// invariant - is a finding, and aborts.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "migrator/migrator.hpp"

namespace migrator::fuzz {

inline DialectRegistry const& registry() {
    static DialectRegistry const r = builtin_dialects();
    return r;
}

[[noreturn]] inline void finding(char const* what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what);
    std::abort();
}

inline void check(bool ok, char const* what) {
    if (!ok) finding(what);
}

// Runs `body`; a migrator::Error is an expected refusal, any other exception a finding.
template <class Body> void refusals_only(Body&& body) {
    try {
        body();
    } catch (Error const&) {
    } catch (std::exception const& e) {
        std::fprintf(stderr, "fuzz finding: %s\n", e.what());
        std::abort();
    }
}

inline std::string_view as_text(std::uint8_t const* data, std::size_t size) {
    return {reinterpret_cast<char const*>(data), size};
}

} // namespace migrator::fuzz
