#include "sqlite_dialect.hpp"

#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"
#include "sqlite.hpp"
#include "sqlite_connection.hpp"

namespace fs = std::filesystem;

namespace migrator::sqlite {

namespace {

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80);
}

bool is_end(std::string_view word) {
    return word.size() == 3 && std::toupper(static_cast<unsigned char>(word[0])) == 'E' &&
           std::toupper(static_cast<unsigned char>(word[1])) == 'N' &&
           std::toupper(static_cast<unsigned char>(word[2])) == 'D';
}

std::string redacted_form(std::string const& path, std::string const& mode) {
    std::string out =
        path == ":memory:" ? "sqlite://:memory:" : "sqlite:///" + path; // "/abs" brings the 4th slash
    if (!mode.empty()) out += "?mode=" + mode;
    return out;
}

} // namespace

std::unique_ptr<Dialect> make_dialect() {
    return std::make_unique<SqliteDialect>();
}

DatabaseUrl SqliteDialect::parse_url(std::string_view url, fs::path const& base_dir) const {
    constexpr std::string_view usage =
        "bad SQLite URL: use sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite://:memory:";
    std::string_view rest = url.substr(url.find(':') + 1);
    std::string_view query;
    if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string mode;
    while (!query.empty()) {
        std::size_t const amp = query.find('&');
        std::string_view const pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        std::size_t const eq = pair.find('=');
        std::string const key(pair.substr(0, eq));
        std::string const value = eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
        // Neither is echoed: a URL that does not parse is never shown beyond its scheme.
        if (key != "mode") throw UsageError("bad SQLite URL: an unknown parameter (the only one is mode)");
        if (value != "ro" && value != "rw" && value != "rwc")
            throw UsageError("bad SQLite URL: mode must be ro, rw or rwc");
        mode = value;
    }
    std::string path;
    if (rest == "//:memory:" || rest == ":memory:") {
        path = ":memory:";
    } else {
        if (rest.substr(0, 3) != "///") throw UsageError(std::string(usage));
        rest.remove_prefix(3); // "relative" or "/absolute"
        if (rest.empty() || rest == "/") throw UsageError("SQLite URL names no file");
        fs::path p(percent_decode(rest, "SQLite URL"));
        if (p.is_relative() && !base_dir.empty()) p = base_dir / p;
        path = p.lexically_normal().string();
    }
    return DatabaseUrl("sqlite", redacted_form(path, mode), {{"path", path}, {"mode", mode}});
}

bool SqliteDialect::database_exists(DatabaseUrl const& url) const {
    return url.field("path") == ":memory:" || fs::exists(url.field("path"));
}

std::unique_ptr<Connection> SqliteDialect::connect(DatabaseUrl const& url, Timeout lock_timeout) const {
    std::string const path = url.field("path");
    std::string const mode = url.field("mode");
    int const flags = mode == "ro"   ? SQLITE_OPEN_READONLY
                      : mode == "rw" ? SQLITE_OPEN_READWRITE
                                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    // The path goes to SQLite exactly as it is: no URI parsing, no connect-string quoting.
    sqlite3* db = nullptr;
    int const rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string const message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw DatabaseError("cannot open SQLite database " + path + ": " + message);
    }
    return std::make_unique<SqliteConnection>(*this, db, true, url.redacted(), lock_timeout);
}

std::unique_ptr<Connection> SqliteDialect::adopt(void* handle, Timeout lock_timeout) const {
    auto* db = static_cast<sqlite3*>(handle);
    char const* file = sqlite3_db_filename(db, "main");
    std::string const path = file && *file ? file : ":memory:";
    return std::make_unique<SqliteConnection>(*this, db, false, redacted_form(path, {}), lock_timeout);
}

