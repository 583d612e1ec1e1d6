#include "migrator/migration.hpp"

#include <algorithm>
#include <cctype>

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

} // namespace migrator
