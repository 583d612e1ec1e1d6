#pragma once
// Small lexical helpers for dialect implementers: standard SQL comments and blanks, and line
// numbers counted in one forward pass. They know no dialect's grammar: strings, quoted
// identifiers and bodies are each dialect's own business (its database's parser).

#include <cstddef>
#include <string>
#include <string_view>

#include "migrator/export.hpp"

namespace migrator {

// Position of the first character at or after `pos` that is neither a blank nor inside a
// `-- ...` or `/* ... */` comment. `nested_block_comments`: PostgreSQL nests /* /* */ */.
MIGRATOR_API std::size_t skip_blanks_and_comments(std::string_view text, std::size_t pos,
                                                  bool nested_block_comments);

// 1-based line numbers of byte offsets in one text, counted in one forward pass: each call
// costs the bytes between the previous offset and this one. Offsets must not decrease.
class MIGRATOR_API LineCounter {
public:
    explicit LineCounter(std::string_view text) : text_(text) {}
    int line_at(std::size_t offset);

private:
    std::string_view text_;
    std::size_t offset_ = 0;
    int line_ = 1;
};

// `statement` followed by ';' on its own line when its last line holds a "--" comment (which
// would swallow it), else right after it: how a split statement is written back as SQL.
MIGRATOR_API std::string terminated(std::string_view statement);

// `sql` with every run of blanks (spaces, tabs, newlines) made one space and the ends trimmed,
// so that re-indented view, trigger or function text does not count as a schema change.
MIGRATOR_API std::string collapse_whitespace(std::string_view sql);

} // namespace migrator
