#include "render/output.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string_view>

#include <iostream>

namespace migrator::cli {

std::size_t display_width(std::string_view utf8) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        auto const c = static_cast<unsigned char>(utf8[i]);
        std::size_t const n = c < 0x80           ? 1
                              : (c >> 5) == 0x6  ? 2
                              : (c >> 4) == 0xE  ? 3
                              : (c >> 3) == 0x1E ? 4
                                                 : 1;
        char32_t cp = n == 1 ? c : c & (0x7F >> n);
        for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += n;
        if (cp >= 0x300 && cp <= 0x36F) continue; // combining marks
        bool const wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
                          (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

std::string plain_or_hidden(std::string const& text) {
    bool plain = !text.empty() && text.size() <= 64;
    for (char c : text)
        plain = plain &&
                (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ' ');
    return plain ? "'" + text + "'" : "(not shown: it may hold a secret)";
}

std::string without_secrets(std::string text, std::vector<std::string> const& arguments) {
    for (auto const& arg : arguments) {
        std::size_t const scheme = arg.find("://");
        std::size_t const pass = arg.find("pass");
        if (scheme == std::string::npos &&
            (pass == std::string::npos || arg.find('=', pass) == std::string::npos))
            continue;
        std::string const shown = scheme != std::string::npos ? arg.substr(0, scheme) + "://..." : "***";
        for (std::size_t at = text.find(arg); at != std::string::npos; at = text.find(arg, at + shown.size()))
            text.replace(at, arg.size(), shown);
    }
    auto const is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == ',' || c == '"'; };
    for (std::size_t at = text.find("://"); at != std::string::npos; at = text.find("://", at + 3)) {
        std::size_t end = at + 3;
        while (end < text.size() && !is_blank(text[end]))
            ++end;
        text.replace(at + 3, end - at - 3, "...");
    }
    for (std::size_t at = text.find("pass"); at != std::string::npos; at = text.find("pass", at + 1)) {
        std::size_t const eq = text.find('=', at);
        if (eq == std::string::npos) break;
        bool word = true; // password=, sslpassword=: a key without blanks up to '='
        for (std::size_t i = at; i < eq; ++i)
            word = word && !is_blank(text[i]);
        if (!word) continue;
        std::size_t end = eq + 1;
        while (end < text.size() && !is_blank(text[end]))
            ++end;
        text.replace(eq + 1, end - eq - 1, "***");
    }
    return text;
}

// Lines are flushed as they come: they are progress, and a pipeline or a log reads them live.
void Output::line(std::string const& text) const {
    if (!json && verbosity >= 0) std::cout << text << std::endl;
}

void Output::detail(std::string const& text) const {
    if (!json && verbosity > 0) std::cout << text << std::endl;
}

void Output::note(std::string const& text) const {
    if (verbosity >= 0) std::cerr << text << '\n';
}

void Output::detect_terminal() {
    terminal = isatty(STDOUT_FILENO) == 1;
    char const* no_color = std::getenv("NO_COLOR");
    char const* term = std::getenv("TERM");
    color = terminal && !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
}

std::string Output::paint(std::string const& state) const {
    if (!color) return state;
    // green: done; yellow: to do or undone; red: needs a person; dim: does not apply here.
    char const* code = state == "applied"                                             ? "32"
                       : state == "pending" || state == "reverted"                    ? "33"
                       : state == "changed" || state == "dirty" || state == "missing" ? "31"
                                                                                      : "2";
    return std::string("\033[") + code + "m" + state + "\033[0m";
}

void Output::error(std::string const& text) {
    std::cerr << "migrator: error: " << text << '\n';
}

void Output::print_json(int exit_code) {
    doc_["schema_version"] = 1; // a change to any document's shape is a new schema_version
    doc_["exit_code"] = exit_code;
    // Invalid UTF-8 in a name or message must not turn a report into a crash.
    std::cout << doc_.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace migrator::cli
