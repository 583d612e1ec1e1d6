#include "output.hpp"

#include <iostream>

namespace migrator::cli {

void Output::line(std::string const& text) const {
    if (!json && verbosity >= 0) std::cout << text << '\n';
}

void Output::detail(std::string const& text) const {
    if (!json && verbosity > 0) std::cout << text << '\n';
}

void Output::note(std::string const& text) const {
    if (verbosity >= 0) std::cerr << text << '\n';
}

void Output::error(std::string const& text) {
    std::cerr << "migrator: error: " << text << '\n';
}

void Output::print_json(int exit_code) {
    doc_["exit_code"] = exit_code;
    // Invalid UTF-8 in a name or message must not turn a report into a crash.
    std::cout << doc_.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace migrator::cli
