// PostgreSQL lint (DESIGN.md "check", step 4): up-script statements that take strong locks or
// rewrite tables that already exist, read on PostgreSQL's own parse tree (libpg_query), so a
// column named `type` or a NULL column is what the grammar says it is. A comment
// `-- migrator:allow <rule-id>` in or before a statement silences that rule for it.
#include <pg_query.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <tuple>

#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

using json = nlohmann::json;

// The statement's node ({"CreateStmt": {...}}), or null when the parser rejects it (syntax
// newer than PostgreSQL 15, or an error the server will report when it runs).
json parse(std::string const& sql) {
    PgQueryParseResult r = pg_query_parse(sql.c_str());
    json out;
    if (!r.error) {
        json tree = json::parse(r.parse_tree, nullptr, false);
        if (tree.is_object() && tree.contains("stmts") && !tree["stmts"].empty())
            out = tree["stmts"][0]["stmt"];
    }
    pg_query_free_parse_result(r);
    return out;
}

std::string relname(json const& relation) {
    return relation.is_object() ? relation.value("relname", "") : "";
}

bool has_constraint(json const& column_def, char const* type) {
    for (auto const& c : column_def.value("constraints", json::array()))
        if (c.contains("Constraint") && c["Constraint"].value("contype", "") == type) return true;
    return false;
}

// serial, bigserial and smallserial (and serial2/4/8) carry their own default: nextval().
bool serial_type(json const& column_def) {
    auto const names = column_def.value("typeName", json::object()).value("names", json::array());
    if (names.empty()) return false;
    std::string const type =
        names.back()
            .value("String", json::object())
            .value("sval", names.back().value("String", json::object()).value("str", ""));
    for (char const* s : {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})
        if (type == s) return true;
    return false;
}

struct Linter {
    Migration const& m;
    std::set<std::string>& earlier; // tables created by earlier migrations
    std::vector<LintFinding>& out;
    std::set<std::string> created_here;
    std::set<std::tuple<std::string, int, std::string>> seen; // one finding per rule, line and message
    bool lock_timeout_set = false;

    bool existing(std::string const& t) const { return !t.empty() && !created_here.count(t); }
    bool earlier_table(std::string const& t) const { return earlier.count(t) > 0 && !created_here.count(t); }

    void statement(std::size_t n, Statement const& st, std::string const& region) {
        auto const allowed = allow_comments(region);
        auto report = [&](std::string const& rule, std::string const& message) {
            if (std::any_of(allowed.begin(), allowed.end(), [&](auto const& a) { return a.first == rule; }))
                return;
            if (!seen.insert({rule, st.line, message}).second) return;
            out.push_back({rule, &m, m.up.path.string(), st.line, message});
        };
        if (n == 1 && !m.transactional)
            report("non-tx-multi-statement",
                   "a non-transactional migration with more than one statement can stop "
                   "half-way; keep one statement per such migration");
        json const node = parse(st.text);
        if (!node.is_object() || node.empty()) return;
        std::string const kind = node.begin().key();
        json const& s = node.begin().value();

        if (kind == "VariableSetStmt" && s.value("name", "") == "lock_timeout") {
            lock_timeout_set = true;
        } else if (kind == "CreateStmt") {
            created_here.insert(relname(s["relation"]));
        } else if (kind == "CreateTableAsStmt" && s.contains("into")) {
            created_here.insert(relname(s["into"]["rel"]));
        } else if (kind == "IndexStmt") {
            std::string const table = relname(s["relation"]);
            if (!s.value("concurrent", false) && earlier_table(table))
                report("index-not-concurrent",
                       "CREATE INDEX on existing table " + table +
                           " blocks writes while it builds; use CREATE INDEX CONCURRENTLY "
                           "in a migration with transaction: false");
        } else if (kind == "DropStmt" && s.value("removeType", "") == "OBJECT_TABLE") {
            for (auto const& object : s.value("objects", json::array())) {
                auto const& items = object["List"]["items"];
                if (items.empty()) continue;
                std::string const table = items.back()["String"].value("sval", "");
                if (existing(table))
                    report("destructive-in-up",
                           "DROP TABLE " + table +
                               " in an up script destroys data that a down cannot bring back");
                if (earlier_table(table) && !lock_timeout_set)
                    report("missing-lock-timeout",
                           "DROP TABLE " + table +
                               " waits for an ACCESS EXCLUSIVE lock with no lock_timeout; "
                               "SET lock_timeout first");
            }
        } else if (kind == "RenameStmt" && s.contains("relation")) {
            std::string const table = relname(s["relation"]);
            if (!existing(table)) return;
            report("destructive-in-up", "RENAME on " + table + " breaks code that still uses the old name");
            if (earlier_table(table) && !lock_timeout_set)
                report("missing-lock-timeout",
                       "ALTER TABLE " + table +
                           " waits for a strong lock with no lock_timeout; SET lock_timeout first");
        } else if (kind == "AlterTableStmt" && s.value("objtype", "") == "OBJECT_TABLE") {
            std::string const table = relname(s["relation"]);
            if (!existing(table)) return;
            for (auto const& item : s.value("cmds", json::array())) {
                json const& cmd = item["AlterTableCmd"];
                std::string const subtype = cmd.value("subtype", "");
                json const def = cmd.value("def", json::object());
                if (subtype == "AT_AddColumn" && def.contains("ColumnDef")) {
                    json const& col = def["ColumnDef"];
                    if (has_constraint(col, "CONSTR_NOTNULL") && !has_constraint(col, "CONSTR_DEFAULT") &&
                        !has_constraint(col, "CONSTR_IDENTITY") && !has_constraint(col, "CONSTR_GENERATED") &&
                        !serial_type(col))
                        report("not-null-without-default",
                               "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table with rows (" +
                                   table + ")");
                } else if (subtype == "AT_AddConstraint" && def.contains("Constraint")) {
                    json const& c = def["Constraint"];
                    std::string const type = c.value("contype", "");
                    if ((type == "CONSTR_FOREIGN" || type == "CONSTR_CHECK") &&
                        !c.value("skip_validation", false))
                        report(
                            "constraint-without-not-valid",
                            "adding a constraint to existing table " + table +
                                " scans it under lock; add it NOT VALID, then VALIDATE CONSTRAINT in a later "
                                "migration");
                } else if (subtype == "AT_AlterColumnType") {
                    report("alter-column-type", "ALTER COLUMN ... TYPE on " + table +
                                                    " rewrites the table under an ACCESS EXCLUSIVE lock");
                } else if (subtype == "AT_SetNotNull") {
                    report("set-not-null",
                           "SET NOT NULL on an existing column of " + table +
                               " scans the table under lock; add a CHECK (col IS NOT NULL) NOT VALID "
                               "and VALIDATE it first");
                } else if (subtype == "AT_DropColumn") {
                    report("destructive-in-up",
                           "DROP COLUMN on " + table +
                               " in an up script destroys data that a down cannot bring back");
                }
            }
            if (earlier_table(table) && !lock_timeout_set)
                report("missing-lock-timeout",
                       "ALTER TABLE " + table +
                           " waits for a strong lock with no lock_timeout; SET lock_timeout first");
        }
    }
};

} // namespace

