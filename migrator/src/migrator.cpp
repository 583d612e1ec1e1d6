#include "migrator/migrator.hpp"

#include <atomic>
#include <cctype>
#include <map>
#include <optional>

#include "check/checker.hpp"
#include "engine/executor.hpp"
#include "model/statement_kind.hpp"
#include "schema/schema_render.hpp"
#include "source/foreign_history.hpp"
#include "source/script_builder.hpp"

namespace migrator {

struct Migrator::Impl {
    Impl(DialectRegistry const& r, Dialect const& d, MigrationSource s, OpenOptions o)
        : registry(r), dialect(d), source(std::move(s)), options(std::move(o)),
          // A schema in the name is validated by the dialect that writes it; check strips it for
          // dialects without schemas.
          table(tenant_table(options, d)), store(d, table) {}

    // The version table, in OpenOptions::schema when one is given and the name has none.
    static QualifiedName tenant_table(OpenOptions const& o, Dialect const& d) {
        QualifiedName name = QualifiedName::parse(o.version_table, d.supports_schemas());
        if (o.schema.empty()) return name;
        d.search_path_sql(o.schema); // UsageError where the dialect has no schemas
        try {
            QualifiedName::parse(o.schema, false); // a plain identifier
        } catch (UsageError const&) {
            throw UsageError("bad schema name '" + printable(o.schema) +
                             "': use [A-Za-z_][A-Za-z0-9_]*, at most 63 bytes");
        }
        if (name.schema.empty()) name.schema = o.schema;
        return name;
    }

    DialectRegistry const& registry;
    Dialect const& dialect;
    MigrationSource source;
    OpenOptions options;
    QualifiedName table;
    VersionStore store;
    std::optional<DatabaseUrl> url;
    void* adopted = nullptr; // a native handle the application owns
    std::unique_ptr<Connection> connection;
    std::atomic<Connection*> active{nullptr};
    // By LoadScope; each kept once loaded, since reports point into it.
    std::optional<MigrationSet> sets[3];
    Observer* observer = nullptr;
    Observer quiet;
    RunControl control;
    std::string no_database;

    Observer& events() { return observer ? *observer : quiet; }
    // What a connection says about its lock waits goes to whichever observer is set then.
    struct LockWaits final : Observer {
        Impl& impl;
        explicit LockWaits(Impl& i) : impl(i) {}
        void on_lock_waiting(LockWait const& wait) override { impl.events().on_lock_waiting(wait); }
    } lock_waits{*this};
    bool has_database() const { return url.has_value() || adopted; }

    // The connection; with create=false, null when the database does not exist yet (a
    // missing SQLite file): read-only operations report it empty instead of creating it.
    Connection* connect(bool create) {
        if (connection) return connection.get();
        if (adopted)
            connection = dialect.adopt(adopted, options.lock_timeout);
        else if (!url || (!create && !dialect.database_exists(*url)))
            return nullptr;
        else
            connection = dialect.connect(*url, options.lock_timeout);
        connection->report_lock_waits(&lock_waits);
        active = connection.get();
        return connection.get();
    }

    // The connection to a database that must already exist (`shown`: its redacted URL).
    Connection& existing(std::string const& shown) {
        Connection* c = connect(false);
        if (!c) throw DatabaseError("database " + shown + " does not exist");
        return *c;
    }

    // The set, loaded at most once per scope: `up_only` for an operation that runs no down
    // script, `up_text` to learn whether there is anything to do. A set loaded with more
    // (whole before up_only before up_text) serves a caller that needs less; a set is never
    // replaced, since earlier reports point into it.
    MigrationSet const& migrations(LoadScope scope = LoadScope::whole) {
        for (LoadScope s : {LoadScope::whole, LoadScope::up_only, LoadScope::up_text}) {
            if (auto& set = sets[static_cast<int>(s)]) return *set;
            if (s == scope) break;
        }
        return sets[static_cast<int>(scope)].emplace(source.load(dialect, registry, scope));
    }

