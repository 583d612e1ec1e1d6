#include "cached_tree.hpp"

#include <memory>

namespace migrator::cli {

// Reads happen under the lock: a worker that asks for a file another is reading waits for it
// instead of reading it a second time, and a fleet loads its set once per dialect at most.
std::vector<MigrationSource::Tree::Entry> CachedTree::entries() const {
    std::lock_guard lock(mutex_);
    if (!entries_) entries_ = source_.tree().entries();
    return *entries_;
}

std::optional<std::string> CachedTree::read(std::string const& folder, std::string const& file) const {
    std::lock_guard lock(mutex_);
    auto const key = std::pair(folder, file);
    auto it = files_.find(key);
    if (it == files_.end()) it = files_.emplace(key, source_.tree().read(folder, file)).first;
    return it->second;
}

bool CachedTree::exists(std::string const& folder, std::string const& file) const {
    {
        std::lock_guard lock(mutex_);
        if (auto it = files_.find(std::pair(folder, file)); it != files_.end()) return it->second.has_value();
    }
    return source_.tree().exists(folder, file);
}

MigrationSource CachedTree::over(MigrationSource directory) {
    SourceOptions const options = directory.options();
    return MigrationSource(std::make_shared<CachedTree const>(std::move(directory)), options);
}

} // namespace migrator::cli
