#pragma once
// The stable text form of a schema (`schema dump`, snapshots, round-trip comparisons) and the
// snapshot file around it.

#include <string>
#include <vector>

#include "migrator/schema.hpp"

namespace migrator {

// One object per block, sorted by kind and name; two databases built the same way render
// byte-identical text.
std::string render_schema(SchemaModel const& schema);

// Parts of the text form, shared with parity messages.
std::string join_names(std::vector<std::string> const& parts, char const* sep = ", ");
std::string foreign_key_text(SchemaForeignKey const& fk);
std::string index_text(SchemaIndex const& ix);

// The snapshot file text for a dump: a header comment, then the rendered schema.
std::string snapshot_text(std::string const& dialect, std::string const& rendered);
// The dump part of a snapshot file (comment lines dropped).
std::string snapshot_body(std::string const& file_text);

} // namespace migrator
