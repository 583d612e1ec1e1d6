#pragma once
// dbmate's convention: a `.env` file supplies variables that the real environment does not set
// (for ${VAR} in migrator.yaml and for DATABASE_URL). Read as godotenv (which dbmate uses) reads
// it: `KEY=VALUE`, `export KEY=VALUE` or `KEY: VALUE`; '...' taken as is, "..." with \n, \" and
// \\ escapes; both may span lines; $VAR and ${VAR} expanded in bare and "..." values (from the
// lines above, then the process environment); `#` comments.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace migrator::cli {

struct DotenvEntry {
    std::string value;
    int line = 0; // 1-based, where the key is set (the last time)
};

// A line that could not be read: skipped with a warning, unless a command needs its variable.
struct DotenvBadLine {
    int line = 0;
    std::string key;    // "" when not even a key could be read (a bare URL)
    std::string reason; // never the line's content: it may hold a password
};

struct Dotenv {
    std::string path; // as given, for "DATABASE_URL from .env:3"
    std::map<std::string, DotenvEntry> vars;
    std::vector<DotenvBadLine> bad;

    // "<path>:<line>" of `key`; the caller knows it is there.
    std::string where(std::string const& key) const;
    // "; .env:3 could not be read (unterminated quote)" for the bad lines that could have set
    // `key` (its own, or one whose key could not be read), else "".
    std::string bad_lines_for(std::string const& key) const;
};

// The variables of `file`; empty when there is no such file, or it is a directory (a Python
// virtualenv named .env). `lookup` gives the process environment for $VAR expansion. Lines it
// cannot read go to `bad`, never throwing; UsageError only for a file that is not a regular
// file, is over 1 MiB or cannot be read (read_small_file).
Dotenv read_dotenv(std::filesystem::path const& file,
                   std::function<std::optional<std::string>(std::string const&)> const& lookup = {});

} // namespace migrator::cli