    void close_after_failure() noexcept {
        if (adopted) return;
        active = nullptr;
        connection.reset();
    }

    // Runs a writing operation on a live connection. After a failure the connection is closed
    // (unless the application owns it), so that no session lock or half-open transaction can
    // outlive the operation that failed.
    template <class Operation> auto live(Operation&& operation) {
        Connection* c = connect(true);
        if (!c) throw UsageError("no database: this operation needs one");
        LiveSink sink(*c, {options.lock_timeout, &events(), &control});
        Executor executor(c, sink, true, store, events(), control);
        executor.set_schema(options.schema);
        try {
            return operation(executor);
        } catch (Error const& e) {
            close_after_failure();
            // A cancelled statement fails like a bad one; say what really happened.
            if (control.cancel && !dynamic_cast<Interrupted const*>(&e))
                throw Interrupted(std::string("interrupted: the statement in flight was cancelled (") +
                                  e.what() +
                                  "); a transactional migration rolled back whole; the lock is released");
            throw;
        } catch (...) {
            close_after_failure();
            throw;
        }
    }

    // Runs an operation that changes nothing: a script (sql), or a plan (dry run).
    template <class Operation> RunReport offline(bool sql, Operation&& operation) {
        ScriptSink sink(dialect);
        Executor executor(connect(false), sink, false, store, events(), control);
        executor.set_schema(options.schema);
        RunReport report = operation(executor);
        if (sql) report.sql = sink.take();
        return report;
    }

