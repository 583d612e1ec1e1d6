#include <cctype>

#include "migrator/lint_finding.hpp"

namespace migrator {

std::vector<std::pair<std::string, int>> allow_comments(std::string_view text, int first_line) {
    static constexpr std::string_view marker = "migrator:allow";
    std::vector<std::pair<std::string, int>> out;
    int line = first_line;
    std::size_t counted = 0; // text[0, counted) has had its newlines counted
    for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at)) {
        for (; counted < at; ++counted)
            line += text[counted] == '\n';
        at += marker.size();
        // Ids up to the end of the line, separated by blanks or commas.
        while (at < text.size() && text[at] != '\n') {
            std::size_t end = at;
            while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                         text[end] == '-' || text[end] == '_'))
                ++end;
            if (end > at) {
                out.emplace_back(std::string(text.substr(at, end - at)), line);
                at = end;
            } else if (text[at] == ' ' || text[at] == '\t' || text[at] == ',') {
                ++at;
            } else {
                break; // the rest of the line is prose ("-- migrator:allow x: the table is empty")
            }
        }
    }
    return out;
}

} // namespace migrator
