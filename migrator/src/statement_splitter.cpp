// A hand-written scanner: no packaged library splits SQL scripts for both SQLite and
// PostgreSQL, and the rules needed (quotes, dollar quotes, comments, BEGIN...END bodies)
// are few enough to keep here with unit tests.
#include "migrator/statement_splitter.hpp"

#include <algorithm>
#include <cctype>

namespace migrator {

namespace {

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// Position just past the quoted run that starts at `i` (s[i] is the opening quote),
// where a doubled closing character stands for itself.
std::size_t skip_quoted(std::string_view s, std::size_t i, char close, bool backslash_escapes) {
    for (++i; i < s.size(); ++i) {
        if (backslash_escapes && s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == close) {
            if (i + 1 < s.size() && s[i + 1] == close && close != ']') {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return s.size();
}

// If a dollar-quote opener ($$ or $tag$) starts at `i`, the position past its closer; else npos.
std::size_t skip_dollar_quoted(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return std::string_view::npos;
    while (j < s.size() && is_word_char(s[j]))
        ++j;
    if (j >= s.size() || s[j] != '$') return std::string_view::npos;
    std::string_view tag = s.substr(i, j - i + 1);
    std::size_t close = s.find(tag, j + 1);
    return close == std::string_view::npos ? s.size() : close + tag.size();
}

std::size_t skip_block_comment(std::string_view s, std::size_t i, bool nested) {
    int depth = 0;
    while (i < s.size()) {
        if (s.compare(i, 2, "/*") == 0) {
            if (depth == 0 || nested) ++depth;
            i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return s.size();
}

} // namespace

int line_of_offset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(
                   std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::vector<Statement> split_statements(std::string_view s, SqlFlavor flavor) {
    bool const pg = flavor == SqlFlavor::postgresql;
    std::vector<Statement> out;
    std::size_t code_start = std::string_view::npos; // first code character of the statement
    std::size_t code_end = 0;                        // one past its last code character
    int words = 0;                                   // words seen in this statement
    int depth = 0;                                   // open BEGIN/CASE blocks

    auto finish = [&] {
        if (code_start != std::string_view::npos)
            out.push_back({std::string(s.substr(code_start, code_end - code_start)), code_start,
                           line_of_offset(s, code_start)});
        code_start = std::string_view::npos;
        words = 0;
        depth = 0;
    };
    auto code = [&](std::size_t from, std::size_t to) {
        if (code_start == std::string_view::npos) code_start = from;
        code_end = to;
    };

    std::size_t i = 0;
    while (i < s.size()) {
        char const c = s[i];
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            std::size_t eol = s.find('\n', i);
            i = eol == std::string_view::npos ? s.size() : eol;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            i = skip_block_comment(s, i, pg);
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == ';') {
            if (depth > 0) {
                code(i, i + 1);
                ++i;
            } else {
                finish();
                ++i;
            }
        } else if (c == '\'' || c == '"' || (c == '`' && !pg) || (c == '[' && !pg)) {
            bool const escapes = pg && c == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                                 (i < 2 || !is_word_char(s[i - 2]));
            std::size_t end = skip_quoted(s, i, c == '[' ? ']' : c, escapes);
            code(i, end);
            i = end;
        } else if (c == '$' && pg && (i == 0 || !is_word_char(s[i - 1])) &&
                   skip_dollar_quoted(s, i) != std::string_view::npos) {
            std::size_t end = skip_dollar_quoted(s, i);
            code(i, end);
            i = end;
        } else if (is_word_char(c)) {
            std::size_t j = i;
            while (j < s.size() && (is_word_char(s[j]) || (pg && s[j] == '$')))
                ++j;
            std::string const word = upper(s.substr(i, j - i));
            ++words;
            // BEGIN or END as a statement's first word is transaction control, not a block.
            if (words > 1 && (word == "BEGIN" || word == "CASE"))
                ++depth;
            else if (words > 1 && word == "END" && depth > 0)
                --depth;
            code(i, j);
            i = j;
        } else {
            code(i, i + 1);
            ++i;
        }
    }
    finish();
    return out;
}

std::string first_keyword(std::string_view statement) {
    std::size_t i = 0;
    while (i < statement.size() && std::isspace(static_cast<unsigned char>(statement[i])))
        ++i;
    std::size_t j = i;
    while (j < statement.size() && is_word_char(statement[j]))
        ++j;
    return upper(statement.substr(i, j - i));
}

bool is_transaction_control(std::string_view statement) {
    static constexpr std::string_view words[] = {"BEGIN", "COMMIT",    "END",     "ROLLBACK",
                                                 "START", "SAVEPOINT", "RELEASE", "ABORT"};
    std::string const first = first_keyword(statement);
    return std::find(std::begin(words), std::end(words), first) != std::end(words);
}

} // namespace migrator
