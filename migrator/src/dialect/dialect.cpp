#include "migrator/dialect.hpp"

#include <algorithm>
#include <cctype>

#include "migrator/errors.hpp"

namespace migrator {

namespace {
std::string quote_doubling(std::string_view text, char quote) {
    std::string out(1, quote);
    for (char c : text) {
        if (c == quote) out += quote;
        out += c;
    }
    out += quote;
    return out;
}

template <class Emit> std::string assemble(SqlCommand const& command, Emit emit) {
    auto const& parts = command.fragments();
    std::string out = parts[0];
    for (std::size_t i = 0; i < command.params().size(); ++i)
        out += emit(i) + parts[i + 1];
    return out;
}
} // namespace

Dialect::~Dialect() = default;

std::unique_ptr<Connection> Dialect::adopt(void*, Timeout) const {
    throw UsageError("the " + std::string(name()) + " dialect cannot adopt an existing connection");
}

std::string Dialect::quote_identifier(std::string_view identifier) const {
    return quote_doubling(identifier, '"');
}

std::string Dialect::quote_name(QualifiedName const& name) const {
    return name.schema.empty() ? quote_identifier(name.table)
                               : quote_identifier(name.schema) + "." + quote_identifier(name.table);
}

std::string Dialect::literal(SqlValue const& value) const {
    if (std::holds_alternative<std::nullptr_t>(value)) return "NULL";
    if (auto const* b = std::get_if<bool>(&value)) return *b ? "TRUE" : "FALSE";
    if (auto const* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    return quote_doubling(std::get<std::string>(value), '\'');
}

std::string Dialect::search_path_sql(std::string_view, bool) const {
    return reset_search_path_sql();
}

std::string Dialect::reset_search_path_sql() const {
    throw UsageError(std::string(name()) +
                     " has no schemas: a schema per tenant needs a database that has them");
}

std::string Dialect::placeholder(int) const {
    return "?";
}

std::string Dialect::parameterized(SqlCommand const& command) const {
    return assemble(command, [&](std::size_t i) { return placeholder(static_cast<int>(i) + 1); });
}

std::string Dialect::rendered(SqlCommand const& command) const {
    return assemble(command, [&](std::size_t i) { return literal(command.params()[i]); });
}

std::string Dialect::applied_at_as_text(std::string_view column) const {
    return "CAST(" + std::string(column) + " AS VARCHAR(40))";
}

std::vector<LintFinding> Dialect::lint(MigrationSet const&) const {
    return {};
}

std::string Dialect::type_family(std::string_view raw) const {
    std::string t(raw);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto has = [&](char const* s) { return t.find(s) != std::string::npos; };
    // The standard type names and their common spellings; dialects add their own words.
    if (has("int") || has("serial")) return "integer";
    if (has("char") || has("text") || has("clob")) return "text";
    if (has("timestamp") || has("date") || has("time")) return "timestamp";
    if (has("bool")) return "boolean";
    if (has("real") || has("floa") || has("doub") || has("numeric") || has("decimal")) return "numeric";
    if (has("blob") || has("binary")) return "binary";
    return t;
}

Connection::~Connection() = default;

void Connection::begin() {
    execute(dialect_.begin_sql());
}

void Connection::commit() {
    execute(dialect_.commit_sql());
}

void Connection::rollback() {
    execute(dialect_.rollback_sql());
}

Rows Connection::query_read_only(std::string const& sql) {
    execute(dialect_.begin_sql());
    Rows rows;
    try {
        rows = query(sql);
    } catch (...) {
        try {
            execute(dialect_.rollback_sql());
        } catch (...) { // the query's own error is the one to report
        }
        throw;
    }
    execute(dialect_.rollback_sql());
    return rows;
}

Rows Connection::query_bounded(std::string const& sql, QualifiedName const&, Timeout) {
    return query(sql);
}

std::vector<std::string> Connection::table_columns(QualifiedName const& table) {
    std::string sql = "SELECT column_name FROM information_schema.columns WHERE table_name = " +
                      dialect_.literal(table.table);
    if (!table.schema.empty()) sql += " AND table_schema = " + dialect_.literal(table.schema);
    std::vector<std::string> out;
    for (auto const& row : query(sql + " ORDER BY ordinal_position"))
        out.push_back(row.at(0));
    return out;
}

} // namespace migrator
