#include "migrator/migration.hpp"

#include "model/checksum.hpp"

#include <algorithm>
#include <cctype>

#include "migrator/errors.hpp"

namespace migrator {

Migration const* MigrationSet::find(Version v) const noexcept {
    auto it = std::lower_bound(migrations_.begin(), migrations_.end(), v,
                               [](Migration const& m, Version x) { return m.version < x; });
    return it != migrations_.end() && it->version == v ? &*it : nullptr;
}

Migration const* MigrationSet::find(std::string_view text) const noexcept {
    for (auto const& m : migrations_)
        if (!m.version_text.empty() && m.version_text == text) return &m;
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return nullptr;
    std::int64_t value = 0;
    for (char c : text)
        value = value * 10 + (c - '0');
    return find(Version{value});
}

std::string shown_version(Migration const& m) {
    return m.version_text.empty() ? std::to_string(m.version.value) : m.version_text;
}

Version repeatable_version(std::string_view name) {
    std::string const hex = sha256_hex(name);
    std::uint64_t bits = std::stoull(hex.substr(0, 16), nullptr, 16) & 0x3FFFFFFFFFFFFFFFull;
    return Version{-static_cast<std::int64_t>(bits) - 1};
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
