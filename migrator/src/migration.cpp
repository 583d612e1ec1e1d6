#include "migrator/migration.hpp"

#include <algorithm>
#include <cctype>

#include "migrator/errors.hpp"

namespace migrator {

Migration const* MigrationSet::find(Version v) const noexcept {
    auto it = std::lower_bound(migrations_.begin(), migrations_.end(), v,
                               [](Migration const& m, Version x) { return m.version < x; });
    return it != migrations_.end() && it->version == v ? &*it : nullptr;
}

bool is_migration_folder_name(std::string const& name) {
    std::size_t i = 0;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])))
        ++i;
    return i > 0 && i + 1 < name.size() && name[i] == '_';
}

std::string migration_name_problem(std::string_view name) {
    if (name.empty()) return "a migration name cannot be empty";
    if (!valid_utf8(name)) return "a migration name must be UTF-8 text";
    if (std::any_of(name.begin(), name.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\' || c == '/';
        }))
        return "a migration name must be UTF-8 text without control characters, slashes or backslashes";
    return "";
}

} // namespace migrator
