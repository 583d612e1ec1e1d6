#include "migrator/schema.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace migrator {

namespace {

std::string join(std::vector<std::string> const& parts, char const* sep = ", ") {
    std::string out;
    for (auto const& p : parts)
        out += (out.empty() ? "" : sep) + p;
    return out;
}

std::string fk_text(SchemaForeignKey const& fk) {
    return "foreign key (" + join(fk.columns) + ") references " + fk.ref_table + " (" + join(fk.ref_columns) +
           ") on delete " + fk.on_delete + " on update " + fk.on_update;
}

std::string index_text(SchemaIndex const& ix) {
    return std::string(ix.unique ? "unique " : "") + "index " + ix.name + " on " + ix.table + " (" +
           join(ix.columns) + ")" + (ix.predicate.empty() ? "" : " where " + ix.predicate);
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace

std::string render_schema(SchemaModel const& schema) {
    std::ostringstream out;
    for (auto const& [name, t] : schema.tables) {
        out << "table " << name << "\n";
        for (auto const& c : t.columns) {
            out << "  column " << c.name << " " << c.type << (c.not_null ? " not null" : "");
            if (!c.default_value.empty()) out << " default " << c.default_value;
            if (!c.identity.empty()) out << " generated " << c.identity << " as identity";
            out << "\n";
        }
        if (!t.primary_key.empty()) out << "  primary key (" << join(t.primary_key) << ")\n";
        std::vector<std::string> lines;
        for (auto const& u : t.uniques)
            lines.push_back("  unique (" + join(u) + ")");
        for (auto const& fk : t.foreign_keys)
            lines.push_back("  " + fk_text(fk));
        for (auto const& c : t.checks)
            lines.push_back("  check " + c);
        for (auto const& l : sorted(lines))
            out << l << "\n";
    }
    for (auto const& [name, ix] : schema.indexes)
        out << index_text(ix) << "\n";
    for (auto const& [name, def] : schema.views)
        out << "view " << name << "\n  " << def << "\n";
    for (auto const& [name, def] : schema.triggers)
        out << "trigger " << name << "\n  " << def << "\n";
    for (auto const& [name, def] : schema.sequences)
        out << "sequence " << name << " " << def << "\n";
    for (auto const& [name, labels] : schema.enums)
        out << "enum " << name << " (" << join(labels) << ")\n";
    for (auto const& [name, def] : schema.functions)
        out << "function " << name << "\n  " << def << "\n";
    return out.str();
}

std::string type_family(std::string const& raw) {
    std::string t = raw;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto has = [&](char const* s) { return t.find(s) != std::string::npos; };
    if (has("int") || has("serial")) return "integer";
    if (has("char") || has("text") || has("clob") || has("enum")) return "text";
    if (has("timestamp") || has("date") || has("time")) return "timestamp";
    if (has("bool")) return "boolean";
    if (has("real") || has("floa") || has("doub") || has("numeric") || has("decimal")) return "numeric";
    if (has("blob") || has("bytea")) return "binary";
    return t;
}

std::vector<std::string> parity_differences(SchemaModel const& a, std::string const& an, SchemaModel const& b,
                                            std::string const& bn) {
    std::vector<std::string> out;
    auto only_in = [&](auto const& x, auto const& y, std::string const& xn, std::string const& yn,
                       char const* kind) {
        for (auto const& [name, _] : x)
            if (!y.count(name))
                out.push_back(std::string(kind) + " " + name + " exists on " + xn + " but not on " + yn);
    };
    only_in(a.tables, b.tables, an, bn, "table");
    only_in(b.tables, a.tables, bn, an, "table");
    only_in(a.indexes, b.indexes, an, bn, "index");
    only_in(b.indexes, a.indexes, bn, an, "index");
    for (auto const& [name, ta] : a.tables) {
        auto it = b.tables.find(name);
        if (it == b.tables.end()) continue;
        SchemaTable const& tb = it->second;
        std::map<std::string, SchemaColumn const*> cb;
        for (auto const& c : tb.columns)
            cb[c.name] = &c;
        std::set<std::string> ca;
        for (auto const& c : ta.columns) {
            ca.insert(c.name);
            auto jt = cb.find(c.name);
            if (jt == cb.end()) {
                out.push_back("column " + name + "." + c.name + " exists on " + an + " but not on " + bn);
                continue;
            }
            // An enum type holds text: it matches SQLite's TEXT + CHECK.
            auto family = [](SchemaModel const& m, std::string const& type) {
                return m.enums.count(type) ? std::string("text") : type_family(type);
            };
            std::string const fa = family(a, c.type), fb = family(b, jt->second->type);
            if (fa != fb)
                out.push_back("column " + name + "." + c.name + " is " + c.type + " (" + fa + ") on " + an +
                              " but " + jt->second->type + " (" + fb + ") on " + bn);
            // A primary-key column is NOT NULL whatever its declaration says (SQLite reports 0).
            bool const pa = c.not_null || std::count(ta.primary_key.begin(), ta.primary_key.end(), c.name);
            bool const pb =
                jt->second->not_null || std::count(tb.primary_key.begin(), tb.primary_key.end(), c.name);
            if (pa != pb)
                out.push_back("column " + name + "." + c.name + " is " + (pa ? "not null" : "nullable") +
                              " on " + an + " but " + (pb ? "not null" : "nullable") + " on " + bn);
        }
        for (auto const& c : tb.columns)
            if (!ca.count(c.name))
                out.push_back("column " + name + "." + c.name + " exists on " + bn + " but not on " + an);
        if (ta.primary_key != tb.primary_key)
            out.push_back("table " + name + " has primary key (" + join(ta.primary_key) + ") on " + an +
                          " but (" + join(tb.primary_key) + ") on " + bn);
        auto unique_set = [](SchemaTable const& t) {
            std::set<std::string> s;
            for (auto const& u : t.uniques)
                s.insert(join(u));
            return s;
        };
        if (unique_set(ta) != unique_set(tb))
            out.push_back("table " + name + " has different unique constraints on " + an + " and " + bn);
        auto fk_set = [](SchemaTable const& t) {
            std::set<std::string> s;
            for (auto const& fk : t.foreign_keys)
                s.insert(fk_text(fk));
            return s;
        };
        if (fk_set(ta) != fk_set(tb))
            out.push_back("table " + name + " has different foreign keys on " + an + " and " + bn);
    }
    for (auto const& [name, ia] : a.indexes) {
        auto it = b.indexes.find(name);
        if (it != b.indexes.end() && (ia.columns != it->second.columns || ia.unique != it->second.unique ||
                                      ia.table != it->second.table))
            out.push_back("index " + name + " differs: " + index_text(ia) + " on " + an + ", " +
                          index_text(it->second) + " on " + bn);
    }
    return out;
}

std::string collapse_whitespace(std::string const& sql) {
    std::string out;
    for (char c : sql) {
        bool const space = std::isspace(static_cast<unsigned char>(c));
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string line_diff(std::string const& before, std::string const& after) {
    auto lines = [](std::string const& s) {
        std::vector<std::string> v;
        std::istringstream in(s);
        for (std::string l; std::getline(in, l);)
            v.push_back(l);
        return v;
    };
    auto const a = lines(before), b = lines(after);
    // Longest common subsequence table; schema dumps are hundreds of lines at most.
    std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<std::pair<char, std::string>> ops;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j])
            ops.emplace_back(' ', a[i++]), ++j;
        else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j]))
            ops.emplace_back('+', b[j++]);
        else
            ops.emplace_back('-', a[i++]);
    }
    std::string out;
    for (std::size_t k = 0; k < ops.size(); ++k) {
        bool const near = ops[k].first != ' ' || (k > 0 && ops[k - 1].first != ' ') ||
                          (k + 1 < ops.size() && ops[k + 1].first != ' ');
        if (near) out += std::string(1, ops[k].first) + " " + ops[k].second + "\n";
    }
    return out;
}

} // namespace migrator
