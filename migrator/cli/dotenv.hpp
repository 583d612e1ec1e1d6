#pragma once
// dbmate's convention: a `.env` file of KEY=VALUE lines supplies variables that the real
// environment does not set (for ${VAR} in migrator.yaml and for DATABASE_URL).

#include <filesystem>
#include <map>
#include <string>

namespace migrator::cli {

struct DotenvEntry {
    std::string value;
    int line = 0; // 1-based, where the key is set (the last time)
};

struct Dotenv {
    std::string path; // as given, for "DATABASE_URL from .env:3"
    std::map<std::string, DotenvEntry> vars;

    // "<path>:<line>" of `key`; the caller knows it is there.
    std::string where(std::string const& key) const;
};

// The variables of `file`; empty when there is no such file, or it is a directory (a Python
// virtualenv named .env). Lines are `KEY=VALUE` or `export KEY=VALUE`; blank lines and `#`
// comments are skipped; a value may be quoted ('...' taken as is, "..." with \n, \" and \\), and
// an unquoted value ends at " #". UsageError naming file:line for anything else, which never
// echoes the line (it may be a URL with a password), and for a file that is not a regular file,
// is over 1 MiB or cannot be read (read_small_file).
Dotenv read_dotenv(std::filesystem::path const& file);

} // namespace migrator::cli
