#pragma once
// dbmate's convention: a `.env` file of KEY=VALUE lines supplies variables that the real
// environment does not set (for ${VAR} in migrator.yaml and for DATABASE_URL).

#include <filesystem>
#include <map>
#include <string>

namespace migrator::cli {

// The variables of `file`; empty when there is no such file, or it is a directory (a Python
// virtualenv named .env). Lines are `KEY=VALUE` or
// `export KEY=VALUE`; blank lines and `#` comments are skipped; a value may be quoted ('...' taken
// as is, "..." with \n, \" and \\), and an unquoted value ends at " #". UsageError naming
// file:line for anything else, or for a file that cannot be read (with the OS reason).
std::map<std::string, std::string> read_dotenv(std::filesystem::path const& file);

} // namespace migrator::cli
