// PostgresqlDialect's schema inspection from the system catalogs (pg_class, pg_attribute,
// pg_constraint, pg_index, ...), with pg_get_*def() for the parts PostgreSQL itself prints
// deterministically. Objects outside the current schema are named "schema.object".
#include <unistd.h>

#include <algorithm>
#include <random>

#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"
#include "postgresql_connection.hpp"
#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

std::vector<std::string> split_list(std::string const& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    if (text.empty()) return out;
    while (true) {
        std::size_t at = text.find('\x1f', start);
        out.push_back(text.substr(start, at - start));
        if (at == std::string::npos) return out;
        start = at + 1;
    }
}

std::string action(std::string const& code) {
    if (code == "c") return "cascade";
    if (code == "r") return "restrict";
    if (code == "n") return "set null";
    if (code == "d") return "set default";
    return "no action";
}

// User namespaces, and how an object in them is named.
constexpr char const* user_ns =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE "
    "'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";
std::string qualified(char const* ns, char const* name) {
    return std::string("CASE WHEN ") + ns + " = current_schema() THEN " + name + " ELSE " + ns +
           " || '.' || " + name + " END";
}
// Names of the columns numbered in `keys` (an int2 array) of relation `rel`, joined by \x1f.
std::string column_names(char const* rel, char const* keys) {
    return std::string("array_to_string(ARRAY(SELECT a.attname FROM unnest(") + keys +
           ") WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = " + rel +
           " AND a.attnum = k.num ORDER BY k.ord), chr(31))";
}

} // namespace

SchemaModel PgConnection::inspect_schema(QualifiedName const& version_table) {
    SchemaModel model;
    std::string const vt_schema =
        version_table.schema.empty() ? query("SELECT current_schema()").at(0).at(0) : version_table.schema;
    std::string const not_version_table = "NOT (n.nspname = " + pg_.literal(vt_schema) +
                                          " AND c.relname = " + pg_.literal(version_table.table) + ")";
    std::string const tname = qualified("n.nspname", "c.relname");

    for (auto const& r :
         query("SELECT " + tname +
               ", a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
               "coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity FROM pg_class c JOIN "
               "pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND "
               "a.attnum > 0 AND NOT a.attisdropped LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND "
               "d.adnum = a.attnum WHERE c.relkind IN ('r', 'p') AND " +
               std::string(user_ns) + " AND " + not_version_table + " ORDER BY 1, a.attnum")) {
        auto& t = model.tables[r[0]];
        t.name = r[0];
        t.columns.push_back({r[1], r[2], r[3] == "t", r[4],
                             r[5] == "a"   ? "always"
                             : r[5] == "d" ? "by default"
                                           : ""});
    }

    for (auto const& r :
         query("SELECT " + tname + ", con.contype, " + column_names("con.conrelid", "con.conkey") +
               ", coalesce((SELECT " + qualified("rn.nspname", "rc.relname") +
               " FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = "
               "con.confrelid), ''), " +
               column_names("con.confrelid", "con.confkey") +
               ", con.confdeltype, con.confupdtype, pg_get_constraintdef(con.oid) FROM pg_constraint con "
               "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE " +
               std::string(user_ns) + " AND " + not_version_table + " ORDER BY 1, 8")) {
        auto it = model.tables.find(r[0]);
        if (it == model.tables.end()) continue;
        auto& t = it->second;
        if (r[1] == "p")
            t.primary_key = split_list(r[2]);
        else if (r[1] == "u")
            t.uniques.push_back(split_list(r[2]));
        else if (r[1] == "f")
            t.foreign_keys.push_back({split_list(r[2]), r[3], split_list(r[4]), action(r[5]), action(r[6])});
        else if (r[1] == "c")
            t.checks.push_back(r[7].rfind("CHECK ", 0) == 0 ? r[7].substr(6) : r[7]);
        else
            t.checks.push_back(r[7]); // exclusion and other constraints, as PostgreSQL prints them
    }
    for (auto& [_, t] : model.tables)
        std::sort(t.uniques.begin(), t.uniques.end());

    for (auto const& r :
         query("SELECT " + qualified("n.nspname", "ic.relname") + ", " + tname +
               ", i.indisunique, coalesce(pg_get_expr(i.indpred, i.indrelid, true), ''), "
               "array_to_string(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM "
               "generate_series(1, i.indnkeyatts) k ORDER BY k), chr(31)) FROM pg_index i JOIN pg_class "
               "ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n "
               "ON n.oid = c.relnamespace WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE "
               "con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) AND " +
               std::string(user_ns) + " AND " + not_version_table))
        model.indexes[r[0]] = {r[0], r[1], split_list(r[4]), r[2] == "t", r[3]};

    for (auto const& r : query("SELECT " + tname +
                               ", pg_get_viewdef(c.oid, true) FROM pg_class c JOIN pg_namespace "
                               "n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND " +
                               std::string(user_ns)))
        model.views[r[0]] = collapse_whitespace(r[1]);
    for (auto const& r :
         query("SELECT " + tname +
               " || '.' || t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
               "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE NOT t.tgisinternal AND " +
               std::string(user_ns)))
        model.triggers[r[0]] = collapse_whitespace(r[1]);
    for (auto const& r :
         query("SELECT " + tname +
               ", format_type(q.seqtypid, NULL) || ' start ' || q.seqstart || "
               "' increment ' || q.seqincrement FROM pg_sequence q JOIN pg_class c ON c.oid = "
               "q.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " +
               std::string(user_ns) +
               " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')"))
        model.sequences[r[0]] = r[1];
    for (auto const& r :
         query("SELECT " + qualified("n.nspname", "t.typname") +
               ", array_to_string(ARRAY(SELECT "
               "e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), "
               "chr(31)) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = "
               "'e' AND " +
               std::string(user_ns)))
        model.enums[r[0]] = split_list(r[1]);
    for (auto const& r :
         query("SELECT " + qualified("n.nspname", "p.proname") +
               " || '(' || "
               "pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid) FROM "
               "pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p') "
               "AND " +
               std::string(user_ns) +
               " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE "
               "d.objid = p.oid AND d.deptype = 'e')"))
        model.functions[r[0]] = collapse_whitespace(r[1]);
    return model;
}

} // namespace migrator::postgresql
