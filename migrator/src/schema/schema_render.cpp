#include "schema/schema_render.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace migrator {

std::string join_names(std::vector<std::string> const& parts, char const* sep) {
    std::string out;
    for (auto const& p : parts)
        out += (out.empty() ? "" : sep) + p;
    return out;
}

std::string foreign_key_text(SchemaForeignKey const& fk) {
    return "foreign key (" + join_names(fk.columns) + ") references " + fk.ref_table + " (" +
           join_names(fk.ref_columns) + ") on delete " + fk.on_delete + " on update " + fk.on_update;
}

std::string index_text(SchemaIndex const& ix) {
    return std::string(ix.unique ? "unique " : "") + "index " + ix.name + " on " + ix.table + " (" +
           join_names(ix.columns) + ")" + (ix.predicate.empty() ? "" : " where " + ix.predicate);
}

namespace {
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
        if (!t.primary_key.empty()) out << "  primary key (" << join_names(t.primary_key) << ")\n";
        std::vector<std::string> lines;
        for (auto const& u : t.uniques)
            lines.push_back("  unique (" + join_names(u) + ")");
        for (auto const& fk : t.foreign_keys)
            lines.push_back("  " + foreign_key_text(fk));
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
        out << "enum " << name << " (" << join_names(labels) << ")\n";
    for (auto const& [name, def] : schema.functions)
        out << "function " << name << "\n  " << def << "\n";
    return out.str();
}

std::string snapshot_text(std::string const& dialect, std::string const& rendered) {
    return "-- migrator schema snapshot (" + dialect +
           "): written by `migrator check --update-snapshot` or `migrator schema dump`; do not edit.\n" +
           rendered;
}

std::string snapshot_body(std::string const& file_text) {
    std::istringstream in(file_text);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("--", 0) != 0) out += line + "\n";
    return out;
}

} // namespace migrator
