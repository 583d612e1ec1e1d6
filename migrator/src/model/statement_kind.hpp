#pragma once
// What kind of statement a script statement is, from its first keyword: standard SQL words,
// no dialect's grammar.

#include <string>
#include <string_view>

namespace migrator {

// The first keyword of `statement` (upper-cased), or "" when it starts with something else.
std::string first_keyword(std::string_view statement);

// True for statements that control the transaction (BEGIN, COMMIT, END, ROLLBACK, ABORT,
// START TRANSACTION, SAVEPOINT, RELEASE): a script must not hold them, the runner owns
// transactions.
bool is_transaction_control(std::string_view statement);

// True for a statement that changes the schema (CREATE, ALTER, DROP, RENAME, COMMENT), as opposed
// to one that reads or writes rows: a seed migration's empty down is a no-op, a DDL one's is not.
bool changes_schema(std::string_view statement);

} // namespace migrator
