#pragma once
// A migrations directory read once for a whole fleet: every target's Migrator loads its set
// through this tree, which lists the directory and reads each file the first time one asks and
// serves the bytes it kept to every later one. So a fleet of 1,000 targets reads each file once
// (the house rule), whatever number of workers load it at the same time.
// Thread-safety: every method may run concurrently.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "migrator/migration_source.hpp"

namespace migrator::cli {

class CachedTree final : public MigrationSource::Tree {
public:
    explicit CachedTree(MigrationSource source) : source_(std::move(source)) {}

    std::vector<Entry> entries() const override;
    // Not cached: a set with a repeatable/ folder lists it once per target.
    std::vector<Entry> entries_of(std::string const& folder) const override {
        return source_.tree().entries_of(folder);
    }
    std::optional<std::string> read(std::string const& folder, std::string const& file) const override;
    bool exists(std::string const& folder, std::string const& file) const override;
    std::string display(std::string const& folder, std::string const& file) const override {
        return source_.tree().display(folder, file);
    }
    std::filesystem::path directory() const override { return source_.tree().directory(); }

    // A source over this tree with the directory's own options (format, allow_empty).
    static MigrationSource over(MigrationSource directory);

private:
    MigrationSource source_;
    mutable std::mutex mutex_;
    mutable std::optional<std::vector<Entry>> entries_;
    mutable std::map<std::pair<std::string, std::string>, std::optional<std::string>> files_;
};

} // namespace migrator::cli
