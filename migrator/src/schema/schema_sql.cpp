#include "schema/schema_sql.hpp"

#include <algorithm>
#include <cctype>

#include "migrator/connection.hpp"

namespace migrator {

namespace {

// "schema.table" (outside the default schema) or "table", quoted part by part.
std::string quoted(std::string const& name, Dialect const& d) {
    std::size_t const dot = name.find('.');
    return dot == std::string::npos ? d.quote_name({"", name})
                                    : d.quote_name({name.substr(0, dot), name.substr(dot + 1)});
}

// An index entry is a column name or an expression; only names are quoted.
std::string column_or_expression(std::string const& text, Dialect const& d) {
    bool const plain = !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0])) &&
                       std::all_of(text.begin(), text.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    return plain ? d.quote_name({"", text}) : text;
}

std::string column_list(std::vector<std::string> const& columns, Dialect const& d) {
    std::string out;
    for (auto const& c : columns)
        out += (out.empty() ? "" : ", ") + column_or_expression(c, d);
    return "(" + out + ")";
}

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string with_semicolon(std::string text) {
    while (!text.empty() && (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back()))))
        text.pop_back();
    return text + ";\n";
}

} // namespace

std::string render_schema_sql(SchemaModel const& s, Dialect const& d) {
    std::string out;
    for (auto const& [name, labels] : s.enums) {
        std::string list;
        for (auto const& l : labels)
            list += (list.empty() ? "" : ", ") + d.literal(l);
        out += "CREATE TYPE " + quoted(name, d) + " AS ENUM (" + list + ");\n";
    }
    for (auto const& [name, definition] : s.sequences) {
        // "bigint start 1 increment 1", as the dialect's catalog reads it.
        std::size_t const start = definition.find(" start ");
        out += "CREATE SEQUENCE " + quoted(name, d) +
               (start == std::string::npos
                    ? ""
                    : " AS " + definition.substr(0, start) + upper(definition.substr(start))) +
               ";\n";
    }
    for (auto const& [_, definition] : s.functions)
        out += with_semicolon(definition);
    for (auto const& [name, t] : s.tables) {
        std::vector<std::string> lines;
        for (auto const& c : t.columns) {
            std::string line = d.quote_name({"", c.name}) + " " + c.type;
            if (!c.identity.empty()) line += " GENERATED " + upper(c.identity) + " AS IDENTITY";
            if (c.not_null) line += " NOT NULL";
            if (!c.default_value.empty() && c.identity.empty()) line += " DEFAULT " + c.default_value;
            lines.push_back(line);
        }
        if (!t.primary_key.empty()) lines.push_back("PRIMARY KEY " + column_list(t.primary_key, d));
        for (auto const& u : t.uniques)
            lines.push_back("UNIQUE " + column_list(u, d));
        for (auto const& check : t.checks)
            lines.push_back(check.rfind("CHECK", 0) == 0 ? check : "CHECK (" + check + ")");
        out += "CREATE TABLE " + quoted(name, d) + " (\n";
        for (std::size_t i = 0; i < lines.size(); ++i)
            out += "    " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
        out += ");\n";
    }
    for (auto const& [name, ix] : s.indexes)
        out += std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + quoted(name, d) + " ON " +
               quoted(ix.table, d) + " " + column_list(ix.columns, d) +
               (ix.predicate.empty() ? "" : " WHERE " + ix.predicate) + ";\n";
    for (auto const& [name, t] : s.tables)
        for (auto const& fk : t.foreign_keys)
            out += "ALTER TABLE " + quoted(name, d) + " ADD FOREIGN KEY " + column_list(fk.columns, d) +
                   " REFERENCES " + quoted(fk.ref_table, d) + " " + column_list(fk.ref_columns, d) +
                   " ON DELETE " + upper(fk.on_delete) + " ON UPDATE " + upper(fk.on_update) + ";\n";
    for (auto const& [name, definition] : s.views)
        out += "CREATE VIEW " + quoted(name, d) + " AS " + with_semicolon(definition);
    for (auto const& [_, definition] : s.triggers)
        out += with_semicolon(definition);
    return out;
}

std::string Connection::schema_sql(QualifiedName const& version_table) {
    return render_schema_sql(inspect_schema(version_table), dialect());
}

} // namespace migrator
