#include "migrator/database_url.hpp"

#include <cctype>

#include "migrator/errors.hpp"

namespace migrator {

DatabaseUrl::DatabaseUrl(std::string dialect, std::string redacted, std::map<std::string, std::string> fields,
                         std::vector<std::string> secrets)
    : dialect_(std::move(dialect)), redacted_(std::move(redacted)), fields_(std::move(fields)),
      secrets_(std::move(secrets)) {
    std::erase_if(secrets_, [](std::string const& s) { return s.empty(); });
}

std::string DatabaseUrl::field(std::string const& key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? std::string() : it->second;
}

std::string DatabaseUrl::scrub(std::string text) const {
    for (auto const& secret : secrets_)
        text = redact(std::move(text), secret);
    return text;
}

std::string DatabaseUrl::scheme_of(std::string_view text) {
    std::size_t const colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    std::string scheme;
    for (char c : text.substr(0, colon)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return scheme;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace

std::string percent_decode(std::string_view s, std::string_view what) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        int const hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
        int const lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            throw UsageError("bad percent-encoding in " + std::string(what));
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string redact(std::string text, std::string_view secret) {
    if (secret.empty()) return text;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
        text.replace(at, secret.size(), "***");
    return text;
}

} // namespace migrator
