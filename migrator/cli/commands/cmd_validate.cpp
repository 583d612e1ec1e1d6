#include <functional>
#include <set>

#include "commands.hpp"

namespace migrator::cli {

namespace {
// `validate --against DIR`: this branch's set against the base branch's, dialect by dialect.
void compare_against(Context& ctx, std::string const& base_dir,
                     std::function<void(char const*, Version, std::string const&)> const& add) {
    std::set<std::string> said;
    for (auto const& name : ctx.registry().names()) {
        auto here = Migrator::offline(ctx.registry(), name, ctx.source(), ctx.open_options());
        auto base = Migrator::offline(ctx.registry(), name,
                                      MigrationSource::directory(base_dir, {ctx.config().format, false}),
                                      ctx.open_options());
        auto const& base_set = base.migrations().migrations();
        if (base_set.empty()) continue;
        Migration const& newest = base_set.back();
        for (auto const& m : here.migrations().migrations()) {
            Migration const* b = base.migrations().find(m.version);
            std::string text;
            char const* kind = nullptr;
            if (!b && m.version < newest.version) {
                kind = "out_of_order";
                text =
                    m.up.path.string() + ": version " + std::to_string(m.version.value) +
                    " is new on this branch but older than " + newest.folder +
                    " on the base branch: once merged it would arrive out of order (give it a newer version)";
            } else if (b && b->for_this_dialect && m.for_this_dialect && b->up.checksum != m.up.checksum) {
                kind = "changed";
                text = m.up.path.string() + ": its up differs from the base branch's " + b->up.path.string() +
                       " (checksum " + m.up.checksum.substr(0, 12) + ", base " +
                       b->up.checksum.substr(0, 12) + ")";
            }
            if (kind && said.insert(text).second) add(kind, m.version, text);
        }
    }
}

} // namespace

void setup_validate(CLI::App& app, Context& ctx, CommandList& commands) {
    auto against = std::make_shared<std::string>();
    auto dialect = std::make_shared<std::optional<std::string>>();
    auto* sub =
        app.add_subcommand("validate", "check the migration set is well formed and applied checksums match");
    sub->add_option(
           "--dialect", *dialect,
           "without a database: read the set for this dialect only (default: every dialect it is for)")
        ->type_name("D");
    sub->add_option("--against", *against,
                    "the base branch's migrations directory: report versions that would arrive out of order "
                    "once merged, and migrations whose up changed (exit 3)")
        ->type_name("DIR");
    commands.emplace_back(sub, [&ctx, against, dialect] {
        auto& out = ctx.out();
        auto& findings = out.doc()["findings"] = nlohmann::json::array();
        auto add = [&](char const* kind, Version v, std::string const& text) {
            findings.push_back({{"kind", kind}, {"version", v.value}, {"message", text}});
            Output::error(text);
        };
        std::size_t count = 0;
        if (!ctx.has_database()) {
            // No database: the set as each dialect it is for would load it. migrator's own layout
            // is for every dialect; another tool's set is for those its content loads for.
            std::vector<std::string> names = ctx.registry().names();
            if (*dialect) {
                names = {std::string(ctx.registry().get(**dialect).name())};
            } else if (MigrationSource const source = ctx.source();
                       source.format(ctx.registry()) != Format::migrator) {
                names.clear();
                for (auto const& [name, error] : source.dialects_it_loads_for(ctx.registry())) {
                    if (error.empty()) {
                        names.push_back(name);
                        continue;
                    }
                    out.doc()["not_for"][name] = error;
                    out.line(name + ": not read for it: its content does not load as " + name + " (" + error +
                             ")");
                }
            }
            std::set<std::string> said;
            for (auto const& name : names) {
                auto m = Migrator::offline(ctx.registry(), name, ctx.source(), ctx.open_options());
                warn_about_set(m.migrations(), out, said);
                out.line(name + ": " + count_of(m.migrations().migrations().size(), "migration") +
                         ", well formed");
            }
        } else {
            Migrator& m = ctx.migrator();
            std::set<std::string> said;
            warn_about_set(m.migrations(), out, said);
            auto const problems = m.validate();
            for (auto const& c : problems.changed)
                add("changed", c.migration->version,
                    c.migration->up.path.string() + ": changed since it was applied (checksum " +
                        c.migration->up.checksum.substr(0, 12) + ", recorded " + c.recorded.substr(0, 12) +
                        ")");
            for (auto const& r : problems.missing)
                add("missing", r.version,
                    "applied version " + std::to_string(r.version.value) + " (" + r.name +
                        ") has no migration folder");
            count = m.migrations().migrations().size();
        }
        if (!against->empty()) compare_against(ctx, *against, add);
        out.doc()["valid"] = findings.empty();
        if (!findings.empty()) throw ExitWith{3};
        if (ctx.has_database())
            out.line(count_of(count, "migration") + ", well formed; applied checksums match");
        if (!against->empty()) out.line("against " + *against + ": nothing out of order, no up changed");
    });
}

} // namespace migrator::cli
