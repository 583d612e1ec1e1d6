#pragma once
// Script text normalisation and checksums (DESIGN.md "Migrations on disk").

#include <string>
#include <string_view>

namespace migrator {

// Drops a leading UTF-8 BOM and turns every CRLF into LF, so that a Windows checkout
// does not look like an edit. Any other byte is kept.
std::string normalize_script_text(std::string_view raw);

// Lower-case hex SHA-256 of `text` (OpenSSL libcrypto).
std::string sha256_hex(std::string_view text);

} // namespace migrator
