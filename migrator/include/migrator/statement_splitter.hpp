#pragma once
// Splits a SQL script into statements without a database connection. It understands
// '--' and '/* */' comments (nested on PostgreSQL), '...' strings (with '' escapes),
// E'...' strings (backslash escapes), "..." and `...` identifiers, [..] (SQLite),
// $tag$...$tag$ bodies (PostgreSQL) and BEGIN ... END blocks (SQLite trigger bodies,
// PostgreSQL BEGIN ATOMIC bodies, with CASE ... END nested inside). A ';' ends a
// statement only outside all of those. Never splits naively on ';'.

#include <string>
#include <string_view>
#include <vector>

namespace migrator {

enum class SqlFlavor { sqlite, postgresql };

struct Statement {
    std::string text;   // the statement without its trailing ';', leading blanks and comments trimmed
    std::size_t offset; // byte offset of the first character of `text` in the script
    int line;           // 1-based line of that character
};

// Statements that hold only comments or blanks are dropped.
std::vector<Statement> split_statements(std::string_view script, SqlFlavor flavor);

// 1-based line number of byte `offset` in `text`.
int line_of_offset(std::string_view text, std::size_t offset);

// The first keyword of `statement` (upper-cased), or "" when it starts with something else.
std::string first_keyword(std::string_view statement);

// True for statements that control the transaction (BEGIN, COMMIT, END, ROLLBACK,
// START TRANSACTION, SAVEPOINT, RELEASE): a script must not hold them, the runner owns transactions.
bool is_transaction_control(std::string_view statement);

} // namespace migrator
