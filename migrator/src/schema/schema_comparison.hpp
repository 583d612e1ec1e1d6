#pragma once
// Compares two schema dumps (render_schema's text) for `check`'s round trip. Re-adding a dropped
// column puts it last: such a down restores the table but not its column order, which is told
// apart ("column order differs", with both orders) instead of a column shown as both removed
// and added. Linear in the dumps' lines (plus sorting each table's columns).

#include <string>

namespace migrator {

struct SchemaComparison {
    bool same = true;         // equal, or equal but for column order when that is ignored
    std::string column_order; // "table t: (a, b, c), now (a, c, b)", when order alone differs
    std::string diff;         // otherwise: a line diff with each table's columns in one order
};

SchemaComparison compare_schemas(std::string const& expected, std::string const& actual,
                                 bool ignore_column_order);

} // namespace migrator
