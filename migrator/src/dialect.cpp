#include "migrator/dialect.hpp"

namespace migrator {

namespace {
std::string quote_doubling(std::string_view text, char quote) {
    std::string out(1, quote);
    for (char c : text) {
        if (c == quote) out += quote;
        out += c;
    }
    out += quote;
    return out;
}
} // namespace

std::string Dialect::quote_identifier(std::string_view identifier) const {
    return quote_doubling(identifier, '"');
}

std::string Dialect::quote_literal(std::string_view text) const {
    return quote_doubling(text, '\'');
}

std::string Dialect::quote_name(QualifiedName const& name) const {
    return name.schema.empty() ? quote_identifier(name.table)
                               : quote_identifier(name.schema) + "." + quote_identifier(name.table);
}

} // namespace migrator