std::vector<Statement> SqliteDialect::split(std::string_view s) const {
    std::vector<Statement> out;
    LineCounter lines(s);
    auto add = [&](std::size_t begin, std::size_t end) {
        std::size_t const code = skip_blanks_and_comments(s.substr(0, end), begin, false);
        while (end > code && std::isspace(static_cast<unsigned char>(s[end - 1])))
            --end;
        if (code < end) out.push_back({std::string(s.substr(code, end - code)), code, lines.line_at(code)});
    };
    // sqlite3_complete() decides where a statement ends, as in the sqlite3 shell. It is asked
    // only at a ';' outside quotes and comments (SQLite's quoting, skipped here in one pass),
    // and, once it has said a statement goes on (a trigger body), only at ";END;", the one
    // place a trigger can end. So it reads each statement about once, and a script full of
    // ';' inside strings or trigger bodies splits in linear time.
    enum class Seen { other, semicolon, end_after_semicolon } seen = Seen::other;
    std::size_t start = 0;
    bool in_body = false;
    std::string chunk;
    for (std::size_t i = 0; i < s.size();) {
        char const c = s[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            std::size_t const close = s.find(c == '[' ? ']' : c, i + 1); // '' is two strings in a row
            i = close == std::string_view::npos ? s.size() : close + 1;
            seen = Seen::other;
        } else if (s.compare(i, 2, "--") == 0 || s.compare(i, 2, "/*") == 0) {
            i = skip_blanks_and_comments(s, i, false);
        } else if (is_word_char(c)) {
            std::size_t j = i;
            while (j < s.size() && is_word_char(s[j]))
                ++j;
            seen = seen == Seen::semicolon && is_end(s.substr(i, j - i)) ? Seen::end_after_semicolon
                                                                         : Seen::other;
            i = j;
        } else if (c == ';') {
            if (!in_body || seen == Seen::end_after_semicolon) {
                chunk.assign(s.data() + start, i - start + 1);
                in_body = !sqlite3_complete(chunk.c_str());
                if (!in_body) {
                    add(start, i);
                    start = i + 1;
                }
            }
            seen = Seen::semicolon;
            ++i;
        } else {
            if (!std::isspace(static_cast<unsigned char>(c))) seen = Seen::other;
            ++i;
        }
    }
    add(start, s.size());
    return out;
}

std::string SqliteDialect::foreign_syntax(std::string_view s) const {
    // $$ or $tag$ outside quotes and comments: a PostgreSQL body ($name alone is a SQLite parameter).
    for (std::size_t i = 0; i < s.size();) {
        char const c = s[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            std::size_t const close = s.find(c == '[' ? ']' : c, i + 1);
            i = close == std::string_view::npos ? s.size() : close + 1;
        } else if (s.compare(i, 2, "--") == 0 || s.compare(i, 2, "/*") == 0) {
            i = skip_blanks_and_comments(s, i, false);
        } else if (c == '$') {
            std::size_t j = i + 1;
            while (j < s.size() && is_word_char(s[j]))
                ++j;
            if (j < s.size() && s[j] == '$')
                return "PostgreSQL's dollar quoting (" + std::string(s.substr(i, j - i + 1)) + ")";
            i = j;
        } else {
            ++i;
        }
    }
    return {};
}

std::vector<std::string> SqliteDialect::version_table_ddl(QualifiedName const& table) const {
    return {"CREATE TABLE IF NOT EXISTS " + quote_name(table) +
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT "
            "NULL, "
            "applied_by TEXT NOT NULL, execution_ms INTEGER NOT NULL DEFAULT 0, "
            "dirty BOOLEAN NOT NULL DEFAULT FALSE, statements_done INTEGER NOT NULL DEFAULT 0, "
            "direction TEXT NOT NULL DEFAULT 'up')"};
}

std::string SqliteDialect::now_expression() const {
    return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}

std::string SqliteDialect::applied_by_expression() const {
    // Worked out once per process: every version row of a 1,000-migration run writes it, and
    // the account lookup reads /etc/passwd.
    static std::string const expression = literal(operating_system_account());
    return expression;
}

std::string SqliteDialect::operating_system_account() {
    // SQLite has no users: record the operating-system user and host instead.
    // $USER, else the account itself (a container or a cron job often has no $USER).
    std::string user = std::getenv("USER") ? std::getenv("USER") : "";
    if (user.empty()) {
        struct passwd entry {};
        struct passwd* found = nullptr;
        char buffer[1024];
        if (getpwuid_r(geteuid(), &entry, buffer, sizeof buffer, &found) == 0 && found && found->pw_name)
            user = found->pw_name;
        else
            user = "uid " + std::to_string(geteuid());
    }
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return user + "@" + host;
}

DatabaseUrl SqliteDialect::create_scratch(DatabaseUrl const&, fs::path const& scratch_dir) const {
    fs::path const path = scratch_dir / "check.db";
    fs::remove(path);
    return parse_url("sqlite:///" + path.string(), {});
}

void SqliteDialect::drop_scratch(DatabaseUrl const&, DatabaseUrl const& scratch) const {
    std::error_code ec;
    fs::remove(scratch.field("path"), ec);
}

} // namespace migrator::sqlite
