// SqliteDialect's schema inspection: pragma_table_info, pragma_foreign_key_list and
// pragma_index_list give the structure; CHECK constraints, views and triggers come from the
// stored SQL text (SQLite keeps no other form of them).
#include <algorithm>
#include <cctype>

#include "migrator/dialect.hpp"
#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"
#include "sqlite_connection.hpp"

namespace migrator::sqlite {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The parenthesised expression of every CHECK in a CREATE TABLE statement.
std::vector<std::string> check_clauses(std::string const& sql) {
    std::vector<std::string> out;
    std::string const text = sql.substr(skip_blanks_and_comments(sql, 0, false));
    for (std::size_t i = 0; i < text.size(); ++i) {
        char const c = text[i];
        if (c == '\'' || c == '"') { // skip quoted text
            std::size_t j = text.find(c, i + 1);
            i = j == std::string::npos ? text.size() : j;
            continue;
        }
        bool const word_start =
            i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
        if (!word_start || lower(text.substr(i, 5)) != "check") continue;
        std::size_t j = i + 5;
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])))
            ++j;
        if (j >= text.size() || text[j] != '(') continue;
        int depth = 0;
        std::size_t k = j;
        for (; k < text.size(); ++k) {
            if (text[k] == '\'') k = text.find('\'', k + 1);
            if (k == std::string::npos) break;
            if (text[k] == '(') ++depth;
            if (text[k] == ')' && --depth == 0) break;
        }
        if (k == std::string::npos || k >= text.size()) break;
        out.push_back(collapse_whitespace(text.substr(j, k - j + 1)));
        i = k;
    }
    return out;
}

std::string where_clause(std::string const& create_index_sql) {
    std::string const l = lower(create_index_sql);
    std::size_t at = l.rfind(" where ");
    return at == std::string::npos ? "" : collapse_whitespace(create_index_sql.substr(at + 7));
}

} // namespace

std::string SqliteConnection::schema_sql(QualifiedName const& version_table) {
    // Tables before the indexes, views and triggers that name them; each in creation order
    // (rowid), as SQLite's shell prints them.
    auto const rows =
        query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND "
              "tbl_name <> " +
              dialect().literal(version_table.table) +
              " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 "
              "ELSE 3 END, rowid");
    std::string out;
    for (auto const& r : rows)
        out += r[0] + ";\n";
    return out;
}

SchemaModel SqliteConnection::inspect_schema(QualifiedName const& version_table) {
    SchemaModel model;
    auto const lit = [&](std::string const& v) { return dialect().literal(v); };
    auto const objects =
        query("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master WHERE name NOT "
              "LIKE 'sqlite_%' AND tbl_name <> " +
              lit(version_table.table) + " ORDER BY name");
    for (auto const& o : objects) {
        std::string const& type = o[0];
        std::string const& name = o[1];
        if (type == "view") model.views[name] = collapse_whitespace(o[3]);
        if (type == "trigger") model.triggers[name] = collapse_whitespace(o[3]);
        if (type != "table") continue;
        SchemaTable t;
        t.name = name;
        std::vector<std::pair<int, std::string>> pk;
        for (auto const& c : query("SELECT name, lower(type), \"notnull\", coalesce(dflt_value, ''), pk FROM "
                                   "pragma_table_info(" +
                                   lit(name) + ") ORDER BY cid")) {
            t.columns.push_back({c[0], c[1], c[2] == "1", c[3], ""});
            if (c[4] != "0") pk.emplace_back(std::stoi(c[4]), c[0]);
        }
        std::sort(pk.begin(), pk.end());
        for (auto const& [_, col] : pk)
            t.primary_key.push_back(col);
        for (auto const& fk : query("SELECT id, \"table\", \"from\", coalesce(\"to\", ''), lower(on_update), "
                                    "lower(on_delete) FROM pragma_foreign_key_list(" +
                                    lit(name) + ") ORDER BY id, seq")) {
            if (t.foreign_keys.empty() || fk[0] != std::to_string(t.foreign_keys.size() - 1)) {
                t.foreign_keys.push_back({{}, fk[1], {}, fk[5], fk[4]});
            }
            auto& f = t.foreign_keys.back();
            f.columns.push_back(fk[2]);
            f.ref_columns.push_back(fk[3]);
        }
        for (auto& f : t.foreign_keys) // REFERENCES t without columns means t's primary key
            if (std::all_of(f.ref_columns.begin(), f.ref_columns.end(),
                            [](auto const& c) { return c.empty(); })) {
                f.ref_columns.clear();
                for (auto const& c : query("SELECT name FROM pragma_table_info(" + lit(f.ref_table) +
                                           ") WHERE pk > 0 ORDER BY pk"))
                    f.ref_columns.push_back(c[0]);
            }
        for (auto const& ix :
             query("SELECT name, \"unique\", origin FROM pragma_index_list(" + lit(name) + ")")) {
            if (ix[2] == "pk") continue;
            std::vector<std::string> cols;
            for (auto const& c : query("SELECT coalesce(name, '<expression>') FROM pragma_index_info(" +
                                       lit(ix[0]) + ") ORDER BY seqno"))
                cols.push_back(c[0]);
            if (ix[2] == "u") {
                t.uniques.push_back(cols);
                continue;
            }
            std::string sql;
            for (auto const& o2 : objects)
                if (o2[1] == ix[0]) sql = o2[3];
            model.indexes[ix[0]] = {ix[0], name, cols, ix[1] == "1", where_clause(sql)};
        }
        std::sort(t.uniques.begin(), t.uniques.end());
        t.checks = check_clauses(o[3]);
        model.tables[name] = std::move(t);
    }
    return model;
}

} // namespace migrator::sqlite
