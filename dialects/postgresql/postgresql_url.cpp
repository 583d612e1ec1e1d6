// PostgreSQL URLs: libpq's own parser (PQconninfoParse) reads them, with libpq's semantics for
// hosts, ports, IPv6, sockets and every query parameter. One thing is done first: the user
// info ends at the last '@', so a raw '@', '/' or '?' in a password still parses (it is
// re-encoded before libpq sees it). No message ever shows the URL past its scheme.
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "migrator/errors.hpp"
#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

constexpr char const* shown = "postgresql://...";

std::string percent_encode(std::string_view s) {
    static char const hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

// libpq quotes the offending part of the URL in its messages; keep only the words before it.
std::string reason(char const* libpq_message) {
    std::string text = libpq_message ? libpq_message : "cannot be parsed";
    text = text.substr(0, text.find('"'));
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ':'))
        text.pop_back();
    return text.empty() ? "cannot be parsed" : text;
}

bool secret_key(std::string const& key) {
    return key.find("pass") != std::string::npos; // password, sslpassword, and any future *pass*
}

void check_ports(std::string const& ports) {
    std::size_t start = 0;
    while (start <= ports.size()) {
        std::size_t const comma = std::min(ports.find(',', start), ports.size());
        std::string const port = ports.substr(start, comma - start);
        bool ok = !port.empty() && port.size() <= 5;
        for (char c : port)
            ok = ok && std::isdigit(static_cast<unsigned char>(c));
        if (!ok || std::stoi(port) < 1 || std::stoi(port) > 65535)
            throw UsageError(std::string("bad port in database URL ") + shown + " (expected 1-65535)");
        start = comma + 1;
    }
}

// libpq checks these only when it connects, as a connection failure; a URL that names a value
// libpq does not know is a bad URL (exit 2), said without echoing it.
void check_choices(std::map<std::string, std::string> const& fields) {
    static std::map<std::string, std::vector<std::string>> const choices = {
        {"sslmode", {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
        {"gssencmode", {"disable", "prefer", "require"}},
        {"channel_binding", {"disable", "prefer", "require"}},
        {"target_session_attrs", {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}},
        {"load_balance_hosts", {"disable", "random"}}};
    for (auto const& [key, allowed] : choices) {
        auto const it = fields.find(key);
        if (it == fields.end() || std::find(allowed.begin(), allowed.end(), it->second) != allowed.end())
            continue;
        std::string list;
        for (auto const& a : allowed)
            list += (list.empty() ? "" : ", ") + a;
        throw UsageError(std::string("bad PostgreSQL URL ") + shown + ": " + key + " must be one of " + list);
    }
}

} // namespace

DatabaseUrl PostgresqlDialect::make_url(std::map<std::string, std::string> fields) {
    std::vector<std::string> secrets;
    for (auto const& [k, v] : fields)
        if (secret_key(k)) secrets.push_back(v);
    auto const get = [&](char const* k) {
        auto it = fields.find(k);
        return it == fields.end() ? std::string() : it->second;
    };
    std::string const user = get("user"), host = get("host"), port = get("port");
    bool const password = fields.count("password") > 0;
    bool const socket = !host.empty() && host.front() == '/';
    std::string out = "postgresql://";
    if (!user.empty() || password) out += user + (password ? ":***" : "") + "@";
    if (!socket) out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (!port.empty() && !socket) out += ":" + port;
    out += "/" + get("dbname");
    char sep = '?';
    auto param = [&](std::string const& k, std::string const& v) {
        out += sep + k + "=" + (secret_key(k) ? "***" : v);
        sep = '&';
    };
    if (socket) {
        param("host", host);
        if (!port.empty()) param("port", port);
    }
    for (auto const& [k, v] : fields)
        if (k != "user" && k != "password" && k != "host" && k != "port" && k != "dbname") param(k, v);
    return DatabaseUrl("postgresql", out, std::move(fields), std::move(secrets));
}

DatabaseUrl PostgresqlDialect::parse_url(std::string_view url, std::filesystem::path const&) const {
    std::size_t const scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        throw UsageError("bad PostgreSQL URL: expected postgresql://user:password@host:port/dbname");
    std::string_view rest = url.substr(scheme_end + 3);
    // The last '@' ends the user info, unless it sits in a query value (after '?', past an '=').
    std::size_t at = rest.rfind('@');
    if (std::size_t const q = rest.find('?');
        at != std::string_view::npos && q < at && rest.substr(q, at - q).find('=') != std::string_view::npos)
        at = rest.rfind('@', q);
    std::string uri = "postgresql://";
    if (at != std::string_view::npos) {
        std::string_view const userinfo = rest.substr(0, at);
        std::size_t const colon = userinfo.find(':');
        uri +=
            percent_encode(percent_decode(userinfo.substr(0, colon), std::string("database URL ") + shown));
        if (colon != std::string_view::npos)
            uri += ":" + percent_encode(percent_decode(userinfo.substr(colon + 1),
                                                       std::string("database URL ") + shown));
        uri += "@";
        rest = rest.substr(at + 1);
    }
    uri += rest;

    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
    if (!options) {
        std::string const why = reason(error);
        PQfreemem(error);
        throw UsageError(std::string("bad PostgreSQL URL ") + shown + ": " + why);
    }
    std::map<std::string, std::string> fields;
    for (PQconninfoOption* o = options; o->keyword; ++o)
        if (o->val && *o->val) fields[o->keyword] = o->val;
    PQconninfoFree(options);
    if (auto it = fields.find("port"); it != fields.end()) check_ports(it->second);
    check_choices(fields);
    return make_url(std::move(fields));
}

} // namespace migrator::postgresql