std::vector<LintRule> PostgresqlDialect::lint_rules() const {
    return {
        {"index-not-concurrent", "error",
         "CREATE INDEX on a table an earlier migration made blocks its writes while it builds: use CREATE "
         "INDEX "
         "CONCURRENTLY in a migration with transaction: false"},
        {"not-null-without-default", "error",
         "ADD COLUMN ... NOT NULL without a DEFAULT (or serial, identity, generated) fails on a table with "
         "rows"},
        {"constraint-without-not-valid", "error",
         "ADD CONSTRAINT (FOREIGN KEY, CHECK) on an existing table scans it under lock: add it NOT VALID, "
         "then "
         "VALIDATE CONSTRAINT in a later migration"},
        {"alter-column-type", "error",
         "ALTER COLUMN ... TYPE rewrites the table under an ACCESS EXCLUSIVE lock"},
        {"set-not-null", "error",
         "SET NOT NULL scans the table under lock: add CHECK (col IS NOT NULL) NOT VALID and VALIDATE it "
         "first"},
        {"destructive-in-up", "error",
         "DROP TABLE, DROP COLUMN or RENAME of an existing object in an up script: data or names a down "
         "cannot bring back"},
        {"missing-lock-timeout", "error",
         "ALTER or DROP of an existing table with no SET lock_timeout first: it waits for its lock while "
         "every "
         "query of the table queues behind it"},
        {"non-tx-multi-statement", "error",
         "a migration with transaction: false holding more than one statement can stop half-way: keep one "
         "statement per such migration"},
    };
}

std::vector<LintFinding> PostgresqlDialect::lint(MigrationSet const& set) const {
    std::vector<LintFinding> out;
    std::set<std::string> earlier;
    for (auto const& m : set.migrations()) {
        if (!m.for_this_dialect) continue;
        Linter linter{m, earlier, out, {}, {}, false};
        std::string const& text = m.up.text;
        std::size_t region_start = 0;
        auto const& statements = m.up.statements;
        for (std::size_t n = 0; n < statements.size(); ++n) {
            auto const& st = statements[n];
            // The statement with the comments before it and on its last line.
            std::size_t const region_end = text.find('\n', st.offset + st.text.size());
            std::string const region =
                text.substr(region_start,
                            region_end == std::string::npos ? std::string::npos : region_end - region_start);
            region_start = st.offset + st.text.size();
            linter.statement(n, st, region);
        }
        earlier.insert(linter.created_here.begin(), linter.created_here.end());
    }
    return out;
}

} // namespace migrator::postgresql