    // The versioned rows; the repeatables' go to `repeatables` when given.
    std::vector<AppliedRow> rows(std::vector<AppliedRow>* repeatables = nullptr) {
        Connection* c = connect(false);
        return c ? store.read(*c, store.columns(*c), repeatables) : std::vector<AppliedRow>{};
    }
};

Migrator::Migrator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Migrator::Migrator(Migrator&&) noexcept = default;
Migrator& Migrator::operator=(Migrator&&) noexcept = default;
Migrator::~Migrator() = default;

Migrator Migrator::open(DialectRegistry const& dialects, std::string_view url, MigrationSource source,
                        OpenOptions const& options) {
    Dialect const& dialect = dialects.for_url(url);
    DatabaseUrl parsed = dialect.parse_url(url, options.base_dir);
    auto impl = std::make_unique<Impl>(dialects, dialect, std::move(source), options);
    impl->url = std::move(parsed);
    return Migrator(std::move(impl));
}

Migrator Migrator::offline(DialectRegistry const& dialects, std::string const& dialect,
                           MigrationSource source, OpenOptions const& options) {
    return Migrator(std::make_unique<Impl>(dialects, dialects.get(dialect), std::move(source), options));
}

Migrator Migrator::adopt_native(DialectRegistry const& dialects, Dialect const& dialect, void* handle,
                                MigrationSource source, OpenOptions const& options) {
    auto impl = std::make_unique<Impl>(dialects, dialect, std::move(source), options);
    impl->adopted = handle;
    return Migrator(std::move(impl));
}

void Migrator::set_observer(Observer* observer) noexcept {
    impl_->observer = observer;
}

RunReport Migrator::up(UpOptions const& options) {
    if (options.sql || options.dry_run) {
        auto const& set = impl_->migrations(LoadScope::up_only);
        UpOptions plain = options;
        plain.sql = false;
        plain.dry_run = options.dry_run && !options.sql;
        return impl_->offline(options.sql, [&](Executor& e) { return e.up(set, plain); });
    }
    // Checksums decide whether there is work; only the steps to run are split, from the text
    // read once.
    auto const& set = impl_->migrations(LoadScope::up_text);
    Dialect const& dialect = impl_->dialect;
    // A database that does not exist yet (a SQLite file): what can be refused without it is
    // refused before it is created, so a refused up leaves no file behind.
    if (impl_->url && !impl_->connection && !dialect.database_exists(*impl_->url))
        Executor::refuse_early(set, Planner::plan_up(set, {}, options.to, options.steps, false), options);
    return impl_->live([&](Executor& e) {
        return e.up(set, options, [&](Migration const& m) { return split_up_script(m, dialect); });
    });
}

RunReport Migrator::down(DownOptions const& options) {
    auto const& set = impl_->migrations();
    if (options.sql || options.dry_run) {
        DownOptions plain = options;
        plain.sql = false;
        plain.dry_run = options.dry_run && !options.sql;
        return impl_->offline(options.sql, [&](Executor& e) { return e.down(set, plain); });
    }
    return impl_->live([&](Executor& e) { return e.down(set, options); });
}

RunReport Migrator::redo() {
    auto const& set = impl_->migrations();
    return impl_->live([&](Executor& e) { return e.redo(set); });
}

Status Migrator::status() {
    auto const& set = impl_->migrations();
    std::vector<AppliedRow> repeatable_rows;
    auto const rows = impl_->rows(&repeatable_rows);
    Status status;
    // A database another tool manages says so before migrator calls everything pending.
    if (rows.empty())
        if (Connection* c = impl_->connect(false)) status.foreign = ForeignHistory::find(*c);
    status.problems = Planner::inspect(set, rows);
    status.applied = static_cast<int>(rows.size());
    if (!rows.empty()) status.current_version = rows.back().version;
    std::map<Version, AppliedRow const*> applied;
    for (auto const& r : rows)
        applied[r.version] = &r;
    std::map<Version, bool> changed;
    for (auto const& c : status.problems.changed)
        changed[c.migration->version] = true;
    for (auto const& m : set.migrations()) {
        auto const it = applied.find(m.version);
        MigrationStatus s{m.version, m.name, m.folder, MigrationState::applied, &m, std::nullopt};
        if (it != applied.end()) s.row = *it->second;
        s.state = !m.for_this_dialect        ? MigrationState::not_for_dialect
                  : it == applied.end()      ? MigrationState::pending
                  : it->second->dirty        ? MigrationState::dirty
                  : changed.count(m.version) ? MigrationState::changed
                                             : MigrationState::applied;
        status.pending += s.state == MigrationState::pending;
        status.migrations.push_back(std::move(s));
    }
    for (auto const& r : status.problems.missing)
        status.migrations.push_back({r.version, r.name, "", MigrationState::missing, nullptr, r});
    for (auto const& r : set.repeatables()) {
        MigrationStatus s{r.version, r.name, r.folder, MigrationState::pending, &r, std::nullopt};
        for (auto const& row : repeatable_rows)
            if (row.version == r.version) {
                s.row = row;
                if (row.checksum == r.up.checksum) s.state = MigrationState::applied;
            }
        status.repeatables.push_back(std::move(s));
    }
    return status;
}

std::vector<AppliedRow> Migrator::history() {
    return impl_->rows();
}

Problems Migrator::validate() {
    auto const& set = impl_->migrations();
    if (!impl_->has_database()) return {};
    Problems p = Planner::inspect(set, impl_->rows());
    p.out_of_order.clear(); // pending work, not a defect of the set
    p.dirty.clear();
    return p;
}

CheckReport Migrator::check(CheckOptions const& options) {
    CheckRequest req{impl_->source, options.snapshot_dir, options.dialects, {}, impl_->url};
    req.live = options.live;
    req.update_snapshot = options.update_snapshot;
    req.version_table = QualifiedName::parse(impl_->options.version_table, true);
    req.ignore_column_order = options.ignore_column_order;
    req.lint_since = options.lint_since;
    req.lint_pending_only = options.lint_pending_only;
    req.lint_allow = options.lint_allow;
    req.control = &impl_->control;
    req.active = &impl_->active;
    if (req.dialects.empty()) req.dialects.emplace_back(impl_->dialect.name());
    if (req.snapshot_dir.empty()) {
        auto const dir = impl_->source.tree().directory();
        if (dir.empty()) throw UsageError("check needs a snapshot directory for an embedded migration set");
        req.snapshot_dir = dir.parent_path() / "schema";
    }
    return Checker(impl_->registry).run(req);
}

std::string Migrator::schema_dump() {
    Connection& c = impl_->existing(database());
    return snapshot_text(std::string(impl_->dialect.name()), render_schema(c.inspect_schema(impl_->table)));
}

SchemaModel Migrator::schema() {
    return impl_->existing(database()).inspect_schema(impl_->table);
}

std::string Migrator::schema_sql() {
    return impl_->existing(database()).schema_sql(impl_->table);
}

std::vector<std::string> Migrator::query_column(std::string const& query) {
    // One SELECT (or VALUES, or a WITH around them), checked before it is sent; the connection
    // then runs it read-only, alone, and rolls it back (a script's own COMMIT cannot escape).
    auto const statements = impl_->dialect.split(query);
    if (statements.size() != 1)
        throw UsageError("the query must be one statement; it holds " + std::to_string(statements.size()));
    std::string_view text = statements.front().text;
    while (!text.empty() && (text.front() == '(' || std::isspace(static_cast<unsigned char>(text.front()))))
        text.remove_prefix(1);
    std::string const first = first_keyword(text);
    if (first != "SELECT" && first != "VALUES" && first != "WITH" && first != "TABLE")
        throw UsageError("the query must be a SELECT (or VALUES, or a WITH around them), not " +
                         (first.empty() ? std::string("this") : first));
    Connection& c = impl_->existing(database());
    std::vector<std::string> column;
    for (auto& row : c.query_read_only(statements.front().text))
        column.push_back(row.empty() ? std::string() : std::move(row.front()));
    return column;
}

void Migrator::repair_mark_applied(Version version) {
    impl_->live([&](Executor& e) { e.repair(version, true); });
}

void Migrator::repair_remove(Version version) {
    impl_->live([&](Executor& e) { e.repair(version, false); });
}

std::string Migrator::repair_accept_checksum(Version version) {
    auto const& set = impl_->migrations();
    return impl_->live([&](Executor& e) { return e.accept_checksum(set, version); });
}

void Migrator::ping() {
    if (!impl_->has_database()) throw UsageError("no database: this operation needs one");
    impl_->connect(false);
}

std::vector<Migration const*> Migrator::baseline(Version version) {
    auto const& set = impl_->migrations();
    return impl_->live([&](Executor& e) { return e.baseline(set, version); });
}

std::vector<Migration const*> Migrator::import_history(Format tool, std::string const& table) {
    auto const& set = impl_->migrations();
    QualifiedName const name = QualifiedName::parse(
        table.empty() ? ForeignHistory::default_table(tool) : table, impl_->dialect.supports_schemas());
    Connection* c = impl_->connect(false);
    if (!c) throw UsageError("the database " + database() + " does not exist: there is no history to import");
    // Read before the lock: a dirty or failed row refuses the import before anything is written.
    auto const applied = ForeignHistory::applied(*c, tool, name, set, impl_->options.lock_timeout);
    return impl_->live([&](Executor& e) { return e.record(applied, "import"); });
}

MigrationSet const& Migrator::migrations(LoadScope scope) {
    return impl_->migrations(scope);
}

Dialect const& Migrator::dialect() const noexcept {
    return impl_->dialect;
}

std::string const& Migrator::database() const noexcept {
    if (impl_->url) return impl_->url->redacted();
    return impl_->connection ? impl_->connection->description() : impl_->no_database;
}

bool Migrator::has_database() const noexcept {
    return impl_->has_database();
}

QualifiedName const& Migrator::version_table() const noexcept {
    return impl_->table;
}

void Migrator::request_stop() noexcept {
    impl_->control.stop = true;
}

void Migrator::cancel() noexcept {
    impl_->control.stop = true;
    impl_->control.cancel = true;
    if (Connection* c = impl_->active.load()) c->cancel();
}

} // namespace migrator
