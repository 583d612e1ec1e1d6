#include "migrator/database_url.hpp"

#include <cctype>
#include <filesystem>

#include "migrator/errors.hpp"

namespace migrator {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s, std::string const& shown_url) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
        int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) throw UsageError("bad percent-encoding in database URL " + shown_url);
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

} // namespace

std::string redact(std::string text, std::string_view secret) {
    if (secret.empty()) return text;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
        text.replace(at, secret.size(), "***");
    return text;
}

DatabaseUrl DatabaseUrl::parse(std::string_view url, std::string const& base_dir) {
    DatabaseUrl u;
    if (starts_with(url, "sqlite:")) {
        u.dialect_ = "sqlite";
        std::string shown(url);
        std::string_view rest = url.substr(7);
        if (rest == "//:memory:" || rest == ":memory:") {
            u.path_ = ":memory:";
            return u;
        }
        if (!starts_with(rest, "///"))
            throw UsageError(
                "bad SQLite URL '" + shown +
                "': use sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite://:memory:");
        rest = rest.substr(3); // "relative" or "/absolute"
        rest = rest.substr(0, rest.find('?'));
        if (rest.empty() || rest == "/") throw UsageError("SQLite URL '" + shown + "' names no file");
        std::filesystem::path p(percent_decode(rest, shown));
        if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
        u.path_ = p.lexically_normal().string();
        return u;
    }

    std::string_view rest;
    if (starts_with(url, "postgresql://"))
        rest = url.substr(13);
    else if (starts_with(url, "postgres://"))
        rest = url.substr(11);
    else {
        std::string_view scheme = url.substr(0, url.find(':'));
        throw UsageError("unsupported database URL scheme '" + std::string(scheme) +
                         "' (expected sqlite:, postgresql: or postgres:)");
    }
    u.dialect_ = "postgresql";
    std::string const shown = "postgresql://..."; // never echo a URL that may hold a password
    std::size_t const q = rest.find('?');
    std::string_view head = rest.substr(0, q);
    std::string_view query = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
    query = query.substr(0, query.find('#'));

    // The last '@' ends the user info, so a raw '@' or '/' inside a password still parses.
    std::size_t const at = head.rfind('@');
    if (at != std::string_view::npos) {
        std::string_view userinfo = head.substr(0, at);
        std::size_t colon = userinfo.find(':');
        u.user_ = percent_decode(userinfo.substr(0, colon), shown);
        if (colon != std::string_view::npos) u.password_ = percent_decode(userinfo.substr(colon + 1), shown);
        head = head.substr(at + 1);
    }
    std::size_t const slash = head.find('/');
    std::string_view hostport = head.substr(0, slash);
    if (slash != std::string_view::npos) u.dbname_ = percent_decode(head.substr(slash + 1), shown);

    std::string_view port;
    if (starts_with(hostport, "[")) {
        std::size_t close = hostport.find(']');
        if (close == std::string_view::npos) throw UsageError("bad IPv6 host in database URL: missing ']'");
        u.host_ = std::string(hostport.substr(1, close - 1));
        std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') throw UsageError("bad host in database URL after ']'");
            port = after.substr(1);
        }
    } else {
        std::size_t colon = hostport.rfind(':');
        u.host_ = percent_decode(hostport.substr(0, colon), shown);
        if (colon != std::string_view::npos) port = hostport.substr(colon + 1);
    }
    if (!port.empty()) {
        bool digits = port.size() <= 5;
        for (char c : port)
            digits = digits && std::isdigit(static_cast<unsigned char>(c));
        if (!digits || std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
            throw UsageError("bad port '" + std::string(port) + "' in database URL");
        u.port_ = std::string(port);
    }

    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        std::size_t eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq), shown);
        std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), shown);
        if (key == "password")
            u.password_ = value;
        else if (key == "host" && u.host_.empty())
            u.host_ = value;
        else if (key == "port" && u.port_.empty())
            u.port_ = value;
        else if (key == "user" && u.user_.empty())
            u.user_ = value;
        else if (key == "dbname" && u.dbname_.empty())
            u.dbname_ = value;
        else
            u.params_[key] = value;
    }
    return u;
}

std::string DatabaseUrl::redacted() const {
    if (dialect_ == "sqlite") {
        if (in_memory()) return "sqlite://:memory:";
        return "sqlite:///" + path_; // an absolute path brings its own fourth slash
    }
    std::string out = "postgresql://";
    if (!user_.empty() || !password_.empty()) {
        out += user_;
        if (!password_.empty()) out += ":***";
        out += "@";
    }
    bool const socket = !host_.empty() && host_[0] == '/';
    if (!socket) out += host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
    if (!port_.empty() && !socket) out += ":" + port_;
    out += "/" + dbname_;
    char sep = '?';
    if (socket) {
        out += "?host=" + host_;
        sep = '&';
        if (!port_.empty()) out += "&port=" + port_;
    }
    for (auto const& [k, v] : params_) {
        out += sep + k + "=" + v;
        sep = '&';
    }
    return out;
}

DatabaseUrl DatabaseUrl::with_dbname(std::string dbname) const {
    DatabaseUrl copy = *this;
    copy.dbname_ = std::move(dbname);
    return copy;
}

} // namespace migrator
