#pragma once
// Dialect name -> Dialect. Filled only by the composition root (the CLI's main, the tests),
// never by static initialisers: a static library drops objects nothing references.
// A dialect may be registered by a factory that runs on first use, so that a process which
// never touches that database never loads its client library.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migrator/dialect.hpp"

namespace migrator {

class DialectRegistry {
public:
    using Factory = std::function<std::unique_ptr<Dialect>()>;

    void add(std::unique_ptr<Dialect> dialect);
    // `make` runs at most once, on the first get(name); what it throws, get() throws.
    void add_factory(std::string name, Factory make);
    // Throws UsageError (exit 2) naming the known dialects. Not thread-safe on first use of a
    // factory-registered dialect.
    Dialect const& get(std::string const& name) const;
    std::vector<std::string> names() const;

private:
    mutable std::map<std::string, std::unique_ptr<Dialect>, std::less<>> dialects_;
    std::map<std::string, Factory, std::less<>> factories_;
};

} // namespace migrator
