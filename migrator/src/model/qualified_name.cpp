#include "migrator/qualified_name.hpp"

#include <cctype>

#include "migrator/errors.hpp"

namespace migrator {

namespace {
bool valid_identifier(std::string_view s) {
    if (s.empty() || s.size() > 63) return false;
    if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}
} // namespace

QualifiedName QualifiedName::parse(std::string_view text, bool allow_schema) {
    QualifiedName name;
    std::size_t dot = text.find('.');
    if (dot != std::string_view::npos && allow_schema) {
        name.schema = std::string(text.substr(0, dot));
        name.table = std::string(text.substr(dot + 1));
    } else {
        name.table = std::string(text);
    }
    if ((dot != std::string_view::npos && !valid_identifier(name.schema)) || !valid_identifier(name.table))
        throw UsageError("bad version table name '" + printable(text) + "': use [A-Za-z_][A-Za-z0-9_]*" +
                         (allow_schema ? ", optionally schema.table," : "") + " at most 63 bytes");
    return name;
}

} // namespace migrator
