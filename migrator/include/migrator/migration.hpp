#pragma once
// The migration model: pure data, no I/O. A MigrationSet is what the Loader produced for one
// dialect: sorted by version, versions unique, each script already chosen for that dialect.

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace migrator {

// A migration's version: a positive integer, ordered numerically (leading zeros do not matter).
struct Version {
    std::int64_t value = 0;
    auto operator<=>(Version const&) const = default;
};

struct Script {
    std::filesystem::path path; // the file it was read from
    std::string text;           // as read, BOM and CRLF normalised away
    std::string checksum;       // SHA-256 hex of `text`
};

struct Migration {
    Version version;
    std::string name;                  // the folder name after "<version>_"
    std::string folder;                // the folder name itself, e.g. "0001_create_users"
    std::string description;           // migration.yaml `description`, may be empty
    bool transactional = true;         // migration.yaml `transaction`
    std::vector<std::string> dialects; // migration.yaml `dialects`; empty means all
    bool for_this_dialect = true;      // false: skipped (and never recorded) on the loaded dialect
    Script up;                         // empty when !for_this_dialect
    Script down;
};

class MigrationSet {
public:
    MigrationSet() = default;
    // `migrations` must be sorted by version with no duplicates (the Loader guarantees it).
    explicit MigrationSet(std::vector<Migration> migrations) : migrations_(std::move(migrations)) {}

    std::vector<Migration> const& migrations() const noexcept { return migrations_; }
    bool empty() const noexcept { return migrations_.empty(); }
    Migration const* find(Version v) const noexcept;

private:
    std::vector<Migration> migrations_;
};

} // namespace migrator
