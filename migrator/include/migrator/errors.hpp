#pragma once
// Every failure the library reports is a migrator::Error carrying the process exit code that
// DESIGN.md assigns to it: callers print what() and exit with exit_code(). Refusals that a
// caller may want to explain in its own words (a target outside the set, a dirty row, a changed
// checksum) are subclasses with their facts as fields. Messages never name a command-line flag:
// the CLI adds its hints. what() is one line and never holds a password.

#include <stdexcept>
#include <string>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

enum class ExitCode : int { ok = 0, failed = 1, usage = 2, check_failed = 3, lock_timeout = 4 };

class MIGRATOR_API Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string const& message) : std::runtime_error(message), code_(code) {}
    ExitCode exit_code() const noexcept { return code_; }

private:
    ExitCode code_;
};

// Bad options, a bad URL, a bad version-table name: exit 2.
class MIGRATOR_API UsageError : public Error {
public:
    explicit UsageError(std::string const& message) : Error(ExitCode::usage, message) {}
};

// A malformed migration set; the message starts with "path[:line]: ". Exit 2.
class MIGRATOR_API MigrationSetError : public Error {
public:
    explicit MigrationSetError(std::string const& message) : Error(ExitCode::usage, message) {}
};

// No migration at all, or no directory: never "nothing to do", unless SourceOptions::allow_empty.
class MIGRATOR_API EmptyMigrationSet : public MigrationSetError {
public:
    explicit EmptyMigrationSet(std::string const& message) : MigrationSetError(message) {}
};

// The database refused a connection or a bookkeeping statement, or a run was refused. Exit 1.
class MIGRATOR_API DatabaseError : public Error {
public:
    explicit DatabaseError(std::string const& message) : Error(ExitCode::failed, message) {}
};

// The server did not answer: no connection could be made (refused, unknown host, timed out,
// starting up). The only failure that waiting for the database retries. Exit 1.
class MIGRATOR_API ConnectionFailed : public DatabaseError {
public:
    explicit ConnectionFailed(std::string const& message) : DatabaseError(message) {}
};

// A statement of a migration script failed. Exit 1.
// what(): "path:line: statement N: <database message> [SQLSTATE]" (SQLSTATE only where known).
class MIGRATOR_API ScriptError : public Error {
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

// A file could not be read or written (an output file, a snapshot). Exit 1.
class MIGRATOR_API FileError : public Error {
public:
    explicit FileError(std::string const& message) : Error(ExitCode::failed, message) {}
};

// A safety check refused the run. Exit 3.
class MIGRATOR_API CheckFailed : public Error {
public:
    explicit CheckFailed(std::string const& message) : Error(ExitCode::check_failed, message) {}
};

// The migration lock was still held by someone else when the lock timeout ran out. Exit 4.
class MIGRATOR_API LockTimeout : public Error {
public:
    explicit LockTimeout(std::string const& message) : Error(ExitCode::lock_timeout, message) {}
};

// A piece of user input fit for a one-line message: control characters become '?', invalid
// UTF-8 becomes '?', and text beyond `max` bytes is cut with "...".
MIGRATOR_API std::string printable(std::string_view text, std::size_t max = 100);
MIGRATOR_API bool valid_utf8(std::string_view text);

// --- refusals with their facts ---------------------------------------------------------------

// An up or down target that is not a version of the set. Exit 2.
class MIGRATOR_API TargetNotInSet : public UsageError {
public:
    explicit TargetNotInSet(Version v);
    Version version() const noexcept { return version_; }

private:
    Version version_;
};

// A step count below 1, or more than can be taken (`available`). Exit 2.
class MIGRATOR_API StepsOutOfRange : public UsageError {
public:
    // `available`: applied migrations for a down, pending ones for an up.
    StepsOutOfRange(int asked, std::size_t available, Direction direction = Direction::down);
    int asked() const noexcept { return asked_; }
    std::size_t available() const noexcept { return available_; }
    Direction direction() const noexcept { return direction_; }

private:
    int asked_;
    std::size_t available_;
    Direction direction_;
};

// A down over a migration marked `irreversible: true`. Exit 2; nothing ran.
class MIGRATOR_API IrreversibleMigration : public UsageError {
public:
    explicit IrreversibleMigration(Migration const& m);
    std::string const& folder() const noexcept { return folder_; }

private:
    std::string folder_;
};

// A non-transactional migration stopped half-way (or is running elsewhere); nothing runs until
// its row is repaired. Exit 1.
class MIGRATOR_API DirtyVersion : public DatabaseError {
public:
    // `running_elsewhere`: found inside another runner's write (a waiter must not report it as
    // stopped: it is still running, or its runner died).
    explicit DirtyVersion(AppliedRow row, bool running_elsewhere = false);
    AppliedRow const& row() const noexcept { return row_; }
    bool running_elsewhere() const noexcept { return running_elsewhere_; }

private:
    AppliedRow row_;
    bool running_elsewhere_;
};

// An applied migration's up script changed since it was applied. Exit 3.
class MIGRATOR_API ChangedChecksum : public CheckFailed {
public:
    ChangedChecksum(Migration const& m, std::string const& recorded);
    std::string const& folder() const noexcept { return folder_; }
    Version version() const noexcept { return version_; }

private:
    std::string folder_;
    Version version_;
};

// A pending migration older than the newest applied one. Exit 3.
class MIGRATOR_API OutOfOrder : public CheckFailed {
public:
    explicit OutOfOrder(Migration const& m);
    std::string const& folder() const noexcept { return folder_; }

private:
    std::string folder_;
};

// A run stopped on request (a signal) before finishing. Exit 1.
class MIGRATOR_API Interrupted : public DatabaseError {
public:
    explicit Interrupted(std::string const& message) : DatabaseError(message) {}
};

// `check` on a dialect whose scratch databases live on a server, with no server given. Exit 2.
class MIGRATOR_API ScratchServerNeeded : public UsageError {
public:
    explicit ScratchServerNeeded(std::string dialect);
    std::string const& dialect() const noexcept { return dialect_; }

private:
    std::string dialect_;
};

} // namespace migrator
