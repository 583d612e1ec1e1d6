#pragma once
// The invariants every dialect's split() keeps, whatever the script.

#include <algorithm>
#include <string>

#include "fuzz_support.hpp"

namespace migrator::fuzz {

inline std::vector<Statement> check_split(char const* dialect, std::string_view script) {
    if (script.find('\0') != std::string_view::npos) return {}; // refused by the loader first
    auto const statements = registry().get(dialect).split(script);
    std::size_t previous_end = 0;
    for (auto const& st : statements) {
        check(!st.text.empty(), "an empty statement");
        check(st.offset >= previous_end, "statements out of order or overlapping");
        check(script.substr(st.offset, st.text.size()) == st.text,
              "a statement that is not the script's text");
        auto const line = 1 + std::count(script.begin(), script.begin() + static_cast<long>(st.offset), '\n');
        check(st.line == line, "a wrong line number");
        previous_end = st.offset + st.text.size();
    }
    return statements;
}

} // namespace migrator::fuzz
