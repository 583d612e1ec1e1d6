#include "dotenv.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "migrator/migrator.hpp"

namespace migrator::cli {

namespace {
std::string trim(std::string const& s) {
    std::size_t const b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool valid_key(std::string const& key) {
    if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
    for (char c : key)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

// The value after '=': quoted, or bare up to a " #" comment.
std::string value_of(std::string const& raw, std::string const& where) {
    std::string const v = trim(raw);
    if (v.empty() || (v[0] != '"' && v[0] != '\'')) {
        std::size_t const comment = v.find(" #");
        return trim(comment == std::string::npos ? v : v.substr(0, comment));
    }
    char const quote = v[0];
    std::string out;
    for (std::size_t i = 1; i < v.size(); ++i) {
        char const c = v[i];
        if (c == quote) {
            std::string const rest = trim(v.substr(i + 1));
            if (!rest.empty() && rest[0] != '#') throw UsageError(where + ": text after the closing quote");
            return out;
        }
        if (quote == '"' && c == '\\' && i + 1 < v.size()) {
            char const n = v[++i];
            out += n == 'n' ? '\n' : n;
            continue;
        }
        out += c;
    }
    throw UsageError(where + ": unterminated quote");
}
} // namespace

std::map<std::string, std::string> read_dotenv(std::filesystem::path const& file) {
    std::map<std::string, std::string> vars;
    std::error_code ec;
    // A directory is someone else's .env (Python's virtualenvs are often named so): not ours.
    if (!std::filesystem::exists(file, ec) || std::filesystem::is_directory(file, ec)) return vars;
    std::ifstream in(file);
    if (!in) throw UsageError(file.string() + ": cannot read it (" + std::strerror(errno) + ")");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::string const where = file.string() + ":" + std::to_string(number);
        std::string text = trim(line);
        if (text.empty() || text[0] == '#') continue;
        if (text.rfind("export ", 0) == 0) text = trim(text.substr(7));
        std::size_t const eq = text.find('=');
        if (eq == std::string::npos) throw UsageError(where + ": expected KEY=VALUE");
        std::string const key = trim(text.substr(0, eq));
        if (!valid_key(key)) throw UsageError(where + ": '" + printable(key) + "' is not a variable name");
        vars[key] = value_of(text.substr(eq + 1), where);
    }
    return vars;
}

} // namespace migrator::cli
