#include <iostream>

#include "commands.hpp"

namespace migrator::cli {

void setup_version(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub =
        app.add_subcommand("version", "the current version alone, on one line (none: nothing applied)");
    sub->alias("current");
    commands.emplace_back(sub, [&ctx] {
        // The version table only: the scripts are not read, so a deploy script pays one query.
        auto const rows = ctx.migrator().history();
        std::optional<Version> const current =
            rows.empty() ? std::nullopt : std::optional<Version>(rows.back().version);
        ctx.out().doc()["current_version"] =
            current ? nlohmann::json(current->value) : nlohmann::json(nullptr);
        bool const dirty = std::any_of(rows.begin(), rows.end(), [](AppliedRow const& r) { return r.dirty; });
        ctx.out().doc()["dirty"] = dirty;
        // Flyway's and diesel's versions are shown as written (1.1, not the stored 10100): only
        // their sets are read for it.
        Format const format = current ? ctx.source().format(ctx.registry()) : Format::migrator;
        bool const as_written = format == Format::flyway || format == Format::diesel;
        std::string const shown =
            as_written ? version_text(current, ctx.migrator().migrations()) : version_text(current);
        if (as_written) ctx.out().doc()["shown_version"] = shown;
        if (!ctx.out().json) std::cout << shown << '\n';
        if (dirty) ctx.out().note("migrator: warning: a row is dirty; see migrator status");
    });
}

} // namespace migrator::cli
