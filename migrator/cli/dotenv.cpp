#include "dotenv.hpp"

#include "migrator/migrator.hpp"
#include "small_file.hpp"

namespace migrator::cli {

namespace {

bool key_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// A reading position over the whole file: values may span lines.
class Parser {
public:
    Parser(std::string const& text, Dotenv& env,
           std::function<std::optional<std::string>(std::string const&)> const& lookup)
        : text_(text), env_(env), lookup_(lookup) {}

    void run() {
        while (pos_ < text_.size()) {
            int const line = line_;
            std::string key;
            std::string const reason = entry(key);
            if (!reason.empty()) {
                env_.bad.push_back({line, key, reason});
                skip_to_next_line();
            }
        }
    }

private:
    // One KEY=VALUE entry (or a blank or comment line); "" when it was read, else why not.
    std::string entry(std::string& key) {
        skip_blanks();
        if (at_line_end()) return skip_to_next_line(), "";
        if (text_[pos_] == '#') return skip_to_next_line(), "";
        if (text_.compare(pos_, 7, "export ") == 0) {
            pos_ += 7;
            skip_blanks();
        }
        std::size_t const start = pos_;
        while (pos_ < text_.size() && key_char(text_[pos_]))
            ++pos_;
        key = text_.substr(start, pos_ - start);
        skip_blanks();
        // KEY: VALUE takes a blank after the colon, so that a bare URL ("postgresql://...") is no key.
        bool const colon = pos_ + 1 < text_.size() && text_[pos_] == ':' && blank(text_[pos_ + 1]);
        if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0])) || pos_ >= text_.size() ||
            (text_[pos_] != '=' && !colon)) {
            key.clear();
            return "expected KEY=VALUE (or KEY: VALUE), where KEY is a variable name";
        }
        ++pos_;
        skip_blanks();
        std::string value;
        std::string reason = this->value(value);
        if (!reason.empty()) return reason;
        env_.vars[key] = {value, entry_line_};
        return "";
    }

    std::string value(std::string& out) {
        entry_line_ = line_;
        if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
            char const quote = text_[pos_++];
            for (;;) {
                if (pos_ >= text_.size())
                    return "unterminated quote (it opens on line " + std::to_string(entry_line_) + ")";
                char const c = text_[pos_++];
                if (c == '\n') ++line_;
                if (c == quote) break;
                if (quote == '"' && c == '\\' && pos_ < text_.size()) {
                    char const n = text_[pos_++];
                    out += n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : n;
                    continue;
                }
                if (quote == '"' && c == '$') {
                    expand(out);
                    continue;
                }
                out += c;
            }
            skip_blanks();
            if (!at_line_end() && text_[pos_] != '#') return "text after the closing quote";
            skip_to_next_line();
            return "";
        }
        // Bare: up to the line's end or a " #" comment, blanks trimmed.
        while (pos_ < text_.size() && text_[pos_] != '\n') {
            char const c = text_[pos_];
            if (c == '#' && (out.empty() || blank(out.back()))) break;
            ++pos_;
            if (c == '$') {
                expand(out);
                continue;
            }
            out += c;
        }
        while (!out.empty() && blank(out.back()))
            out.pop_back();
        skip_to_next_line();
        return "";
    }

    // After a '$': ${NAME} or $NAME from the lines above, then the process environment.
    void expand(std::string& out) {
        bool const braced = pos_ < text_.size() && text_[pos_] == '{';
        std::size_t const start = pos_ + (braced ? 1 : 0);
        std::size_t end = start;
        while (end < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_'))
            ++end;
        if (end == start || (braced && (end >= text_.size() || text_[end] != '}'))) {
            out += '$';
            return;
        }
        std::string const name = text_.substr(start, end - start);
        pos_ = end + (braced ? 1 : 0);
        if (auto it = env_.vars.find(name); it != env_.vars.end())
            out += it->second.value;
        else if (lookup_)
            if (auto v = lookup_(name)) out += *v;
    }

    void skip_blanks() {
        while (pos_ < text_.size() && blank(text_[pos_]))
            ++pos_;
    }
    bool at_line_end() const { return pos_ >= text_.size() || text_[pos_] == '\n'; }
    void skip_to_next_line() {
        while (pos_ < text_.size() && text_[pos_] != '\n')
            ++pos_;
        if (pos_ < text_.size()) {
            ++pos_;
            ++line_;
        }
    }

    std::string const& text_;
    Dotenv& env_;
    std::function<std::optional<std::string>(std::string const&)> const& lookup_;
    std::size_t pos_ = 0;
    int line_ = 1;
    int entry_line_ = 1;
};

} // namespace

std::string Dotenv::where(std::string const& key) const {
    auto const it = vars.find(key);
    return path + ":" + std::to_string(it == vars.end() ? 0 : it->second.line);
}

std::string Dotenv::bad_lines_for(std::string const& key) const {
    std::string out;
    for (auto const& b : bad)
        if (b.key.empty() || b.key == key)
            out += "; " + path + ":" + std::to_string(b.line) + " could not be read (" + b.reason + ")";
    return out;
}

Dotenv read_dotenv(std::filesystem::path const& file,
                   std::function<std::optional<std::string>(std::string const&)> const& lookup) {
    Dotenv env{file.string(), {}, {}};
    std::error_code ec;
    // A directory is someone else's .env (Python's virtualenvs are often named so): not ours.
    if (std::filesystem::is_directory(file, ec)) return env;
    auto const text = read_small_file(file);
    if (!text) return env;
    Parser(*text, env, lookup).run();
    return env;
}

} // namespace migrator::cli
