#include "model/statement_kind.hpp"

#include <algorithm>
#include <cctype>

namespace migrator {

std::string first_keyword(std::string_view statement) {
    std::size_t i = 0;
    while (i < statement.size() && std::isspace(static_cast<unsigned char>(statement[i])))
        ++i;
    std::string out;
    for (; i < statement.size(); ++i) {
        unsigned char const c = static_cast<unsigned char>(statement[i]);
        if (!std::isalnum(c) && c != '_') break;
        out += static_cast<char>(std::toupper(c));
    }
    return out;
}

bool is_transaction_control(std::string_view statement) {
    static constexpr std::string_view words[] = {"BEGIN", "COMMIT",    "END",     "ROLLBACK",
                                                 "START", "SAVEPOINT", "RELEASE", "ABORT"};
    std::string const first = first_keyword(statement);
    return std::find(std::begin(words), std::end(words), first) != std::end(words);
}

bool changes_schema(std::string_view statement) {
    static constexpr std::string_view words[] = {"CREATE", "ALTER", "DROP", "RENAME", "COMMENT"};
    std::string const first = first_keyword(statement);
    return std::find(std::begin(words), std::end(words), first) != std::end(words);
}

} // namespace migrator
