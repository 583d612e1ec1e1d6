#include "checker.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include "executor.hpp"
#include "line_diff.hpp"
#include "migrator/errors.hpp"
#include "migrator/text_file.hpp"
#include "owned_temp_dir.hpp"
#include "planner.hpp"
#include "schema_comparison.hpp"
#include "schema_parity.hpp"
#include "schema_render.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

constexpr auto check_timeout = std::chrono::seconds(30);

// Removes the scratch database on every exit path; never throws.
class Scratch {
public:
    Scratch(Dialect const& dialect, DatabaseUrl const& server, fs::path const& dir)
        : dialect_(dialect), server_(server), url_(dialect.create_scratch(server, dir)) {}
    ~Scratch() {
        try {
            dialect_.drop_scratch(server_, url_);
        } catch (...) {
        }
    }
    Scratch(Scratch const&) = delete;
    Scratch& operator=(Scratch const&) = delete;
    DatabaseUrl const& url() const { return url_; }

private:
    Dialect const& dialect_;
    DatabaseUrl server_;
    DatabaseUrl url_;
};

std::optional<std::string> read_file(fs::path const& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// One dialect's scratch database, migrated through the executor like any live run.
struct ScratchRun {
    Connection& connection;
    VersionStore store;
    Observer quiet;
    LiveSink sink;
    Executor executor;
    ScratchRun(Connection& c, Dialect const& d, QualifiedName const& table, RunControl const& control)
        : connection(c), store(d, table), sink(c, {check_timeout, nullptr, &control}),
          executor(&c, sink, true, store, quiet, control) {}
    std::string dump() { return render_schema(connection.inspect_schema(store.table())); }
    void up_to(MigrationSet const& set, Version v) {
        UpOptions o;
        o.to = v;
        executor.up(set, o);
    }
    void down_one(MigrationSet const& set) {
        DownOptions o;
        o.target = {DownTarget::Kind::steps, 1, {}};
        executor.down(set, o);
    }
};

// One scratch database and the run over it; rebuilt when a broken step leaves it unusable.
// While it lives, `active` names its connection, for a cancel from another thread.
struct ScratchDb {
    Scratch scratch;
    std::unique_ptr<Connection> connection;
    ScratchRun run;
    std::atomic<Connection*>* active;
    ScratchDb(Dialect const& d, DatabaseUrl const& server, fs::path const& dir, QualifiedName const& vt,
              RunControl const& control, std::atomic<Connection*>* active_connection)
        : scratch(d, server, dir), connection(d.connect(scratch.url(), check_timeout)),
          run(*connection, d, vt, control), active(active_connection) {
        if (active) *active = connection.get();
    }
    ~ScratchDb() {
        if (active) *active = nullptr;
    }
    ScratchDb(ScratchDb const&) = delete;
    ScratchDb& operator=(ScratchDb const&) = delete;
};

void stop_if_asked(RunControl const& control) {
    if (control.stop_requested())
        throw Interrupted("interrupted: check stopped; its scratch databases and folder are removed");
}

} // namespace

void Checker::require_known_allow_comments(MigrationSet const& set) const {
    std::optional<std::vector<std::pair<std::string, LintRule>>> rules; // read at the first comment
    for (auto const& m : set.migrations()) {
        if (!m.for_this_dialect || m.up.text.find("migrator:allow") == std::string::npos) continue;
        if (!rules) rules = registry_.lint_rules();
        for (auto const& [id, line] : allow_comments(m.up.text, m.up.first_line))
            if (!registry_.find_lint_rule(*rules, id))
                throw MigrationSetError(m.up.path.string() + ":" + std::to_string(line) +
                                        ": unknown lint rule '" + printable(id, 60) +
                                        "' in -- migrator:allow (migrator help lint-rules lists them)");
    }
}

