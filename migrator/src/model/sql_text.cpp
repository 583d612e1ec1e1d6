#include "migrator/sql_text.hpp"

#include <algorithm>
#include <cctype>

namespace migrator {

std::size_t skip_blanks_and_comments(std::string_view s, std::size_t i, bool nested) {
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i]))) {
            ++i;
        } else if (s.compare(i, 2, "--") == 0) {
            std::size_t const eol = s.find('\n', i);
            i = eol == std::string_view::npos ? s.size() : eol + 1;
        } else if (s.compare(i, 2, "/*") == 0) {
            int depth = 0;
            do {
                if (s.compare(i, 2, "/*") == 0 && (depth == 0 || nested)) {
                    ++depth;
                    i += 2;
                } else if (s.compare(i, 2, "*/") == 0) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            } while (depth > 0 && i < s.size());
        } else {
            break;
        }
    }
    return std::min(i, s.size());
}

int LineCounter::line_at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset > offset_) {
        line_ += static_cast<int>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(offset_),
                                             text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        offset_ = offset;
    }
    return line_;
}

std::string terminated(std::string_view statement) {
    std::size_t const last_line = statement.rfind('\n');
    bool const line_comment =
        statement.find("--", last_line == std::string_view::npos ? 0 : last_line) != std::string_view::npos;
    return std::string(statement) + (line_comment ? "\n;" : ";");
}

std::string collapse_whitespace(std::string_view sql) {
    std::string out;
    for (char c : sql) {
        bool const space = std::isspace(static_cast<unsigned char>(c));
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace migrator
