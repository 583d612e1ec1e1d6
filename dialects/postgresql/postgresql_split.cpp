// Splitting with PostgreSQL's own lexer (libpg_query's pg_query_scan, the server's scan.l):
// strings, E'' strings, dollar quotes, quoted names and nested comments are its tokens, not a
// guess. Statements end at a ';' token outside parentheses (CREATE RULE ... DO (a; b)) and
// outside BEGIN ATOMIC ... END bodies. Tokens, not pg_query_split_with_parser: the parser
// rejects a whole script over one syntax error or syntax newer than PostgreSQL 15, and then
// the server, not the splitter, must report it, at the right statement.
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

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

} // namespace

std::vector<Statement> PostgresqlDialect::split(std::string_view script) const {
    std::string const text(script); // the lexer wants a NUL-terminated string
    std::vector<Statement> out;
    LineCounter lines(text);
    auto add = [&](std::size_t begin, std::size_t end) {
        if (begin < end) out.push_back({text.substr(begin, end - begin), begin, lines.line_at(begin)});
    };
    Tokens tokens(text.c_str());
    if (!tokens.get()) {
        // The lexer cannot read it (an unterminated string or comment): one statement, which
        // the server will refuse with its own message and position.
        std::size_t const begin = skip_blanks_and_comments(text, 0, true);
        std::size_t end = text.size();
        while (end > begin &&
               (std::isspace(static_cast<unsigned char>(text[end - 1])) || text[end - 1] == ';'))
            --end;
        add(begin, end);
        return out;
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
        if (begin == std::string::npos) begin = static_cast<std::size_t>(t->start);
        end = static_cast<std::size_t>(t->end);
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
    return out;
}

} // namespace migrator::postgresql
