#include "commands.hpp"

namespace migrator::cli {

void setup_repair(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::optional<std::int64_t> mark_applied, remove;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("repair", "resolve a dirty row left by a non-transactional migration");
    auto* mark =
        sub->add_option("--mark-applied", opt->mark_applied,
                        "the migration is applied (an up finished by hand, a down undone): keep it, clean");
    auto* remove =
        sub->add_option("--remove", opt->remove,
                        "the migration is not applied (an up undone, a down finished): delete its row");
    mark->excludes(remove);
    sub->require_option(1);
    commands.emplace_back(sub, [&ctx, opt] {
        Version const v{opt->mark_applied ? *opt->mark_applied : *opt->remove};
        if (opt->mark_applied)
            ctx.migrator().repair_mark_applied(v);
        else
            ctx.migrator().repair_remove(v);
        ctx.out().doc()["version"] = v.value;
        ctx.out().doc()["action"] = opt->mark_applied ? "marked_applied" : "removed";
        ctx.out().line(std::string(opt->mark_applied ? "marked version " : "removed version ") +
                       std::to_string(v.value) +
                       (opt->mark_applied ? " as applied" : " from the version table"));
    });
}

} // namespace migrator::cli
