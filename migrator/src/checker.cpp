#include "migrator/checker.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include "migrator/errors.hpp"
#include "migrator/linter.hpp"
#include "migrator/loader.hpp"
#include "migrator/planner.hpp"
#include "migrator/runner.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

// Removes the scratch database on every exit path; never throws.
class Scratch {
public:
    Scratch(Dialect const& dialect, DatabaseUrl const& server, std::string const& dir)
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
    std::string string() const { return path_.string(); }

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

std::string dump(Dialect const& d, Session& s, QualifiedName const& table) {
    return render_schema(d.inspect_schema(s, table));
}

} // namespace

std::string snapshot_text(std::string const& dialect, std::string const& rendered) {
    return "-- migrator schema snapshot (" + dialect +
           "): written by `migrator check --update-snapshot` or `migrator schema dump`; do not edit.\n" +
           rendered;
}

std::string snapshot_body(std::string const& file_text) {
    std::istringstream in(file_text);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("--", 0) != 0) out += line + "\n";
    return out;
}

CheckReport Checker::run(CheckRequest const& req) const {
    CheckReport report;
    std::vector<std::pair<std::string, SchemaModel>> finals;
    Observer quiet;
    TempFolder tmp;

    for (auto const& name : req.dialects) {
        Dialect const& dialect = registry_.get(name);
        MigrationSet const set =
            Loader::load(req.migrations_dir, name, dialect.flavor()); // throws when malformed
        DialectSummary summary{name, 0, false, false};
        auto finding = [&](std::string kind, Migration const* m, std::string file, std::string message,
                           std::string diff = {}) {
            report.findings.push_back({std::move(kind), name, m ? m->folder : "", std::move(file), 0, "",
                                       std::move(message), std::move(diff)});
        };

        DatabaseUrl server; // unused by dialects whose scratch database is a file
        if (req.database && req.database->dialect() == name)
            server = *req.database;
        else if (dialect.scratch_needs_server())
            throw UsageError("check on " + name + " needs --database " + name +
                             "://... : a server on which it may create a scratch database");

        Scratch scratch(dialect, server, tmp.string());
        auto session = dialect.connect(scratch.url(), std::chrono::seconds(30));
        // "ops.schema_version" is a schema-qualified name on PostgreSQL, a plain table elsewhere.
        QualifiedName const vt =
            dialect.supports_schemas() ? req.version_table : QualifiedName{"", req.version_table.table};
        Runner runner(dialect, session.get(), vt, std::chrono::seconds(30));

        if (req.update_snapshot) {
            runner.up(set, std::nullopt, {}, quiet);
            fs::create_directories(req.snapshot_dir);
            std::ofstream(req.snapshot_dir / (name + ".sql"), std::ios::binary)
                << snapshot_text(name, dump(dialect, *session, vt));
            summary.snapshot_written = true;
            report.dialects.push_back(summary);
            continue;
        }

        // Round trip: for each migration, up, down (must restore the schema before it), up again
        // (must give the schema of the first up).
        std::string before = dump(dialect, *session, vt);
        bool complete = true;
        for (auto const& m : set.migrations()) {
            if (!m.for_this_dialect) continue;
            ++summary.migrations;
            auto step = [&](char const* what, auto&& action) {
                try {
                    action();
                    return true;
                } catch (ScriptError const& e) {
                    finding("round_trip", &m, e.path(), std::string(what) + " failed: " + e.what());
                    report.findings.back().line = e.line();
                    return false;
                }
            };
            if (!step("up", [&] { runner.up(set, m.version, {}, quiet); })) {
                complete = false;
                break;
            }
            std::string const after_up = dump(dialect, *session, vt);
            if (!step("down", [&] { runner.down(set, {DownTarget::Kind::steps, 1, {}}, {}, quiet); })) {
                complete = false;
                break;
            }
            std::string const after_down = dump(dialect, *session, vt);
            if (after_down != before)
                finding("round_trip", &m, m.down.path.string(),
                        "the down does not restore the schema from before the up",
                        line_diff(before, after_down));
            if (!step("up after down", [&] { runner.up(set, m.version, {}, quiet); })) {
                complete = false;
                break;
            }
            std::string const again = dump(dialect, *session, vt);
            if (again != after_up)
                finding("round_trip", &m, m.up.path.string(),
                        "up after down gives a different schema than the first up",
                        line_diff(after_up, again));
            before = again;
        }

        if (complete) {
            fs::path const snapshot = req.snapshot_dir / (name + ".sql");
            auto const committed = read_file(snapshot);
            if (!committed)
                finding("drift", nullptr, snapshot.string(),
                        "no snapshot; write it with `migrator check --update-snapshot` and commit it");
            else if (snapshot_body(*committed) != before)
                finding("drift", nullptr, snapshot.string(),
                        "the schema after all migrations differs from the snapshot",
                        line_diff(snapshot_body(*committed), before));
            finals.emplace_back(name, dialect.inspect_schema(*session, vt));
        }

        if (dialect.flavor() == SqlFlavor::postgresql)
            for (auto const& l : lint_postgresql(set)) {
                report.findings.push_back(
                    {"lint", name, l.migration->folder, l.file, l.line, l.rule, l.message, {}});
            }

        // A live database: the one --database names, when it holds a version table.
        if (req.live && req.database && req.database->dialect() == name) {
            bool const exists = dialect.database_exists(*req.database);
            auto live = exists ? dialect.connect(*req.database, std::chrono::seconds(30)) : nullptr;
            if (live && dialect.table_exists(*live, vt)) {
                summary.live_checked = true;
                Runner live_runner(dialect, live.get(), vt, std::chrono::seconds(30));
                auto const rows = live_runner.applied();
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
                bool const up_to_date = Planner::pending(set, rows).empty();
                auto const committed = read_file(req.snapshot_dir / (name + ".sql"));
                if (up_to_date && committed) {
                    std::string const live_dump = dump(dialect, *live, vt);
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
        for (auto const& d :
             parity_differences(finals[0].second, finals[0].first, finals[i].second, finals[i].first))
            report.findings.push_back({"parity", "", "", "", 0, "", d, {}});
    return report;
}

} // namespace migrator
