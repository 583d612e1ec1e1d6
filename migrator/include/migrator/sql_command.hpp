#pragma once
// A bookkeeping statement with its values kept apart from its text: a live run binds them as
// parameters (never spliced into SQL), and `--sql` prints them as literals that are safe
// whatever the database's string settings. Built with << for text and bind() for values:
//
//   SqlCommand c;
//   c << "DELETE FROM " << table << " WHERE version = ";
//   c.bind(std::int64_t{42});
//
// fragments().size() is always params().size() + 1: the text around each parameter.
// Thread-safety: a plain value; build it on one thread, then share it read-only.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "migrator/export.hpp"

namespace migrator {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, bool, std::string>;

class MIGRATOR_API SqlCommand {
public:
    SqlCommand() = default;
    explicit SqlCommand(std::string_view text) { fragments_.back() = text; }

    SqlCommand& operator<<(std::string_view text) {
        fragments_.back() += text;
        return *this;
    }
    // A value; `measured` marks one that a live run measures (a duration), which an offline
    // script can only guess, so comparisons of live and offline runs may leave it out.
    SqlCommand& bind(SqlValue value, bool measured = false) {
        params_.push_back(std::move(value));
        measured_.push_back(measured);
        fragments_.emplace_back();
        return *this;
    }

    std::vector<std::string> const& fragments() const noexcept { return fragments_; }
    std::vector<SqlValue> const& params() const noexcept { return params_; }
    bool measured(std::size_t i) const noexcept { return measured_[i]; }

private:
    std::vector<std::string> fragments_{std::string()};
    std::vector<SqlValue> params_;
    std::vector<bool> measured_;
};

} // namespace migrator
