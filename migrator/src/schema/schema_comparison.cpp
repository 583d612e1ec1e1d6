#include "schema/schema_comparison.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "model/line_diff.hpp"

namespace migrator {

namespace {

struct Parsed {
    std::string normalized;                                 // each table's column lines sorted
    std::map<std::string, std::vector<std::string>> orders; // table -> its columns, in order
};

Parsed parse(std::string const& dump) {
    Parsed p;
    std::istringstream in(dump);
    std::string table;
    std::vector<std::string> columns; // the current table's column lines
    auto flush = [&] {
        std::sort(columns.begin(), columns.end());
        for (auto const& c : columns)
            p.normalized += c + "\n";
        columns.clear();
    };
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("  column ", 0) == 0 && !table.empty()) {
            columns.push_back(line);
            std::string name = line.substr(9);
            p.orders[table].push_back(name.substr(0, name.find(' ')));
            continue;
        }
        flush();
        if (line.rfind("  ", 0) != 0) table = line.rfind("table ", 0) == 0 ? line.substr(6) : "";
        p.normalized += line + "\n";
    }
    flush();
    return p;
}

std::string list(std::vector<std::string> const& names) {
    std::string out = "(";
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i ? ", " : "") + names[i];
    return out + ")";
}

} // namespace

SchemaComparison compare_schemas(std::string const& expected, std::string const& actual,
                                 bool ignore_column_order) {
    SchemaComparison result;
    if (expected == actual) return result;
    Parsed const a = parse(expected), b = parse(actual);
    if (a.normalized != b.normalized) {
        result.same = false;
        result.diff = line_diff(a.normalized, b.normalized);
        return result;
    }
    if (ignore_column_order) return result;
    result.same = false;
    for (auto const& [table, order] : a.orders) {
        auto const it = b.orders.find(table);
        if (it != b.orders.end() && it->second != order)
            result.column_order += (result.column_order.empty() ? "" : "; ") + std::string("table ") + table +
                                   ": " + list(order) + ", now " + list(it->second);
    }
    return result;
}

} // namespace migrator
