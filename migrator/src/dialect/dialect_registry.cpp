#include "migrator/dialect_registry.hpp"

#include <algorithm>

#include "migrator/errors.hpp"

namespace migrator {

namespace {
std::string join(std::vector<std::string> const& items, std::string const& sep,
                 std::string const& suffix = {}) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() && sep == ", " ? " or " : sep) + items[i] + suffix;
    return out;
}
} // namespace

DialectRegistry::DialectRegistry() : mutex_(std::make_unique<std::mutex>()) {}
DialectRegistry::~DialectRegistry() = default;
DialectRegistry::DialectRegistry(DialectRegistry&&) noexcept = default;
DialectRegistry& DialectRegistry::operator=(DialectRegistry&&) noexcept = default;

void DialectRegistry::add(std::unique_ptr<Dialect> dialect) {
    std::string name(dialect->name());
    auto schemes = dialect->url_schemes();
    auto aliases = dialect->file_aliases();
    entries_[name] = Entry{std::move(schemes), {}, std::move(aliases), std::move(dialect)};
}

void DialectRegistry::add_factory(std::string name, std::vector<std::string> schemes, Factory make) {
    auto aliases = schemes;
    entries_[std::move(name)] = Entry{std::move(schemes), std::move(make), std::move(aliases), nullptr};
}

void DialectRegistry::set_resolver(Resolver resolve) {
    resolver_ = std::move(resolve);
}

Dialect const& DialectRegistry::materialise(Entry& entry) const {
    if (!entry.dialect) entry.dialect = entry.make();
    return *entry.dialect;
}

Dialect const& DialectRegistry::get(std::string const& name) const {
    std::lock_guard lock(*mutex_);
    if (auto it = entries_.find(name); it != entries_.end()) return materialise(it->second);
    throw UsageError("unknown dialect '" + name + "' (known: " + join(names_locked(), ", ") + ")");
}

std::vector<std::string> DialectRegistry::names_locked() const {
    std::vector<std::string> out;
    for (auto const& [name, _] : entries_)
        out.push_back(name);
    return out; // std::map keeps them sorted
}

std::map<std::string, std::string> DialectRegistry::file_aliases() const {
    std::lock_guard lock(*mutex_);
    std::map<std::string, std::string> out;
    for (auto const& [name, entry] : entries_) {
        out.emplace(name, name);
        for (auto const& alias : entry.aliases)
            out.emplace(alias, name);
    }
    return out;
}

std::vector<std::pair<std::string, LintRule>> DialectRegistry::lint_rules() const {
    std::vector<std::pair<std::string, LintRule>> out;
    for (auto const& name : names())
        for (auto& rule : get(name).lint_rules())
            out.emplace_back(name, std::move(rule));
    return out;
}

LintRule const* DialectRegistry::find_lint_rule(std::vector<std::pair<std::string, LintRule>> const& rules,
                                                std::string_view id) {
    for (auto const& [_, rule] : rules)
        if (rule.id == id) return &rule;
    return nullptr;
}

std::vector<std::string> DialectRegistry::names() const {
    std::lock_guard lock(*mutex_);
    return names_locked();
}

Dialect const& DialectRegistry::for_url(std::string_view url) const {
    std::string const scheme = DatabaseUrl::scheme_of(url);
    std::lock_guard lock(*mutex_);
    std::vector<std::string> known;
    for (auto& [name, entry] : entries_) {
        for (auto const& s : entry.schemes) {
            if (s == scheme) return materialise(entry);
            known.push_back(s);
        }
    }
    if (!scheme.empty() && resolver_) {
        if (auto dialect = resolver_(scheme)) {
            std::string name(dialect->name());
            auto schemes = dialect->url_schemes();
            auto aliases = dialect->file_aliases();
            auto& entry = entries_[name];
            entry = Entry{std::move(schemes), {}, std::move(aliases), std::move(dialect)};
            return *entry.dialect;
        }
    }
    // Never echo the URL: it may hold a password. The scheme alone is safe.
    throw UsageError((scheme.empty() ? std::string("database URL has no scheme")
                                     : "unsupported database URL scheme '" + scheme + "'") +
                     " (expected " + join(known, ", ", ":") + ")");
}

DatabaseUrl DialectRegistry::parse_url(std::string_view url, std::filesystem::path const& base_dir) const {
    return for_url(url).parse_url(url, base_dir);
}

Dialect const* DialectRegistry::for_soci_backend(std::string_view backend) const {
    std::lock_guard lock(*mutex_);
    for (auto& [name, entry] : entries_) {
        Dialect const& d = materialise(entry);
        if (!backend.empty() && d.soci_backend() == backend) return &d;
    }
    return nullptr;
}

} // namespace migrator
