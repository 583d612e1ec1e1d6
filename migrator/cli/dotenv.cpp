#include "dotenv.hpp"

#include <sstream>

#include "migrator/migrator.hpp"
#include "small_file.hpp"

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

std::string Dotenv::where(std::string const& key) const {
    auto const it = vars.find(key);
    return path + ":" + std::to_string(it == vars.end() ? 0 : it->second.line);
}

Dotenv read_dotenv(std::filesystem::path const& file) {
    Dotenv env{file.string(), {}};
    std::error_code ec;
    // A directory is someone else's .env (Python's virtualenvs are often named so): not ours.
    if (std::filesystem::is_directory(file, ec)) return env;
    auto const text = read_small_file(file);
    if (!text) return env;
    std::istringstream in(*text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        // Never the line itself in a message: a bare URL with a password is a common mistake.
        std::string const where = env.path + ":" + std::to_string(number);
        std::string text_of_line = trim(line);
        if (text_of_line.empty() || text_of_line[0] == '#') continue;
        if (text_of_line.rfind("export ", 0) == 0) text_of_line = trim(text_of_line.substr(7));
        std::size_t const eq = text_of_line.find('=');
        if (eq == std::string::npos) throw UsageError(where + ": expected KEY=VALUE");
        std::string const key = trim(text_of_line.substr(0, eq));
        if (!valid_key(key))
            throw UsageError(where +
                             ": expected KEY=VALUE, where KEY is a variable name ([A-Za-z_][A-Za-z0-9_]*)");
        env.vars[key] = {value_of(text_of_line.substr(eq + 1), where), number};
    }
    return env;
}

} // namespace migrator::cli
