// Hand-written: no packaged C++ library parses PostgreSQL DDL (squawk and Atlas are Rust/Go
// programs). The rules need only a statement's leading keywords and a few clauses, read from
// text with comments and string literals blanked out.
#include "migrator/linter.hpp"

#include <cctype>
#include <set>
#include <sstream>

#include "migrator/statement_splitter.hpp"

namespace migrator {

namespace {

// Upper-cased words of a statement; quoted identifiers keep their text (lower-cased) and
// string literals become ''.
std::vector<std::string> words(std::string const& sql) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < sql.size()) {
        char const c = sql[i];
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            i = sql.find('\n', i);
            if (i == std::string::npos) break;
        } else if (c == '\'') {
            std::size_t j = i + 1;
            while (j < sql.size() && !(sql[j] == '\'' && (j + 1 >= sql.size() || sql[j + 1] != '\'')))
                j += sql[j] == '\'' ? 2 : 1;
            out.push_back("''");
            i = j + 1;
        } else if (c == '"') {
            std::size_t j = sql.find('"', i + 1);
            if (j == std::string::npos) j = sql.size();
            std::string id = sql.substr(i + 1, j - i - 1);
            for (auto& ch : id)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            out.push_back(id);
            i = j + 1;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
            std::size_t j = i;
            while (j < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '.'))
                ++j;
            std::string w = sql.substr(i, j - i);
            for (auto& ch : w)
                ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            out.push_back(w);
            i = j;
        } else {
            if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(std::string(1, c));
            ++i;
        }
    }
    return out;
}

std::string table_key(std::string w) {
    for (auto& ch : w)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto dot = w.rfind('.');
    return dot == std::string::npos ? w : w.substr(dot + 1);
}

bool contains(std::vector<std::string> const& w, std::string const& word) {
    for (auto const& x : w)
        if (x == word) return true;
    return false;
}

// Index of the word after the optional words in `skip`, starting at `i`.
std::size_t skip_words(std::vector<std::string> const& w, std::size_t i, std::set<std::string> const& skip) {
    while (i < w.size() && skip.count(w[i]))
        ++i;
    return i;
}

// The table a statement works on, after "ALTER TABLE", "DROP TABLE", "CREATE TABLE", "... ON".
std::string table_after(std::vector<std::string> const& w, std::size_t i) {
    i = skip_words(w, i, {"IF", "NOT", "EXISTS", "ONLY"});
    return i < w.size() ? table_key(w[i]) : "";
}

} // namespace

