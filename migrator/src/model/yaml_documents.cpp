#include "migrator/yaml_documents.hpp"

#include <cctype>

namespace migrator {

namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// "---" or "..." followed by a blank or the end of the line.
bool marker(std::string_view line, std::string_view what) {
    return line.substr(0, 3) == what && (line.size() == 3 || blank(line[3]));
}

// Anything but blanks and a comment.
bool content(std::string_view rest) {
    for (char c : rest) {
        if (c == '#') return false;
        if (!blank(c)) return true;
    }
    return false;
}

} // namespace

bool holds_several_yaml_documents(std::string_view text) {
    bool content_seen = false, marker_seen = false, ended = false;
    while (!text.empty()) {
        std::size_t const eol = text.find('\n');
        std::string_view const line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (marker(line, "---")) {
            if (content_seen || marker_seen) return true;
            marker_seen = true;
            content_seen = content(line.substr(3));
            ended = false;
        } else if (marker(line, "...")) {
            ended = content_seen || marker_seen;
        } else if (!line.empty() && line.front() == '%') {
            // a directive (%YAML, %TAG) belongs to the next document
        } else if (content(line)) {
            if (ended) return true;
            content_seen = true;
        }
    }
    return false;
}

} // namespace migrator
