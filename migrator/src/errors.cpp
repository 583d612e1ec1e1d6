#include "migrator/errors.hpp"

namespace migrator {

namespace {
std::string script_message(std::string const& path, int line, int statement, std::string const& db_message,
                           std::string const& sqlstate) {
    std::string text = path + ":" + std::to_string(line) + ": statement " + std::to_string(statement) + ": ";
    // Database messages can span lines (PostgreSQL's DETAIL/HINT); the contract is one line.
    for (char c : db_message)
        text += (c == '\n' || c == '\r') ? ' ' : c;
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    if (!sqlstate.empty()) text += " [" + sqlstate + "]";
    return text;
}
} // namespace

ScriptError::ScriptError(std::string path, int line, int statement, std::string db_message,
                         std::string sqlstate)
    : Error(ExitCode::failed, script_message(path, line, statement, db_message, sqlstate)),
      path_(std::move(path)), line_(line), statement_(statement), db_message_(std::move(db_message)),
      sqlstate_(std::move(sqlstate)) {}

} // namespace migrator
