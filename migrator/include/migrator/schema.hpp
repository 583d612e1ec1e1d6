#pragma once
// A database schema as data, read from the catalogs by Dialect::inspect_schema (never from
// pg_dump, whose text changes between runs and releases). The core renders it as stable
// text (`schema dump`, snapshots, round-trip comparisons) and compares two dialects'
// schemas logically (`check --dialects`). Every list is sorted by the dialect or by render().

#include <map>
#include <string>
#include <vector>

namespace migrator {

struct SchemaColumn {
    std::string name;
    std::string type; // as the database normalises it (lower case)
    bool not_null = false;
    std::string default_value; // expression text, "" when none
    std::string identity;      // PostgreSQL: "always" / "by default"; "" otherwise
};

struct SchemaForeignKey {
    std::vector<std::string> columns;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    std::string on_delete = "no action"; // lower case
    std::string on_update = "no action";
};

struct SchemaTable {
    std::string name;                  // "schema.table" outside the default schema
    std::vector<SchemaColumn> columns; // in column order
    std::vector<std::string> primary_key;
    std::vector<std::vector<std::string>> uniques;
    std::vector<SchemaForeignKey> foreign_keys;
    std::vector<std::string> checks; // constraint expressions
};

struct SchemaIndex {
    std::string name;
    std::string table;
    std::vector<std::string> columns; // names or expressions
    bool unique = false;
    std::string predicate; // partial index WHERE clause, "" when none
};

struct SchemaModel {
    std::map<std::string, SchemaTable> tables;
    std::map<std::string, SchemaIndex> indexes;            // indexes that do not back a constraint
    std::map<std::string, std::string> views;              // name -> definition
    std::map<std::string, std::string> triggers;           // name -> definition
    std::map<std::string, std::string> sequences;          // name -> definition (PostgreSQL)
    std::map<std::string, std::vector<std::string>> enums; // type -> labels (PostgreSQL)
    std::map<std::string, std::string> functions;          // signature -> definition (PostgreSQL)
};

// Stable text: one object per block, sorted by kind and name; two databases built the same way
// render byte-identical text.
std::string render_schema(SchemaModel const& schema);

// Differences between two dialects' schemas that matter for an application: tables, columns
// (types compared by family), nullability, keys, foreign keys, uniques and indexes. Empty when
// they match. Dialect-only objects (enum types, triggers) are ignored.
std::vector<std::string> parity_differences(SchemaModel const& a, std::string const& a_name,
                                            SchemaModel const& b, std::string const& b_name);

// The family a column type belongs to, for parity: integer, text, timestamp, boolean, numeric,
// binary, or the type itself.
std::string type_family(std::string const& type);

// `sql` with every run of blanks (spaces, tabs, newlines) made one space and the ends trimmed,
// so that re-indented view, trigger or function text does not count as a schema change.
std::string collapse_whitespace(std::string const& sql);

// A line diff of two texts: "-" lines only in `before`, "+" lines only in `after`, with one line
// of context around each change ("  "). Empty when equal.
std::string line_diff(std::string const& before, std::string const& after);

} // namespace migrator
