#include "schema/schema_parity.hpp"

#include "schema/schema_render.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace migrator {

std::vector<std::string> parity_differences(SchemaModel const& a, std::string const& an, Dialect const& da,
                                            SchemaModel const& b, std::string const& bn, Dialect const& db) {
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
            auto family = [](SchemaModel const& m, Dialect const& d, std::string const& type) {
                return m.enums.count(type) ? std::string("text") : d.type_family(type);
            };
            std::string const fa = family(a, da, c.type), fb = family(b, db, jt->second->type);
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
            out.push_back("table " + name + " has primary key (" + join_names(ta.primary_key) + ") on " + an +
                          " but (" + join_names(tb.primary_key) + ") on " + bn);
        auto unique_set = [](SchemaTable const& t) {
            std::set<std::string> s;
            for (auto const& u : t.uniques)
                s.insert(join_names(u));
            return s;
        };
        if (unique_set(ta) != unique_set(tb))
            out.push_back("table " + name + " has different unique constraints on " + an + " and " + bn);
        auto fk_set = [](SchemaTable const& t) {
            std::set<std::string> s;
            for (auto const& fk : t.foreign_keys)
                s.insert(foreign_key_text(fk));
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

} // namespace migrator
