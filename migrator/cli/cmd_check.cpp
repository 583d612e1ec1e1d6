#include <sstream>

#include "commands.hpp"

namespace migrator::cli {

void setup_check(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::string dialects;
        std::optional<std::string> snapshot_dir;
        bool update_snapshot = false;
        bool no_live = false;
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
    commands.emplace_back(sub, [&ctx, opt] {
        auto& out = ctx.out();
        CheckOptions req;
        if (opt->snapshot_dir) req.snapshot_dir = *opt->snapshot_dir;
        std::stringstream list(opt->dialects);
        for (std::string d; std::getline(list, d, ',');)
            if (!d.empty()) req.dialects.push_back(std::string(ctx.registry().get(d).name()));
        req.update_snapshot = opt->update_snapshot;
        req.live = !opt->no_live;
        Migrator& m = ctx.has_database()
                          ? ctx.migrator()
                          : ctx.offline(req.dialects.empty() ? "sqlite" : req.dialects.front());
        auto const report = m.check(req);
        auto& findings = out.doc()["findings"] = nlohmann::json::array();
        for (auto const& f : report.findings) {
            std::string const message =
                f.message + (f.snapshot_missing
                                 ? "; write it with `migrator check --update-snapshot` and commit it"
                                 : "");
            findings.push_back({{"kind", f.kind},
                                {"dialect", f.dialect},
                                {"migration", f.migration},
                                {"file", f.file},
                                {"line", f.line},
                                {"rule", f.rule},
                                {"message", message},
                                {"diff", f.diff}});
            std::string where =
                f.file.empty() ? "" : f.file + (f.line > 0 ? ":" + std::to_string(f.line) : "") + ": ";
            std::string text = f.kind + (f.rule.empty() ? "" : " " + f.rule) +
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
                                {"snapshot_written", d.snapshot_written},
                                {"live_checked", d.live_checked}});
            if (!d.snapshot_written)
                out.line(d.dialect + ": " + std::to_string(d.migrations) + " migration(s) round-tripped" +
                         (d.live_checked ? ", live database checked" : ""));
        }
        for (auto const& file : report.snapshot_files)
            out.line("wrote " + file);
        out.doc()["clean"] = report.clean();
        if (!report.clean()) {
            out.line("check: " + std::to_string(report.findings.size()) + " finding(s)");
            throw ExitWith{3};
        }
        if (!opt->update_snapshot) out.line("check: clean");
    });
}

} // namespace migrator::cli
