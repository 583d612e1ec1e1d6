#include "source/script_builder.hpp"

#include <algorithm>

#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"
#include "model/checksum.hpp"
#include "model/statement_kind.hpp"

namespace migrator {

namespace {

// A NUL byte would cut the script short in every C API that takes it: refuse it, saying where.
void refuse_nul(std::string const& text, std::string const& file, int first_line) {
    std::size_t const nul = text.find('\0');
    if (nul == std::string::npos) return;
    std::size_t const line_start = text.rfind('\n', nul);
    std::size_t const column = nul - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
    throw MigrationSetError(file + ":" + std::to_string(LineCounter(text).line_at(nul) + first_line - 1) +
                            ":" + std::to_string(column) + ": the script holds a NUL byte");
}

// The dialect's statements of text[begin, end), with offsets and lines of the whole text.
void split_range(std::string const& text, std::size_t begin, std::size_t end, int line,
                 Dialect const& dialect, std::vector<Statement>& out) {
    for (auto st : dialect.split(std::string_view(text).substr(begin, end - begin))) {
        st.offset += begin;
        st.line += line - 1;
        out.push_back(std::move(st));
    }
}

std::vector<Statement> split(ScriptSource const& source, Dialect const& dialect) {
    std::string const& text = source.text;
    if (source.single_statements.empty()) return dialect.split(text);
    std::vector<Statement> out;
    LineCounter lines(text);
    std::size_t pos = 0;
    for (auto const& [begin, end] : source.single_statements) {
        split_range(text, pos, begin, lines.line_at(pos), dialect, out);
        std::vector<Statement> block;
        split_range(text, begin, end, lines.line_at(begin), dialect, block);
        if (!block.empty()) {
            // One statement from the block's first code character to its last: the database
            // gets it whole, as goose sends it.
            Statement whole = block.front();
            whole.text =
                text.substr(whole.offset, block.back().offset + block.back().text.size() - whole.offset);
            out.push_back(std::move(whole));
        }
        pos = end;
    }
    split_range(text, pos, text.size(), lines.line_at(pos), dialect, out);
    return out;
}

} // namespace

Script build_script(ScriptSource source, Dialect const& dialect, Direction direction, bool split_it) {
    // CRLF and a BOM are normalised away; a section keeps its offsets only when nothing moves.
    std::string normalized = normalize_script_text(source.text);
    if (normalized.size() != source.text.size()) source.single_statements.clear();
    source.text = std::move(normalized);
    refuse_nul(source.text, source.file, source.first_line);
    Script script{source.file, source.text, {}, {}};
    script.first_line = source.first_line;
    if (direction == Direction::up) script.checksum = sha256_hex(script.text); // of the final text
    if (!split_it) return script;
    script.statements = split(source, dialect);
    if (source.first_line != 1)
        for (auto& st : script.statements)
            st.line += source.first_line - 1;
    auto& sts = script.statements;
    if (source.unwrap_own_transaction && sts.size() >= 2 && is_transaction_control(sts.front().text) &&
        (first_keyword(sts.front().text) == "BEGIN" || first_keyword(sts.front().text) == "START") &&
        (first_keyword(sts.back().text) == "COMMIT" || first_keyword(sts.back().text) == "END")) {
        sts.pop_back();
        sts.erase(sts.begin());
    }
    for (auto const& st : script.statements) {
        if (!is_transaction_control(st.text)) continue;
        if (source.own_transaction_runs_as_written) {
            script.own_transaction = true;
            break;
        }
        throw MigrationSetError(source.file + ":" + std::to_string(st.line) + ": reading it for " +
                                std::string(dialect.name()) + ": the script holds its own " +
                                first_keyword(st.text) +
                                "; remove it (the runner owns transactions), or mark the migration "
                                "transaction: false to run the script as written");
    }
    return script;
}

void run_own_transaction_as_written(Migration& m) {
    if (m.up.own_transaction || m.down.own_transaction) m.transactional = false;
}

void settle_foreign_migration(Migration& m, bool has_down, std::vector<SetWarning>& warnings) {
    if (!m.for_this_dialect) return;
    // What `new` wrote is not a no-op but a migration nobody finished: up refuses it.
    if (m.up.statements.empty() && !scaffold_line(m.up.text)) {
        m.noop_up = true;
        warnings.push_back({"noop-up", m.version,
                            m.up.path.string() + ": the up holds no statement: " + m.folder +
                                " is recorded as applied without running anything"});
    }
    if (!has_down) {
        settle_missing_down(m, warnings);
    } else if (m.down.statements.empty() &&
               std::any_of(m.up.statements.begin(), m.up.statements.end(),
                           [](Statement const& st) { return changes_schema(st.text); })) {
        m.irreversible = true;
        m.irreversible_why = "its down is empty";
        warnings.push_back({"empty-down", m.version,
                            m.down.path.string() + ": the down is empty while the up changes the schema: " +
                                m.folder + " is irreversible (down stops before it)"});
    }
    run_own_transaction_as_written(m);
}

void settle_missing_down(Migration& m, std::vector<SetWarning>& warnings) {
    m.down = {};
    m.down.path = m.up.path;
    if (m.noop_up) return; // nothing to undo: the down is a no-op as well
    m.irreversible = true;
    m.irreversible_why = "has no down";
    warnings.push_back(
        {"no-down", m.version,
         m.up.path.string() + ": " + m.folder + " has no down: it is irreversible (down stops before it)"});
}

bool scaffolded_text(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos || scaffold_line(text);
}

bool scaffold_line(std::string_view text) {
    std::size_t b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return false;
    std::size_t e = text.find_last_not_of(" \t\r\n");
    std::string_view const line = text.substr(b, e - b + 1);
    return line.starts_with("-- ") && line.find('\n') == std::string_view::npos &&
           line.ends_with(": the change. Write the SQL here.");
}

Script split_up_script(Migration const& m, Dialect const& dialect) {
    Script const& up = m.up;
    if (!up.statements.empty() || up.text.empty()) return up;
    // Already normalised (CRLF and BOM gone, NUL refused): build_script changes no byte, so the
    // checksum is the one already computed (asked as a down's, it computes none).
    ScriptSource source{up.path.string(), up.text, up.first_line, {}};
    source.own_transaction_runs_as_written = !m.transactional;
    Script split = build_script(std::move(source), dialect, Direction::down);
    split.checksum = up.checksum;
    return split;
}

void check_migration_name(std::string const& name, std::string const& shown) {
    if (std::string const problem = migration_name_problem(name); !problem.empty())
        throw MigrationSetError(shown + ": " + problem);
}

Version parse_version(std::string const& digits, std::string const& shown) {
    try {
        return Version{std::stoll(digits)};
    } catch (std::exception const&) {
        throw MigrationSetError(shown + ": version " + digits +
                                " is too large (versions are 64-bit integers: at most 9223372036854775807, "
                                "19 digits)");
    }
}

void infer_transaction(Migration& m, Dialect const& dialect) {
    for (Script const* s : {&m.up, &m.down})
        for (auto const& st : s->statements)
            if (dialect.refused_in_transaction(st.text)) {
                m.transactional = false;
                return;
            }
}

bool blank_sql(std::string_view text) {
    return skip_blanks_and_comments(text, 0, false) >= text.size();
}

} // namespace migrator
