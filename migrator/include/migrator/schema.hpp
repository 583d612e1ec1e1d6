#pragma once
// A database schema as data, read from the catalogs by Connection::inspect_schema (never from
// pg_dump, whose text changes between runs and releases). The core renders it as stable text
// (`schema dump`, snapshots, round-trip comparisons) and compares two dialects' schemas
// logically (`check --dialects`). Dialects fill it; every list is sorted by the dialect or by
// the renderer, so two databases built the same way render byte-identical text.
// Thread-safety: plain values.

#include <map>
#include <string>
#include <vector>

#include "migrator/export.hpp"

namespace migrator {

struct MIGRATOR_API SchemaColumn {
    std::string name;
    std::string type; // as the database normalises it (lower case)
    bool not_null = false;
    std::string default_value; // expression text, "" when none
    std::string identity;      // "always" / "by default" for identity columns; "" otherwise
};

struct MIGRATOR_API SchemaForeignKey {
    std::vector<std::string> columns;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    std::string on_delete = "no action"; // lower case
    std::string on_update = "no action";
};

struct MIGRATOR_API SchemaTable {
    std::string name;                  // "schema.table" outside the default schema
    std::vector<SchemaColumn> columns; // in column order
    std::vector<std::string> primary_key;
    std::vector<std::vector<std::string>> uniques;
    std::vector<SchemaForeignKey> foreign_keys;
    std::vector<std::string> checks; // constraint expressions
};

struct MIGRATOR_API SchemaIndex {
    std::string name;
    std::string table;
    std::vector<std::string> columns; // names or expressions
    bool unique = false;
    std::string predicate; // partial index WHERE clause, "" when none
};

struct MIGRATOR_API SchemaModel {
    std::map<std::string, SchemaTable> tables;
    std::map<std::string, SchemaIndex> indexes;            // indexes that do not back a constraint
    std::map<std::string, std::string> views;              // name -> definition
    std::map<std::string, std::string> triggers;           // name -> definition
    std::map<std::string, std::string> sequences;          // name -> definition
    std::map<std::string, std::vector<std::string>> enums; // type -> labels
    std::map<std::string, std::string> functions;          // signature -> definition
};

// The schema as a diagram of its tables, their columns (PK and FK marked, "?" for a nullable
// column in DOT) and one edge per foreign key, from the referenced table to the referencing one.
// Graphviz DOT (`dot -Tsvg`) and a Mermaid erDiagram. Views, indexes and the rest are left out.
MIGRATOR_API std::string schema_dot(SchemaModel const& schema);
MIGRATOR_API std::string schema_mermaid(SchemaModel const& schema);

} // namespace migrator
