#include <sstream>

#include "commands.hpp"

namespace migrator::cli {

void setup_check(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::string dialects;
        std::optional<std::string> snapshot_dir;
        bool update_snapshot = false;
        bool no_live = false;
        bool ignore_column_order = false;
        std::optional<std::int64_t> lint_since;
        bool lint_pending = false;
    };
    auto opt = std::make_shared<Options>();
    auto* sub =
        app.add_subcommand("check", "CI: round trip, snapshot drift, dialect parity, lint, live checks");
    sub->add_option("--dialects", opt->dialects,
                    "comma-separated dialects to check (default: the database's, else sqlite)");
    sub->add_option("--snapshot-dir", opt->snapshot_dir,
                    "where <dialect>.sql snapshots live (default: schema/ beside the migrations)");
    sub->add_flag("--update-snapshot", opt->update_snapshot,
                  "write the snapshots from the migrations and exit 0");
    sub->add_flag("--no-live", opt->no_live, "use --database only as the server for scratch databases");
    sub->add_flag("--ignore-column-order", opt->ignore_column_order,
                  "a down that restores every column in another order is not a finding");
    sub->add_option("--lint-since", opt->lint_since,
                    "lint only migrations newer than this version (default: lint.since in migrator.yaml)")
        ->type_name("VERSION");
    sub->add_flag("--lint-pending", opt->lint_pending,
                  "lint only migrations the live database has not applied");
    commands.emplace_back(sub, [&ctx, opt] {
        auto& out = ctx.out();
        CheckOptions req;
        if (opt->snapshot_dir) req.snapshot_dir = *opt->snapshot_dir;
        std::stringstream list(opt->dialects);
        for (std::string d; std::getline(list, d, ',');)
            if (!d.empty()) req.dialects.emplace_back(ctx.registry().get(d).name());
        req.update_snapshot = opt->update_snapshot;
        req.live = !opt->no_live;
        req.ignore_column_order = opt->ignore_column_order;
        auto const& lint = ctx.config().lint;
        if (opt->lint_since)
            req.lint_since = Version{*opt->lint_since};
        else if (lint.since)
            req.lint_since = Version{*lint.since};
        req.lint_allow = lint.allow;
        if (!lint.allow_where.empty()) {
            // A misspelt id would allow nothing, silently.
            auto const rules = ctx.registry().lint_rules();
            for (auto const& [id, where] : lint.allow_where)
                if (!DialectRegistry::find_lint_rule(rules, id))
                    throw UsageError(where + ": lint.allow: unknown lint rule " + plain_or_hidden(id) +
                                     " (migrator help lint-rules lists them)");
        }
        req.lint_pending_only = opt->lint_pending;
        // Without a database nor --dialects: SQLite's scratch file, when the set is for SQLite; another
        // tool's set may be for PostgreSQL only, which needs a server.
        if (!ctx.has_database() && req.dialects.empty())
            if (MigrationSource const source = ctx.source();
                source.format(ctx.registry()) != Format::migrator)
                for (auto const& [name, error] : source.dialects_it_loads_for(ctx.registry()))
                    if (name == "sqlite" && !error.empty())
                        throw UsageError("the set does not load as sqlite (" + error +
                                         "); check it on the database it is for: --dialects postgresql "
                                         "--database postgresql://... (a server for scratch databases)");
        Migrator& m = ctx.has_database()
                          ? ctx.migrator()
                          : ctx.offline(req.dialects.empty() ? "sqlite" : req.dialects.front());
        install_cancel_handlers(m);
        auto const report = m.check(req);
        auto& findings = out.doc()["findings"] = nlohmann::json::array();
        for (auto const& f : report.findings) {
            std::string const message =
                f.message + (f.snapshot_missing
                                 ? "; write it with `migrator check --update-snapshot` and commit it"
                                 : "");
            findings.push_back({{"kind", to_string(f.kind)},
                                {"dialect", f.dialect},
                                {"migration", f.migration},
                                {"file", f.file},
                                {"line", f.line},
                                {"rule", f.rule},
                                {"message", message},
                                {"diff", f.diff}});
            std::string where =
                f.file.empty() ? "" : f.file + (f.line > 0 ? ":" + std::to_string(f.line) : "") + ": ";
            std::string text = std::string(to_string(f.kind)) + (f.rule.empty() ? "" : " " + f.rule) +
                               (f.dialect.empty() ? "" : " [" + f.dialect + "]") + ": " + where + message;
            out.line(text);
            if (!f.diff.empty()) {
                std::istringstream diff(f.diff);
                for (std::string l; std::getline(diff, l);)
                    out.line("    " + l);
            }
        }
        auto& dialects = out.doc()["dialects"] = nlohmann::json::array();
        for (auto const& d : report.dialects) {
            dialects.push_back({{"dialect", d.dialect},
                                {"migrations", d.migrations},
                                {"failed", d.failed},
                                {"skipped", d.skipped},
                                {"drift_skipped", d.drift_skipped},
                                {"irreversible", d.irreversible},
                                {"snapshot_written", d.snapshot_written},
                                {"live_checked", d.live_checked}});
            if (d.snapshot_written) continue;
            out.line(d.dialect + ": " + count_of(static_cast<std::size_t>(d.migrations), "migration") +
                     " round-tripped, " + std::to_string(d.failed) + " failed, " + std::to_string(d.skipped) +
                     " skipped" +
                     (d.irreversible.empty()
                          ? ""
                          : ", " + std::to_string(d.irreversible.size()) + " forward-only") +
                     (d.live_checked ? "; live database checked" : ""));
            if (!d.drift_skipped.empty()) out.line(d.dialect + ": drift " + d.drift_skipped);
            for (std::size_t i = 0; i < d.irreversible.size(); ++i) {
                std::string const& why = d.irreversible_why[i];
                out.line(d.dialect + ": round trip skipped for " + d.irreversible[i] + " (" +
                         (why.empty() || why == "migration.yaml: irreversible: true" ? "irreversible: true"
                                                                                     : why) +
                         ")");
            }
        }
        out.doc()["parity_skipped"] = report.parity_skipped;
        if (!report.parity_skipped.empty() && !opt->update_snapshot)
            out.line(
                "parity " + report.parity_skipped +
                (report.dialects.size() == 1 ? " (name more with --dialects, e.g. sqlite,postgresql)" : ""));
        for (auto const& file : report.snapshot_files)
            out.line("wrote " + file);
        out.doc()["clean"] = report.clean();
        if (!report.clean()) {
            out.line("check: " + count_of(report.findings.size(), "finding"));
            throw ExitWith{3};
        }
        if (!opt->update_snapshot) out.line("check: clean");
    });
}

} // namespace migrator::cli
