#pragma once
#include <string>

namespace migrator {

// A line diff of two texts: "-" lines only in `before`, "+" lines only in `after`, with one
// line of context around each change ("  "). Empty when equal.
std::string line_diff(std::string const& before, std::string const& after);

} // namespace migrator
