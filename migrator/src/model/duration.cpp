#include "migrator/duration.hpp"

#include <cctype>
#include <cmath>
#include <string>

#include "migrator/errors.hpp"

namespace migrator {

namespace {

[[noreturn]] void bad(std::string_view text) {
    throw UsageError("bad duration '" + printable(text) +
                     "' (expected e.g. 500ms, 30s, 5m, 1h, 1m30s, 1.5s or 30)");
}

// Milliseconds in one `unit`, or 0 for a unit Go's time.ParseDuration does not know.
double unit_ms(std::string_view unit) {
    if (unit == "ms") return 1;
    if (unit == "s") return 1000;
    if (unit == "m") return 60'000;
    if (unit == "h") return 3'600'000;
    if (unit == "us" || unit == "µs") return 0.001;
    if (unit == "ns") return 0.000001;
    return 0;
}

} // namespace

// Go's grammar (time.ParseDuration): a sequence of decimal numbers, each with a unit ("1h30m",
// "1.5s"), besides migrator's own bare seconds ("30"). At most a week: a lock timeout is never
// longer, and the number stays exact.
Timeout parse_duration(std::string_view text) {
    if (text.empty() || text.size() > 40) bad(text);
    bool const bare = text.find_first_not_of("0123456789") == std::string_view::npos;
    if (bare) {
        if (text.size() > 9) bad(text);
        return std::chrono::seconds(std::stoll(std::string(text)));
    }
    double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t const start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
            ++i;
        std::string_view const number = text.substr(start, i - start);
        if (number.empty() || number == "." || number.find('.') != number.rfind('.')) bad(text);
        std::size_t const unit_start = i;
        while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) && text[i] != '.')
            ++i;
        double const per = unit_ms(text.substr(unit_start, i - unit_start));
        if (per == 0) bad(text);
        total += std::stod(std::string(number)) * per;
        if (total > 7 * 24 * 3'600'000.0) bad(text);
    }
    return Timeout(static_cast<Timeout::rep>(std::llround(total)));
}

} // namespace migrator
