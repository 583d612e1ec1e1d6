#pragma once
// Dialect name -> Dialect, and URL scheme -> dialect. An explicit object, filled by the
// composition root (the CLI's main, a service, the tests), never by static initialisers: a
// static library drops objects nothing references, and there is no global registry.
//
// A dialect may be registered by a factory that runs on first use, so that a process which
// never touches that database never loads its client library; and a resolver may be set for
// schemes nobody registered (the CLI loads libmigrator_<scheme>.so modules that way).
//
// Thread-safety: add*/set_resolver before sharing; get/for_url/names are thread-safe.
// The registry owns its dialects and must outlive every Migrator and Connection made from it.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/export.hpp"

namespace migrator {

class MIGRATOR_API DialectRegistry {
public:
    using Factory = std::function<std::unique_ptr<Dialect>()>;
    // May return null: the scheme stays unknown.
    using Resolver = std::function<std::unique_ptr<Dialect>(std::string const& scheme)>;

    DialectRegistry();
    ~DialectRegistry();
    DialectRegistry(DialectRegistry&&) noexcept;
    DialectRegistry& operator=(DialectRegistry&&) noexcept;

    void add(std::unique_ptr<Dialect> dialect);
    // `make` runs at most once, on first use of `name` or one of `schemes`; what it throws,
    // get() and for_url() throw.
    void add_factory(std::string name, std::vector<std::string> schemes, Factory make);
    void set_resolver(Resolver resolve);

    // Throws UsageError (exit 2) naming the known dialects.
    Dialect const& get(std::string const& name) const;
    // The dialect serving the URL's scheme. Throws UsageError naming the known schemes, and
    // never the URL beyond its scheme.
    Dialect const& for_url(std::string_view url) const;
    // for_url(url).parse_url(url, base_dir).
    DatabaseUrl parse_url(std::string_view url, std::filesystem::path const& base_dir = {}) const;
    // The dialect SOCI calls `backend` ("sqlite3"), or null.
    Dialect const* for_soci_backend(std::string_view backend) const;
    // Every registered dialect name, sorted (factories included, without running them).
    std::vector<std::string> names() const;
    // Every name a file may give a registered dialect (its name, its file_aliases(); for a
    // factory not yet run, its schemes) -> that dialect's name. Runs no factory.
    std::map<std::string, std::string> file_aliases() const;
    // Every lint rule of every registered dialect (running their factories), with its
    // dialect's name, in name order then each dialect's own order.
    std::vector<std::pair<std::string, LintRule>> lint_rules() const;
    // The rule of `rules` named `id`, or null.
    static LintRule const* find_lint_rule(std::vector<std::pair<std::string, LintRule>> const& rules,
                                          std::string_view id);

private:
    struct Entry {
        std::vector<std::string> schemes;
        Factory make;
        std::vector<std::string> aliases;
        std::unique_ptr<Dialect> dialect;
    };
    Dialect const& materialise(Entry& entry) const;
    std::vector<std::string> names_locked() const;

    // Mutable: a factory-registered dialect is made on first use, under the mutex.
    mutable std::map<std::string, Entry, std::less<>> entries_;
    Resolver resolver_;
    mutable std::unique_ptr<std::mutex> mutex_;
};

// Registers every dialect compiled into libmigrator (SQLite, PostgreSQL).
MIGRATOR_API void register_builtin_dialects(DialectRegistry& registry);
// A registry holding them.
MIGRATOR_API DialectRegistry builtin_dialects();

} // namespace migrator
