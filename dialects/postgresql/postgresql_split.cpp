// Splitting with PostgreSQL's own lexer (libpg_query, the server's scan.l): strings, E''
// strings, dollar quotes, quoted names and nested comments are its tokens, not a guess.
// Statements end at a ';' token outside parentheses (CREATE RULE ... DO (a; b)) and outside
// BEGIN ATOMIC ... END bodies. Never pg_query_split_with_parser: the parser rejects a whole
// script over one syntax error or syntax newer than PostgreSQL 15, and then the server, not
// the splitter, must report it, at the right statement.
//
// Two paths over the same lexer. pg_query_split_with_scanner runs it in C and returns
// statement locations: about 7x faster than pg_query_scan, whose token list travels through
// protobuf (a 100,000-statement script: 0.14 s against 0.8 s). But it knows no BEGIN ATOMIC,
// lets a stray ')' wrap its paren count, drops a statement without a keyword ("SELEC 2"), and
// keeps comments around a statement. So a script that may hold the first two, and any text
// that path left uncovered or that holds a comment, goes through the token scan, which is
// exact; tests/unit/splitter_test.cpp checks that both paths agree.
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cctype>

#include "migrator/sql_text.hpp"
#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

// Frees both the scan result and its unpacked tokens on every path.
class Tokens {
public:
    explicit Tokens(char const* text) : result_(pg_query_scan(text)) {
        if (!result_.error)
            unpacked_ = pg_query__scan_result__unpack(nullptr, result_.pbuf.len,
                                                      reinterpret_cast<uint8_t const*>(result_.pbuf.data));
    }
    ~Tokens() {
        if (unpacked_) pg_query__scan_result__free_unpacked(unpacked_, nullptr);
        pg_query_free_scan_result(result_);
    }
    Tokens(Tokens const&) = delete;
    Tokens& operator=(Tokens const&) = delete;
    PgQuery__ScanResult const* get() const noexcept { return unpacked_; }

private:
    PgQueryScanResult result_;
    PgQuery__ScanResult* unpacked_ = nullptr;
};

bool is_comment(PgQuery__Token t) {
    return t == PG_QUERY__TOKEN__SQL_COMMENT || t == PG_QUERY__TOKEN__C_COMMENT;
}

// Splits text[begin, end) with the token scan, appending to `out`.
void split_tokens(std::string const& text, std::size_t from, std::size_t to, std::vector<Statement>& out,
                  LineCounter& lines) {
    auto add = [&](std::size_t begin, std::size_t end) {
        if (begin < end) out.push_back({text.substr(begin, end - begin), begin, lines.line_at(begin)});
    };
    std::string const region = text.substr(from, to - from); // the lexer wants a NUL-terminated string
    Tokens tokens(region.c_str());
    if (!tokens.get()) {
        // The lexer cannot read it (an unterminated string or comment): one statement, which
        // the server will refuse with its own message and position.
        std::size_t const begin = skip_blanks_and_comments(text.substr(0, to), from, true);
        std::size_t end = to;
        while (end > begin &&
               (std::isspace(static_cast<unsigned char>(text[end - 1])) || text[end - 1] == ';'))
            --end;
        add(begin, end);
        return;
    }
    std::size_t begin = std::string::npos, end = 0;
    int parens = 0, atomic = 0;
    PgQuery__Token previous = PG_QUERY__TOKEN__NUL;
    auto const* scan = tokens.get();
    for (std::size_t i = 0; i < scan->n_tokens; ++i) {
        PgQuery__ScanToken const* t = scan->tokens[i];
        if (is_comment(t->token)) continue;
        if (t->token == PG_QUERY__TOKEN__ASCII_59 && parens == 0 && atomic == 0) {
            if (begin != std::string::npos) add(begin, end);
            begin = std::string::npos;
            previous = PG_QUERY__TOKEN__NUL;
            continue;
        }
        if (begin == std::string::npos) begin = from + static_cast<std::size_t>(t->start);
        end = from + static_cast<std::size_t>(t->end);
        switch (t->token) {
        case PG_QUERY__TOKEN__ASCII_40:
            ++parens;
            break;
        case PG_QUERY__TOKEN__ASCII_41:
            parens = std::max(0, parens - 1);
            break;
        case PG_QUERY__TOKEN__ATOMIC:
            if (previous == PG_QUERY__TOKEN__BEGIN_P && parens == 0) ++atomic;
            break;
        case PG_QUERY__TOKEN__CASE:
            if (atomic > 0) ++atomic;
            break;
        case PG_QUERY__TOKEN__END_P:
            if (atomic > 0) --atomic;
            break;
        default:
            break;
        }
        previous = t->token;
    }
    if (begin != std::string::npos) add(begin, end);
}

// True when the fast path could differ from the token scan: the script mentions ATOMIC (a
// BEGIN ATOMIC body), or has a ')' before its '(' (the scanner's paren count then wraps).
// Quotes and comments are not told apart here: a false alarm only costs the slower path.
bool needs_token_scan(std::string const& text) {
    static constexpr std::string_view word = "atomic";
    auto const it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    if (it != text.end()) return true;
    long depth = 0;
    for (char c : text)
        if ((depth += c == '(' ? 1 : c == ')' ? -1 : 0) < 0) return true;
    return false;
}

// Frees a split result on every path.
class Split {
public:
    explicit Split(char const* text) : result_(pg_query_split_with_scanner(text)) {}
    ~Split() { pg_query_free_split_result(result_); }
    Split(Split const&) = delete;
    Split& operator=(Split const&) = delete;
    PgQuerySplitResult const& get() const noexcept { return result_; }

private:
    PgQuerySplitResult result_;
};

// The fast path; false when the lexer failed (the token scan then reports it as it can).
bool split_fast(std::string const& text, std::vector<Statement>& out, LineCounter& lines) {
    Split const split(text.c_str());
    if (split.get().error) return false;
    // Text the scanner's statements do not cover, e.g. a statement without a keyword.
    auto cover = [&](std::size_t from, std::size_t to) {
        if (skip_blanks_and_comments(std::string_view(text).substr(0, to), from, true) < to)
            split_tokens(text, from, to, out, lines);
    };
    std::size_t covered = 0;
    for (int i = 0; i < split.get().n_stmts; ++i) {
        auto const begin = static_cast<std::size_t>(split.get().stmts[i]->stmt_location);
        auto const end =
            std::min(text.size(), begin + static_cast<std::size_t>(split.get().stmts[i]->stmt_len));
        cover(covered, begin);
        covered = std::min(text.size(), end + 1); // past its ';'
        std::size_t const code = skip_blanks_and_comments(std::string_view(text).substr(0, end), begin, true);
        std::string_view const piece = std::string_view(text).substr(code, end - code);
        if (piece.find("--") != std::string_view::npos || piece.find("/*") != std::string_view::npos) {
            split_tokens(text, code, end, out, lines); // the token scan leaves trailing comments out
            continue;
        }
        std::size_t last = end;
        while (last > code && std::isspace(static_cast<unsigned char>(text[last - 1])))
            --last;
        if (code < last) out.push_back({text.substr(code, last - code), code, lines.line_at(code)});
    }
    cover(covered, text.size());
    return true;
}

} // namespace

std::vector<Statement> PostgresqlDialect::split(std::string_view script) const {
    std::string const text(script);
    std::vector<Statement> out;
    LineCounter lines(text);
    if (!needs_token_scan(text) && split_fast(text, out, lines)) return out;
    out.clear();
    LineCounter from_start(text);
    split_tokens(text, 0, text.size(), out, from_start);
    return out;
}

} // namespace migrator::postgresql
