#include "migrator/run_report.hpp"
#include "migrator/observer.hpp"

namespace migrator {

int RunReport::changed() const noexcept {
    int n = 0;
    for (auto const& s : steps)
        n += s.outcome == Outcome::applied || s.outcome == Outcome::reverted;
    return n;
}

std::int64_t RunReport::total_ms() const noexcept {
    std::int64_t ms = 0;
    for (auto const& s : steps)
        if (s.outcome == Outcome::applied || s.outcome == Outcome::reverted) ms += s.execution_ms;
    return ms;
}

Observer::~Observer() = default;

} // namespace migrator
