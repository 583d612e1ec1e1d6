#pragma once
// A database URL as its dialect parsed it (Dialect::parse_url). The core reads only the
// scheme, to choose the dialect; the dialect keeps what it needs in fields() and says how the
// URL may be shown. redacted() is the only textual form meant for people: it shows every secret
// as ***. A URL that failed to parse is never echoed beyond its scheme.
//
// Thread-safety: an immutable value; copies may be used from any thread.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/export.hpp"

namespace migrator {

class MIGRATOR_API DatabaseUrl {
public:
    DatabaseUrl() = default;
    // For dialects. `fields` are the dialect's own (a file path, libpq keywords, ...) and may hold
    // secrets; `secrets` lists the values that must never be shown (scrub() removes them).
    DatabaseUrl(std::string dialect, std::string redacted, std::map<std::string, std::string> fields,
                std::vector<std::string> secrets = {});

    std::string const& dialect() const noexcept { return dialect_; }
    std::string const& redacted() const noexcept { return redacted_; }
    // The dialect's parsed fields: never print them, they may hold a password.
    std::map<std::string, std::string> const& fields() const noexcept { return fields_; }
    std::string field(std::string const& key) const; // "" when absent
    std::vector<std::string> const& secrets() const noexcept { return secrets_; }

    // `text` with every secret of this URL replaced by ***, for database error messages.
    std::string scrub(std::string text) const;

    // The scheme of a URL text ("sqlite", "postgresql"), lower-cased; "" when it has none.
    static std::string scheme_of(std::string_view text);

private:
    std::string dialect_;
    std::string redacted_;
    std::map<std::string, std::string> fields_;
    std::vector<std::string> secrets_;
};

// For dialects' URL grammars: %XX sequences decoded. Throws UsageError("bad percent-encoding
// in <what>") for a malformed sequence or %00, never echoing the text.
MIGRATOR_API std::string percent_decode(std::string_view text, std::string_view what);

// Replaces every occurrence of `secret` in `text` by ***.
MIGRATOR_API std::string redact(std::string text, std::string_view secret);

} // namespace migrator
