// The schema as a diagram: Graphviz DOT and Mermaid erDiagram text, tables with their columns and
// keys, one edge per foreign key. Written here, not by a library: both formats are a few lines of
// text, and Debian packages no C++ writer for either.
#include <algorithm>
#include <string>

#include "migrator/schema.hpp"

namespace migrator {

namespace {

bool in(std::vector<std::string> const& list, std::string const& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

bool is_foreign_key_column(SchemaTable const& t, std::string const& column) {
    return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                       [&](SchemaForeignKey const& fk) { return in(fk.columns, column); });
}

// Text inside a DOT HTML-like label, or a quoted DOT id.
std::string html(std::string const& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string dot_id(std::string const& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Mermaid names and types are words: anything else becomes '_' ("character varying(20)" ->
// character_varying_20_).
std::string mermaid_word(std::string const& s) {
    std::string out;
    for (unsigned char c : s)
        out += std::isalnum(c) || c == '_' ? static_cast<char>(c) : '_';
    return out.empty() ? "_" : out;
}

std::string joined(std::vector<std::string> const& parts) {
    std::string out;
    for (auto const& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

} // namespace

std::string schema_dot(SchemaModel const& schema) {
    std::string out = "digraph schema {\n"
                      "  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
                      "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n"
                      "  edge [arrowhead=crow, arrowtail=none, color=\"#555555\"];\n";
    for (auto const& [name, t] : schema.tables) {
        out += "  " + dot_id(name) +
               " [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">"
               "<tr><td bgcolor=\"#dde4f0\"><b>" +
               html(name) + "</b></td></tr>";
        for (auto const& c : t.columns) {
            std::string keys;
            if (in(t.primary_key, c.name)) keys += " PK";
            if (is_foreign_key_column(t, c.name)) keys += " FK";
            out += "<tr><td align=\"left\" port=\"" + html(c.name) + "\">" + html(c.name) + " <i>" +
                   html(c.type) + "</i>" + (c.not_null || in(t.primary_key, c.name) ? "" : " ?") +
                   (keys.empty() ? "" : " <b>" + keys.substr(1) + "</b>") + "</td></tr>";
        }
        out += "</table>>];\n";
    }
    for (auto const& [name, t] : schema.tables)
        for (auto const& fk : t.foreign_keys) {
            // From the referenced table to the referencing one: "one users has many posts".
            std::string const from =
                dot_id(fk.ref_table) + (fk.ref_columns.size() == 1 && schema.tables.count(fk.ref_table)
                                            ? ":" + dot_id(fk.ref_columns.front())
                                            : "");
            std::string const to =
                dot_id(name) + (fk.columns.size() == 1 ? ":" + dot_id(fk.columns.front()) : "");
            out += "  " + from + " -> " + to + " [label=" + dot_id(joined(fk.columns)) + ", fontsize=8];\n";
        }
    return out + "}\n";
}

std::string schema_mermaid(SchemaModel const& schema) {
    std::string out = "erDiagram\n";
    for (auto const& [name, t] : schema.tables) {
        out += "    " + mermaid_word(name) + " {\n";
        for (auto const& c : t.columns) {
            std::string keys;
            if (in(t.primary_key, c.name)) keys = "PK";
            if (is_foreign_key_column(t, c.name)) keys += keys.empty() ? "FK" : ", FK";
            out += "        " + mermaid_word(c.type) + " " + mermaid_word(c.name) +
                   (keys.empty() ? "" : " " + keys) + "\n";
        }
        out += "    }\n";
    }
    for (auto const& [name, table] : schema.tables)
        for (auto const& fk : table.foreign_keys) {
            // Optional on the child's side unless every column of the key is NOT NULL. `t` is a plain
            // reference: clang before 16 lets no lambda capture a structured binding.
            SchemaTable const& t = table;
            bool const required =
                std::all_of(fk.columns.begin(), fk.columns.end(), [&](std::string const& col) {
                    auto const c = std::find_if(t.columns.begin(), t.columns.end(),
                                                [&](SchemaColumn const& sc) { return sc.name == col; });
                    return c != t.columns.end() && c->not_null;
                });
            out += "    " + mermaid_word(fk.ref_table) + (required ? " ||" : " |o") + "--o{ " +
                   mermaid_word(name) + " : \"" + mermaid_word(joined(fk.columns)) + "\"\n";
        }
    return out;
}

} // namespace migrator
