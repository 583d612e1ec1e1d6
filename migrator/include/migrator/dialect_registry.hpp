#pragma once
// Dialect name -> Dialect. Filled only by the composition root (the CLI's main, the tests),
// never by static initialisers: a static library drops objects nothing references.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migrator/dialect.hpp"

namespace migrator {

class DialectRegistry {
public:
    void add(std::unique_ptr<Dialect> dialect);
    // Throws UsageError (exit 2) naming the known dialects.
    Dialect const& get(std::string const& name) const;
    std::vector<std::string> names() const;

private:
    std::map<std::string, std::unique_ptr<Dialect>, std::less<>> dialects_;
};

} // namespace migrator
