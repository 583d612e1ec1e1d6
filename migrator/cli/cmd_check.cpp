#include <sstream>

#include "commands.hpp"
#include "migrator/checker.hpp"

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
        CheckRequest req;
        req.migrations_dir = ctx.config().migrations_dir;
        req.snapshot_dir = opt->snapshot_dir
                               ? std::filesystem::path(*opt->snapshot_dir)
                               : std::filesystem::path(req.migrations_dir).parent_path() / "schema";
        if (ctx.has_database()) req.database = ctx.url();
        std::stringstream list(opt->dialects.empty() ? (req.database ? req.database->dialect() : "sqlite")
                                                     : opt->dialects);
        for (std::string d; std::getline(list, d, ',');)
            if (!d.empty()) req.dialects.push_back(ctx.dialect(d).name().data());
        bool const any_schemas = std::any_of(req.dialects.begin(), req.dialects.end(), [&](auto const& d) {
            return ctx.dialect(d).supports_schemas();
        });
        req.version_table = QualifiedName::parse(ctx.config().version_table, any_schemas);
        req.update_snapshot = opt->update_snapshot;
        req.live = !opt->no_live;

        auto const report = Checker(ctx.registry()).run(req);
        auto& findings = out.doc()["findings"] = nlohmann::json::array();
        for (auto const& f : report.findings) {
            findings.push_back({{"kind", f.kind},
                                {"dialect", f.dialect},
                                {"migration", f.migration},
                                {"file", f.file},
                                {"line", f.line},
                                {"rule", f.rule},
                                {"message", f.message},
                                {"diff", f.diff}});
            std::string where =
                f.file.empty() ? "" : f.file + (f.line > 0 ? ":" + std::to_string(f.line) : "") + ": ";
            std::string text = f.kind + (f.rule.empty() ? "" : " " + f.rule) +
                               (f.dialect.empty() ? "" : " [" + f.dialect + "]") + ": " + where + f.message;
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
            if (d.snapshot_written)
                out.line("wrote " + (req.snapshot_dir / (d.dialect + ".sql")).string());
            else
                out.line(d.dialect + ": " + std::to_string(d.migrations) + " migration(s) round-tripped" +
                         (d.live_checked ? ", live database checked" : ""));
        }
        out.doc()["clean"] = report.clean();
        if (!report.clean()) {
            out.line("check: " + std::to_string(report.findings.size()) + " finding(s)");
            throw ExitWith{3};
        }
        if (!opt->update_snapshot) out.line("check: clean");
    });
}

} // namespace migrator::cli
