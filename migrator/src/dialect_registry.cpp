#include "migrator/dialect_registry.hpp"

#include <algorithm>

#include "migrator/errors.hpp"

namespace migrator {

void DialectRegistry::add(std::unique_ptr<Dialect> dialect) {
    std::string name(dialect->name());
    dialects_[name] = std::move(dialect);
}

void DialectRegistry::add_factory(std::string name, Factory make) {
    factories_[std::move(name)] = std::move(make);
}

Dialect const& DialectRegistry::get(std::string const& name) const {
    if (auto it = dialects_.find(name); it != dialects_.end()) return *it->second;
    if (auto f = factories_.find(name); f != factories_.end()) return *(dialects_[name] = f->second());
    std::string known;
    for (auto const& n : names())
        known += (known.empty() ? "" : ", ") + n;
    throw UsageError("unknown dialect '" + name + "' (known: " + known + ")");
}

std::vector<std::string> DialectRegistry::names() const {
    std::vector<std::string> out;
    for (auto const& [name, _] : dialects_)
        out.push_back(name);
    for (auto const& [name, _] : factories_)
        if (!dialects_.count(name)) out.push_back(name);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace migrator
