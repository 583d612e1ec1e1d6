#pragma once
// A parsed database URL (DESIGN.md "Database URLs"). It never prints its password:
// redacted() is the only textual form, and it shows the password as ***.

#include <map>
#include <string>
#include <string_view>

namespace migrator {

class DatabaseUrl {
public:
    // Throws UsageError (exit 2) naming what is wrong, with the password redacted.
    // `base_dir` resolves relative SQLite paths (the working directory, or a config file's folder).
    static DatabaseUrl parse(std::string_view url, std::string const& base_dir = {});

    std::string const& dialect() const noexcept { return dialect_; } // "sqlite" or "postgresql"
    std::string redacted() const;

    // SQLite: the database file (absolute when the URL was relative and a base_dir was given),
    // or ":memory:".
    std::string const& path() const noexcept { return path_; }
    bool in_memory() const noexcept { return path_ == ":memory:"; }

    // PostgreSQL: percent-decoded parts; empty when absent (libpq's defaults then apply).
    std::string const& user() const noexcept { return user_; }
    std::string const& password() const noexcept { return password_; }
    std::string const& host() const noexcept { return host_; }
    std::string const& port() const noexcept { return port_; }
    std::string const& dbname() const noexcept { return dbname_; }
    // Query parameters (sslmode, host=/socket/dir, password, ...), decoded.
    std::map<std::string, std::string> const& params() const noexcept { return params_; }

    // A copy pointing at another database on the same server (PostgreSQL) - for scratch databases.
    DatabaseUrl with_dbname(std::string dbname) const;

private:
    std::string dialect_;
    std::string path_;
    std::string user_, password_, host_, port_, dbname_;
    std::map<std::string, std::string> params_;
};

// Replaces every occurrence of `secret` in `text` by ***; used on database error messages.
std::string redact(std::string text, std::string_view secret);

} // namespace migrator
