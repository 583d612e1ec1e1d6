#include "migrator/duration.hpp"

#include <cctype>
#include <string>

#include "migrator/errors.hpp"

namespace migrator {

Timeout parse_duration(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        ++i;
    std::string_view const number = text.substr(0, i), unit = text.substr(i);
    if (number.empty() || number.size() > 9)
        throw UsageError("bad duration '" + printable(text) + "' (expected e.g. 500ms, 30s, 5m or 30)");
    long long const n = std::stoll(std::string(number));
    if (unit == "ms") return Timeout(n);
    if (unit.empty() || unit == "s") return std::chrono::seconds(n);
    if (unit == "m") return std::chrono::minutes(n);
    throw UsageError("bad duration '" + printable(text) + "' (expected e.g. 500ms, 30s, 5m or 30)");
}

} // namespace migrator
