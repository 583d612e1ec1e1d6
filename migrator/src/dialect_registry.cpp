#include "migrator/dialect_registry.hpp"

#include "migrator/errors.hpp"

namespace migrator {

void DialectRegistry::add(std::unique_ptr<Dialect> dialect) {
    std::string name(dialect->name());
    dialects_[name] = std::move(dialect);
}

Dialect const& DialectRegistry::get(std::string const& name) const {
    auto it = dialects_.find(name);
    if (it == dialects_.end()) {
        std::string known;
        for (auto const& n : names())
            known += (known.empty() ? "" : ", ") + n;
        throw UsageError("unknown dialect '" + name + "' (known: " + known + ")");
    }
    return *it->second;
}

std::vector<std::string> DialectRegistry::names() const {
    std::vector<std::string> out;
    for (auto const& [name, _] : dialects_)
        out.push_back(name);
    return out;
}

} // namespace migrator
