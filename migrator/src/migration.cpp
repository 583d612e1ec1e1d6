#include "migrator/migration.hpp"

#include <algorithm>

namespace migrator {

Migration const* MigrationSet::find(Version v) const noexcept {
    auto it = std::lower_bound(migrations_.begin(), migrations_.end(), v,
                               [](Migration const& m, Version x) { return m.version < x; });
    return it != migrations_.end() && it->version == v ? &*it : nullptr;
}

} // namespace migrator