CheckReport Checker::run(CheckRequest const& req) const {
    CheckReport report;
    struct Final {
        std::string name;
        Dialect const* dialect;
        SchemaModel schema;
    };
    std::vector<Final> finals;
    RunControl own_control;
    RunControl const& control = req.control ? *req.control : own_control;
    OwnedTempDir tmp(fs::temp_directory_path(), "migrator-check-");

    for (auto const& name : req.dialects) {
        Dialect const& dialect = registry_.get(name);
        MigrationSet const set = req.source.load(dialect, registry_); // throws when malformed
        DialectSummary summary;
        summary.dialect = name;
        auto finding = [&](std::string kind, Migration const* m, std::string file, std::string message,
                           std::string diff = {}) -> Finding& {
            report.findings.push_back({std::move(kind), name, m ? m->folder : "", std::move(file), 0, "",
                                       std::move(message), std::move(diff), false});
            return report.findings.back();
        };

        DatabaseUrl server; // unused by dialects whose scratch database is a file
        bool const has_server = req.database && req.database->dialect() == name;
        if (has_server)
            server = *req.database;
        else if (dialect.scratch_needs_server())
            throw ScratchServerNeeded(name);

        // "ops.schema_version" is a schema-qualified name where there are schemas, a table elsewhere.
        QualifiedName const vt =
            dialect.supports_schemas() ? req.version_table : QualifiedName{"", req.version_table.table};
        if (has_server) dialect.drop_stale_scratch(server);
        std::optional<ScratchDb> db;
        db.emplace(dialect, server, tmp.path(), vt, control, req.active);

        fs::path const snapshot = req.snapshot_dir / (name + ".sql");
        if (req.update_snapshot) {
            db->run.executor.up(set, {});
            fs::create_directories(req.snapshot_dir);
            write_text_file(snapshot, snapshot_text(name, db->run.dump()));
            summary.snapshot_written = true;
            report.snapshot_files.push_back(snapshot.string());
            report.dialects.push_back(summary);
            continue;
        }

        // Round trip: for each migration, up, down (must restore the schema before it), up again
        // (must give the schema of the first up). A broken step is reported and the scratch
        // database rebuilt at that point (the ups in order, without the broken down), so that
        // one run lists every defective migration.
        std::string before = db->run.dump();
        Migration const* failed_up = nullptr;
        for (auto const& m : set.migrations()) {
            stop_if_asked(control);
            if (!m.for_this_dialect) continue;
            if (failed_up) {
                ++summary.skipped;
                continue;
            }
            auto step = [&](char const* what, auto&& action) {
                try {
                    action();
                    return true;
                } catch (ScriptError const& e) {
                    stop_if_asked(control); // a cancelled statement is no finding
                    // The finding's file and line say where; the message says what.
                    finding("round_trip", &m, e.path(),
                            std::string(what) + " failed: statement " + std::to_string(e.statement()) + ": " +
                                e.db_message() + (e.sqlstate().empty() ? "" : " [" + e.sqlstate() + "]"))
                        .line = e.line();
                    return false;
                }
            };
            auto compare = [&](std::string const& expected, std::string const& actual,
                               std::string const& file, std::string const& what) {
                SchemaComparison const c = compare_schemas(expected, actual, req.ignore_column_order);
                if (c.same) return true;
                if (!c.column_order.empty())
                    finding("round_trip", &m, file, what + ": column order differs: " + c.column_order);
                else
                    finding("round_trip", &m, file,
                            m.down.statements.empty() && what.rfind("the down", 0) == 0
                                ? "the down is empty (a no-op), but the up changed the schema"
                                : what,
                            c.diff);
                return false;
            };
            if (!step("up", [&] { db->run.up_to(set, m.version); })) {
                ++summary.failed;
                failed_up = &m;
                continue;
            }
            std::string const after_up = db->run.dump();
            if (m.irreversible) {
                summary.irreversible.push_back(m.folder);
                summary.irreversible_why.push_back(m.irreversible_why);
                before = after_up;
                continue;
            }
            bool sound = step("down", [&] { db->run.down_one(set); });
            if (sound) {
                sound = compare(before, db->run.dump(), m.down.path.string(),
                                "the down does not restore the schema from before the up");
                bool const again = step("up after down", [&] { db->run.up_to(set, m.version); });
                if (again)
                    sound = compare(after_up, db->run.dump(), m.up.path.string(),
                                    "up after down gives a different schema than the first up") &&
                            sound;
                sound = sound && again;
            }
            if (sound) {
                ++summary.migrations;
                before = after_up;
                continue;
            }
            ++summary.failed;
            db.reset();
            stop_if_asked(control);
            db.emplace(dialect, server, tmp.path(), vt, control, req.active);
            db->run.up_to(set, m.version);
            before = db->run.dump();
        }

        stop_if_asked(control);
        auto const committed = read_file(snapshot);
        if (failed_up) {
            summary.drift_skipped =
                "not checked: " + failed_up->folder + "'s up failed, so the final schema is unknown";
        } else {
            if (!committed)
                finding("drift", nullptr, snapshot.string(), "no snapshot").snapshot_missing = true;
            else if (snapshot_body(*committed) != before)
                finding("drift", nullptr, snapshot.string(),
                        "the schema after all migrations differs from the snapshot",
                        line_diff(snapshot_body(*committed), before));
            finals.push_back({name, &dialect, db->connection->inspect_schema(vt)});
        }

        // Lint what is new: old migrations' findings cannot be fixed without changing checksums.
        std::set<Version> applied_live;
        if (req.lint_pending_only) {
            if (!has_server || !dialect.database_exists(*req.database))
                throw UsageError("linting only pending migrations needs the live database (of " + name + ")");
            auto live = dialect.connect(*req.database, check_timeout);
            VersionStore store(dialect, vt);
            if (auto const columns = store.columns(*live); !columns.empty())
                for (auto const& r : store.read(*live, columns))
                    applied_live.insert(r.version);
        }
        require_known_allow_comments(set);
        for (auto const& l : dialect.lint(set)) {
            Version const v = l.migration->version;
            if (req.lint_since && v <= *req.lint_since) continue;
            if (applied_live.count(v)) continue;
            if (auto const it = req.lint_allow.find(v.value);
                it != req.lint_allow.end() &&
                std::find(it->second.begin(), it->second.end(), l.rule) != it->second.end())
                continue;
            report.findings.push_back(
                {"lint", name, l.migration->folder, l.file, l.line, l.rule, l.message, {}, false});
        }

        // A live database: the one --database names, when it holds a version table.
        if (req.live && has_server && dialect.database_exists(*req.database)) {
            auto live = dialect.connect(*req.database, check_timeout);
            VersionStore store(dialect, vt);
            auto const columns = store.columns(*live);
            if (!columns.empty()) {
                summary.live_checked = true;
                auto const rows = store.read(*live, columns);
                auto const problems = Planner::inspect(set, rows);
                for (auto const& c : problems.changed)
                    finding("changed", c.migration, c.migration->up.path.string(),
                            "applied migration changed since it was applied (checksum " +
                                c.migration->up.checksum.substr(0, 12) + ", recorded " +
                                c.recorded.substr(0, 12) + ")");
                for (auto const& r : problems.missing)
                    finding("missing", nullptr, "",
                            "applied version " + std::to_string(r.version.value) + " (" + r.name +
                                ") has no migration folder");
                for (auto const* m : problems.out_of_order)
                    finding("out_of_order", m, m->up.path.string(),
                            "pending, but older than the newest applied version");
                if (Planner::pending(set, rows).empty() && committed) {
                    std::string const live_dump = render_schema(live->inspect_schema(vt));
                    if (snapshot_body(*committed) != live_dump)
                        finding("live_drift", nullptr, req.database->redacted(),
                                "the live schema differs from the snapshot",
                                line_diff(snapshot_body(*committed), live_dump));
                }
            }
        }
        report.dialects.push_back(summary);
    }

    if (req.dialects.size() < 2)
        report.parity_skipped = "not checked: one dialect";
    else if (finals.size() < req.dialects.size())
        report.parity_skipped = "not checked for every dialect: an up failed on " +
                                std::to_string(req.dialects.size() - finals.size()) + " of them";
    for (std::size_t i = 1; i < finals.size(); ++i)
        for (auto const& d : parity_differences(finals[0].schema, finals[0].name, *finals[0].dialect,
                                                finals[i].schema, finals[i].name, *finals[i].dialect))
            report.findings.push_back({"parity", "", "", "", 0, "", d, {}, false});
    return report;
}

} // namespace migrator
