#pragma once
// A validated version-table name: [A-Za-z_][A-Za-z0-9_]*, optionally "schema.table", at most
// 63 bytes per part. Validation makes quoting safe; dialects still always quote.
// Thread-safety: an immutable value.

#include <string>
#include <string_view>

#include "migrator/export.hpp"

namespace migrator {

struct MIGRATOR_API QualifiedName {
    std::string schema; // empty: the connection's default
    std::string table;

    // Throws UsageError (exit 2) for anything else. `allow_schema` is false where the dialect
    // has no schemas (SQLite).
    static QualifiedName parse(std::string_view text, bool allow_schema);
    std::string text() const { return schema.empty() ? table : schema + "." + table; }
};

} // namespace migrator