std::vector<LintFinding> lint_postgresql(MigrationSet const& set) {
    std::vector<LintFinding> out;
    std::set<std::string> earlier; // tables created by earlier migrations
    for (auto const& m : set.migrations()) {
        if (!m.for_this_dialect) continue;
        std::string const& text = m.up.text;
        auto const statements = split_statements(text, SqlFlavor::postgresql);
        std::set<std::string> created_here;
        bool lock_timeout_set = false;
        std::size_t region_start = 0;
        for (std::size_t n = 0; n < statements.size(); ++n) {
            auto const& st = statements[n];
            // The statement with the comments before it and on its last line.
            std::size_t region_end = text.find('\n', st.offset + st.text.size());
            std::string const region =
                text.substr(region_start,
                            region_end == std::string::npos ? std::string::npos : region_end - region_start);
            region_start = st.offset + st.text.size();
            auto report = [&](std::string const& rule, std::string const& message) {
                if (region.find("migrator:allow " + rule) != std::string::npos) return;
                out.push_back({rule, &m, m.up.path.string(), st.line, message});
            };
            auto const w = words(st.text);
            if (w.empty()) continue;
            auto existing = [&](std::string const& t) { return !t.empty() && !created_here.count(t); };
            auto earlier_table = [&](std::string const& t) {
                return earlier.count(t) > 0 && !created_here.count(t);
            };

            if (n == 1 && !m.transactional)
                report("non-tx-multi-statement", "a non-transactional migration with more than one statement "
                                                 "can stop half-way; keep one statement per such migration");
            if (w[0] == "SET" && contains(w, "LOCK_TIMEOUT")) lock_timeout_set = true;

            if (w.size() > 2 && w[0] == "CREATE" &&
                (w[1] == "TABLE" ||
                 (w[2] == "TABLE" && (w[1] == "UNLOGGED" || w[1] == "TEMP" || w[1] == "TEMPORARY")))) {
                created_here.insert(table_after(w, w[1] == "TABLE" ? 2 : 3));
            } else if (w.size() > 2 && w[0] == "CREATE" &&
                       (w[1] == "INDEX" || (w[1] == "UNIQUE" && w[2] == "INDEX"))) {
                std::size_t on = 0;
                while (on < w.size() && w[on] != "ON")
                    ++on;
                std::string const table = on < w.size() ? table_after(w, on + 1) : "";
                if (!contains(w, "CONCURRENTLY") && earlier_table(table))
                    report("index-not-concurrent",
                           "CREATE INDEX on existing table " + table +
                               " blocks writes while it builds; use CREATE INDEX CONCURRENTLY "
                               "in a migration with transaction: false");
            } else if (w.size() > 2 && w[0] == "DROP" && w[1] == "TABLE") {
                std::string const table = table_after(w, 2);
                if (existing(table))
                    report("destructive-in-up",
                           "DROP TABLE " + table +
                               " in an up script destroys data that a down cannot bring back");
                if (earlier_table(table) && !lock_timeout_set)
                    report("missing-lock-timeout", "DROP TABLE " + table +
                                                       " waits for an ACCESS EXCLUSIVE lock with no "
                                                       "lock_timeout; SET lock_timeout first");
            } else if (w.size() > 2 && w[0] == "ALTER" && w[1] == "TABLE") {
                std::string const table = table_after(w, 2);
                if (!existing(table)) continue;
                bool const renames = contains(w, "RENAME");
                for (std::size_t i = 3; i < w.size(); ++i) {
                    if (w[i] == "ADD" && (i + 1 < w.size())) {
                        std::size_t j = skip_words(w, i + 1, {"COLUMN", "IF", "NOT", "EXISTS"});
                        bool const constraint =
                            j < w.size() && (w[j] == "CONSTRAINT" || w[j] == "FOREIGN" || w[j] == "CHECK");
                        // The clause runs to the next top-level comma.
                        std::size_t end = i + 1;
                        int depth = 0;
                        for (; end < w.size(); ++end) {
                            if (w[end] == "(") ++depth;
                            if (w[end] == ")") --depth;
                            if (w[end] == "," && depth == 0) break;
                        }
                        std::vector<std::string> const clause(w.begin() + static_cast<long>(i),
                                                              w.begin() + static_cast<long>(end));
                        if (constraint && (contains(clause, "FOREIGN") || contains(clause, "CHECK")) &&
                            !contains(clause, "VALID"))
                            report("constraint-without-not-valid",
                                   "adding a constraint to existing table " + table +
                                       " scans it under lock; add it NOT VALID, then VALIDATE CONSTRAINT in "
                                       "a later migration");
                        if (!constraint && contains(clause, "NOT") && contains(clause, "NULL") &&
                            !contains(clause, "DEFAULT"))
                            report("not-null-without-default",
                                   "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table with rows (" +
                                       table + ")");
                    }
                    bool const type_change =
                        w[i] == "TYPE" &&
                        ((i >= 2 && (w[i - 2] == "ALTER" || w[i - 2] == "COLUMN")) || w[i - 1] == "DATA");
                    if (type_change) {
                        report("alter-column-type", "ALTER COLUMN ... TYPE on " + table +
                                                        " rewrites the table under an ACCESS EXCLUSIVE lock");
                    }
                    if (w[i] == "SET" && i + 2 < w.size() && w[i + 1] == "NOT" && w[i + 2] == "NULL")
                        report("set-not-null", "SET NOT NULL on an existing column of " + table +
                                                   " scans the table under lock; add a CHECK (col IS NOT "
                                                   "NULL) NOT VALID and VALIDATE it first");
                    if (w[i] == "DROP" && i + 1 < w.size() && w[i + 1] == "COLUMN")
                        report("destructive-in-up",
                               "DROP COLUMN on " + table +
                                   " in an up script destroys data that a down cannot bring back");
                }
                if (renames)
                    report("destructive-in-up",
                           "RENAME on " + table + " breaks code that still uses the old name");
                if (earlier_table(table) && !lock_timeout_set)
                    report("missing-lock-timeout",
                           "ALTER TABLE " + table +
                               " waits for a strong lock with no lock_timeout; SET lock_timeout first");
            }
        }
        earlier.insert(created_here.begin(), created_here.end());
    }
    return out;
}

} // namespace migrator
