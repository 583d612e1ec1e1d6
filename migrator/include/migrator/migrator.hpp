#pragma once
// migrator's public API: this one header is all a program includes.
//
//   migrator::DialectRegistry dialects = migrator::builtin_dialects();
//   auto db = migrator::Migrator::open(dialects, "sqlite:///app.db",
//                                      migrator::MigrationSource::directory("migrations"));
//   db.up();  // throws migrator::Error (what() is one line; exit_code() as DESIGN.md says)
//
// A Migrator is one database plus one migration set. It connects on first use and keeps one
// connection; the migration set is loaded once, for the database's dialect. Every operation
// takes the migration lock where it writes (DESIGN.md "What a deployment relies on").
//
// Thread-safety: one thread at a time per Migrator, except request_stop() and cancel(), which
// any thread (or a signal-handling thread) may call while an operation runs. Migrators of
// different databases may run in parallel. The registry must outlive the Migrator.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/check_report.hpp"
#include "migrator/database_url.hpp"
#include "migrator/dialect.hpp"
#include "migrator/dialect_registry.hpp"
#include "migrator/errors.hpp"
#include "migrator/export.hpp"
#include "migrator/migration.hpp"
#include "migrator/migration_source.hpp"
#include "migrator/observer.hpp"
#include "migrator/options.hpp"
#include "migrator/run_report.hpp"
#include "migrator/status.hpp"
#include "migrator/text_file.hpp"
#include "migrator/version.hpp"
#include "migrator/yaml_documents.hpp"

namespace soci {
class session;
}

namespace migrator {

class MIGRATOR_API Migrator {
public:
    // A database named by URL (sqlite:///app.db, postgresql://user@host/db). Parses the URL and
    // validates the version-table name now (UsageError); connects on first use.
    static Migrator open(DialectRegistry const& dialects, std::string_view url, MigrationSource source,
                         OpenOptions const& options = {});
    // Over a soci::session the application already holds (sqlite3 or postgresql backend): the
    // session stays the caller's, and must outlive the Migrator and stay unused while it runs.
    // Writing operations hold the run lock elsewhere (PostgreSQL: a second connection opened
    // with the session's own parameters; SQLite: a lock file beside the database).
    static Migrator open(DialectRegistry const& dialects, soci::session& session, MigrationSource source,
                         OpenOptions const& options = {});
    // No database: for `sql` runs, which then assume nothing is applied, and for `check`.
    static Migrator offline(DialectRegistry const& dialects, std::string const& dialect,
                            MigrationSource source, OpenOptions const& options = {});

    Migrator(Migrator&&) noexcept;
    Migrator& operator=(Migrator&&) noexcept;
    ~Migrator();

    // Receives progress events of every later operation; null for none. Not owned.
    void set_observer(Observer* observer) noexcept;

    // Applies pending migrations in version order. Throws ChangedChecksum / OutOfOrder (exit 3,
    // unless allowed), DirtyVersion (1), ScriptError (1), LockTimeout (4), TargetNotInSet (2),
    // Interrupted (1) when stopped.
    RunReport up(UpOptions const& options = {});
    // Rolls back applied migrations, newest first. Throws StepsOutOfRange and TargetNotInSet (2),
    // and what up throws.
    RunReport down(DownOptions const& options = {});
    // The newest applied migration rolled back and applied again, under one lock (while writing
    // a migration). UsageError when none is applied; IrreversibleMigration when it has no down.
    RunReport redo();
    // Never creates the database or the version table.
    Status status();
    std::vector<AppliedRow> history();
    // The set is well formed (loading it throws MigrationSetError otherwise) and, with a
    // database, applied checksums match and no applied folder is missing.
    Problems validate();
    // Everything a CI job checks (see CheckOptions). Findings are values; throws for a
    // malformed set, a missing scratch server (ScratchServerNeeded) or an unreachable server.
    CheckReport check(CheckOptions const& options = {});
    // The schema in the stable text form snapshots use, without the version table. Throws
    // DatabaseError when the database does not exist.
    std::string schema_dump();
    // The schema as DDL the dialect can load (SQLite: the statements its catalog keeps, what
    // `.schema` prints; others: the catalog rendered as DDL), without the version table.
    std::string schema_sql();
    // The schema as data (the version table left out), for schema_dot and schema_mermaid.
    SchemaModel schema();
    // Resolve a dirty row: keep it as applied, or delete it. UsageError when it is not dirty.
    void repair_mark_applied(Version version);
    void repair_remove(Version version);
    // After an intentional edit of an applied migration's up script: its row takes the file's
    // current checksum, keeping the old one and who accepted the change (AppliedRow's
    // previous_checksum, checksum_accepted_by). Returns the old checksum, "" when they already
    // matched (nothing changed). UsageError when it is not applied, is dirty, or has no folder.
    std::string repair_accept_checksum(Version version);
    // Connects, when not yet connected, and nothing more: whether the database answers. Throws
    // ConnectionFailed when the server cannot be reached (the one failure worth retrying), other
    // Errors for everything else. A missing SQLite file answers (it is created by the first write).
    void ping();
    // The first column of a query's rows, in order (NULL as ""): how a fleet lists its tenant
    // schemas. It must be one SELECT (or VALUES, or a WITH around them), else UsageError before
    // anything is sent; it runs alone, in a read-only transaction that is rolled back, so it
    // changes nothing. Throws DatabaseError (the database's message) when it fails, and when the
    // database does not exist.
    std::vector<std::string> query_column(std::string const& query);
    // Records every migration up to `version` as applied without running it. UsageError when
    // the version table has rows or `version` is not in the set.
    std::vector<Migration const*> baseline(Version version);
    // Adopts another tool's history: records in one transaction, with the current files'
    // checksums, the migrations that `tool`'s version table (`table`, or the tool's default name)
    // says are applied. That table is only read. Throws CheckFailed (3) naming a dirty or failed
    // version, UsageError (2) when migrator's table has rows, the tool's table is missing, or it
    // records a version the set lacks.
    std::vector<Migration const*> import_history(Format tool, std::string const& table = {});

    // The set, loaded for this database's dialect (on first call). `scope` LoadScope::up_text is
    // enough to know the versions and their checksums, and is what up reads (see LoadScope).
    MigrationSet const& migrations(LoadScope scope = LoadScope::whole);
    Dialect const& dialect() const noexcept;
    // Redacted; "" for an offline Migrator.
    std::string const& database() const noexcept;
    bool has_database() const noexcept;
    QualifiedName const& version_table() const noexcept;

    // Stop after the migration in flight (a non-transactional one: after its statement in
    // flight), or stop waiting for the lock; the operation then throws Interrupted. The request
    // stays: later operations of this Migrator stop before their first migration. Thread-safe
    // and async-signal-safe.
    void request_stop() noexcept;
    // Also cancel the statement in flight, so that its migration rolls back whole. Thread-safe
    // and async-signal-safe (PQcancel, sqlite3_interrupt).
    void cancel() noexcept;

    // Over a native handle the caller owns (a sqlite3*, a PGconn*) of `dialect`; what
    // open(soci::session&) uses. The handle must outlive the Migrator.
    static Migrator adopt_native(DialectRegistry const& dialects, Dialect const& dialect, void* handle,
                                 MigrationSource source, OpenOptions const& options = {});

    struct Impl;

private:
    explicit Migrator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace migrator
