#pragma once
// Every failure the library reports is a migrator::Error carrying the process exit code
// that DESIGN.md assigns to it. Callers (the CLI) print what() and exit with exit_code().
// Message wording lives in the named constructors of each subclass, so tests can rely on it.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace migrator {

enum class ExitCode : int { ok = 0, failed = 1, usage = 2, check_failed = 3, lock_timeout = 4 };

class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string const& message) : std::runtime_error(message), code_(code) {}
    ExitCode exit_code() const noexcept { return code_; }

private:
    ExitCode code_;
};

// Bad flags, bad config, bad URL, a target outside the set: exit 2.
class UsageError : public Error {
public:
    explicit UsageError(std::string const& message) : Error(ExitCode::usage, message) {}
};

// A malformed migrations directory; the message starts with "path[:line]: ". Exit 2.
class MigrationSetError : public Error {
public:
    explicit MigrationSetError(std::string const& message) : Error(ExitCode::usage, message) {}
};

// The database refused a connection or a bookkeeping statement, or a run was refused. Exit 1.
class DatabaseError : public Error {
public:
    explicit DatabaseError(std::string const& message) : Error(ExitCode::failed, message) {}
};

// A statement of a migration script failed. Exit 1.
// what(): "path:line: statement N: <database message> [SQLSTATE]" (SQLSTATE only where known).
class ScriptError : public Error {
public:
    ScriptError(std::string path, int line, int statement, std::string db_message, std::string sqlstate = {});
    std::string const& path() const noexcept { return path_; }
    int line() const noexcept { return line_; }
    int statement() const noexcept { return statement_; }
    std::string const& db_message() const noexcept { return db_message_; }
    std::string const& sqlstate() const noexcept { return sqlstate_; }

private:
    std::string path_;
    int line_;
    int statement_;
    std::string db_message_;
    std::string sqlstate_;
};

// A safety check refused the run (changed checksum, out-of-order pending version). Exit 3.
class CheckFailed : public Error {
public:
    explicit CheckFailed(std::string const& message) : Error(ExitCode::check_failed, message) {}
};

// The migration lock was still held by someone else when lock_timeout ran out. Exit 4.
class LockTimeout : public Error {
public:
    explicit LockTimeout(std::string const& message) : Error(ExitCode::lock_timeout, message) {}
};

} // namespace migrator
