#include "checker.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include "executor.hpp"
#include "line_diff.hpp"
#include "migrator/errors.hpp"
#include "migrator/text_file.hpp"
#include "planner.hpp"
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

class TempFolder {
public:
    TempFolder()
        : path_(fs::temp_directory_path() /
                ("migrator-check-" +
                 std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()))) {
        fs::create_directories(path_);
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempFolder(TempFolder const&) = delete;
    TempFolder& operator=(TempFolder const&) = delete;
    fs::path const& path() const { return path_; }

private:
    fs::path path_;
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
    RunControl control;
    Observer quiet;
    LiveSink sink;
    Executor executor;
    ScratchRun(Connection& c, Dialect const& d, QualifiedName const& table)
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

} // namespace

CheckReport Checker::run(CheckRequest const& req) const {
    CheckReport report;
    struct Final {
        std::string name;
        Dialect const* dialect;
        SchemaModel schema;
    };
    std::vector<Final> finals;
    TempFolder tmp;

    for (auto const& name : req.dialects) {
        Dialect const& dialect = registry_.get(name);
        MigrationSet const set = req.source.load(dialect, registry_); // throws when malformed
        DialectSummary summary{name, 0, false, false};
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
        Scratch scratch(dialect, server, tmp.path());
        auto connection = dialect.connect(scratch.url(), check_timeout);
        ScratchRun run(*connection, dialect, vt);

        fs::path const snapshot = req.snapshot_dir / (name + ".sql");
        if (req.update_snapshot) {
            run.executor.up(set, {});
            fs::create_directories(req.snapshot_dir);
            write_text_file(snapshot, snapshot_text(name, run.dump()));
            summary.snapshot_written = true;
            report.snapshot_files.push_back(snapshot.string());
            report.dialects.push_back(summary);
            continue;
        }

        // Round trip: for each migration, up, down (must restore the schema before it), up again
        // (must give the schema of the first up).
        std::string before = run.dump();
        bool complete = true;
        for (auto const& m : set.migrations()) {
            if (!m.for_this_dialect) continue;
            ++summary.migrations;
            auto step = [&](char const* what, auto&& action) {
                try {
                    action();
                    return true;
                } catch (ScriptError const& e) {
                    finding("round_trip", &m, e.path(), std::string(what) + " failed: " + e.what()).line =
                        e.line();
                    return false;
                }
            };
            if (!step("up", [&] { run.up_to(set, m.version); })) {
                complete = false;
                break;
            }
            std::string const after_up = run.dump();
            if (!step("down", [&] { run.down_one(set); })) {
                complete = false;
                break;
            }
            std::string const after_down = run.dump();
            if (after_down != before)
                finding("round_trip", &m, m.down.path.string(),
                        m.down.statements.empty()
                            ? "the down is empty (a no-op), but the up changed the schema"
                            : "the down does not restore the schema from before the up",
                        line_diff(before, after_down));
            if (!step("up after down", [&] { run.up_to(set, m.version); })) {
                complete = false;
                break;
            }
            std::string const again = run.dump();
            if (again != after_up)
                finding("round_trip", &m, m.up.path.string(),
                        "up after down gives a different schema than the first up",
                        line_diff(after_up, again));
            before = again;
        }

        auto const committed = read_file(snapshot);
        if (complete) {
            if (!committed)
                finding("drift", nullptr, snapshot.string(), "no snapshot").snapshot_missing = true;
            else if (snapshot_body(*committed) != before)
                finding("drift", nullptr, snapshot.string(),
                        "the schema after all migrations differs from the snapshot",
                        line_diff(snapshot_body(*committed), before));
            finals.push_back({name, &dialect, connection->inspect_schema(vt)});
        }

        for (auto const& l : dialect.lint(set))
            report.findings.push_back(
                {"lint", name, l.migration->folder, l.file, l.line, l.rule, l.message, {}, false});

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

    for (std::size_t i = 1; i < finals.size(); ++i)
        for (auto const& d : parity_differences(finals[0].schema, finals[0].name, *finals[0].dialect,
                                                finals[i].schema, finals[i].name, *finals[i].dialect))
            report.findings.push_back({"parity", "", "", "", 0, "", d, {}, false});
    return report;
}

} // namespace migrator
