// Splitting with PostgreSQL's own lexer (libpg_query's pg_query_scan, the server's scan.l):
// strings, E'' strings, dollar quotes, quoted names and nested comments are its tokens, not a
// guess. Statements end at a ';' token outside parentheses (CREATE RULE ... DO (a; b)), with a
// stray ')' clamped at depth 0 as psql does, and outside BEGIN ATOMIC ... END bodies.
//
// Not pg_query_split_with_parser: the parser rejects a whole script over one syntax error or
// syntax newer than PostgreSQL 15, and then the server, not the splitter, must report it, at the
// right statement. Not pg_query_split_with_scanner either: it knows no BEGIN ATOMIC, drops a
// statement without a keyword ("SELEC 2"), and lets a stray ')' wrap its paren count (the
// fuzzer found scripts it splits differently from psql).
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

#include "migrator/sql_text.hpp"
#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

struct Token {
    std::size_t start, end;
    int kind; // a PgQuery__Token
};

// pg_query_scan's tokens, read straight from its protobuf bytes. protobuf-c's unpack makes one
// allocation per token, which was 340 of 730 ms for a 100,000-statement script; the wire format
// of ScanResult { repeated ScanToken tokens = 2 } and ScanToken { int32 start = 1; int32 end = 2;
// Token token = 4 } is a few varints per token. nullopt when the bytes are not that.
class WireReader {
public:
    WireReader(std::uint8_t const* p, std::size_t n) : p_(p), end_(p + n) {}
    bool done() const noexcept { return p_ >= end_; }
    bool varint(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64 && p_ < end_; shift += 7) {
            std::uint8_t const b = *p_++;
            v |= std::uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
    // A length-delimited field's bytes.
    std::optional<WireReader> bytes() {
        std::uint64_t n = 0;
        if (!varint(n) || n > static_cast<std::uint64_t>(end_ - p_)) return std::nullopt;
        WireReader inner(p_, static_cast<std::size_t>(n));
        p_ += n;
        return inner;
    }
    bool skip(std::uint64_t wire_type) {
        std::uint64_t ignored = 0;
        switch (wire_type) {
        case 0:
            return varint(ignored);
        case 1:
            return advance(8);
        case 2:
            return bytes().has_value();
        case 5:
            return advance(4);
        default:
            return false;
        }
    }

private:
    bool advance(std::size_t n) {
        if (static_cast<std::size_t>(end_ - p_) < n) return false;
        p_ += n;
        return true;
    }
    std::uint8_t const* p_;
    std::uint8_t const* end_;
};

std::optional<Token> read_token(WireReader in) {
    Token t{0, 0, PG_QUERY__TOKEN__NUL};
    while (!in.done()) {
        std::uint64_t key = 0, value = 0;
        if (!in.varint(key)) return std::nullopt;
        std::uint64_t const field = key >> 3, type = key & 7;
        if (type == 0 && (field == 1 || field == 2 || field == 4)) {
            if (!in.varint(value)) return std::nullopt;
            if (field == 1) t.start = static_cast<std::size_t>(value);
            if (field == 2) t.end = static_cast<std::size_t>(value);
            if (field == 4) t.kind = static_cast<int>(value);
        } else if (!in.skip(type)) {
            return std::nullopt;
        }
    }
    return t;
}

// The tokens of `text`, or nullopt when the lexer cannot read it (an unterminated string).
std::optional<std::vector<Token>> scan(std::string const& text) {
    PgQueryScanResult const result = pg_query_scan(text.c_str());
    std::optional<std::vector<Token>> tokens;
    if (!result.error) {
        tokens.emplace();
        WireReader in(reinterpret_cast<std::uint8_t const*>(result.pbuf.data), result.pbuf.len);
        while (tokens && !in.done()) {
            std::uint64_t key = 0;
            if (!in.varint(key)) { // NOLINT(bugprone-branch-clone): each way out is a different malformation
                tokens.reset();
            } else if (key >> 3 == 2 && (key & 7) == 2) {
                auto const bytes = in.bytes();
                auto const token = bytes ? read_token(*bytes) : std::nullopt;
                if (token && token->start <= token->end && token->end <= text.size())
                    tokens->push_back(*token);
                else
                    tokens.reset();
            } else if (!in.skip(key & 7)) {
                tokens.reset();
            }
        }
    }
    pg_query_free_scan_result(result);
    return tokens;
}

bool is_comment(int t) {
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
    auto const tokens = scan(text);
    if (!tokens) {
        // The lexer cannot read it: one statement, which the server will refuse with its own
        // message and position.
        std::size_t const begin = skip_blanks_and_comments(text, 0, true);
        std::size_t end = text.size();
        while (end > begin &&
               (std::isspace(static_cast<unsigned char>(text[end - 1])) || text[end - 1] == ';'))
            --end;
        add(begin, end);
        return out;
    }
    std::size_t begin = std::string::npos, end = 0;
    int parens = 0, atomic = 0, previous = PG_QUERY__TOKEN__NUL;
    for (Token const& t : *tokens) {
        if (is_comment(t.kind)) continue;
        if (t.kind == PG_QUERY__TOKEN__ASCII_59 && parens == 0 && atomic == 0) {
            if (begin != std::string::npos) add(begin, end);
            begin = std::string::npos;
            previous = PG_QUERY__TOKEN__NUL;
            continue;
        }
        if (begin == std::string::npos) begin = t.start;
        end = t.end;
        switch (t.kind) {
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
        previous = t.kind;
    }
    if (begin != std::string::npos) add(begin, end);
    return out;
}

} // namespace migrator::postgresql
