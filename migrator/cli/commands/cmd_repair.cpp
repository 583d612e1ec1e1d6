#include "commands.hpp"

namespace migrator::cli {

void setup_repair(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::optional<std::string> mark_applied, remove, accept_checksum;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand(
        "repair", "resolve a dirty row left by a non-transactional migration, or accept an edited checksum");
    auto* mark =
        sub->add_option("--mark-applied", opt->mark_applied,
                        "the migration is applied (an up finished by hand, a down undone): keep it, clean")
            ->type_name("VERSION");
    auto* remove =
        sub->add_option("--remove", opt->remove,
                        "the migration is not applied (an up undone, a down finished): delete its row")
            ->type_name("VERSION");
    auto* accept = sub->add_option("--accept-checksum", opt->accept_checksum,
                                   "an applied migration's up was edited on purpose: record the file's "
                                   "checksum, keeping the old one and who accepted it")
                       ->type_name("VERSION");
    mark->excludes(remove, accept);
    remove->excludes(accept);
    sub->require_option(1);
    commands.emplace_back(sub, [&ctx, opt] {
        auto& out = ctx.out();
        if (opt->accept_checksum) {
            Version const v =
                version_arg(ctx.writing_migrator().migrations(), *opt->accept_checksum, "--accept-checksum");
            std::string const previous = ctx.writing_migrator().repair_accept_checksum(v);
            out.doc()["version"] = v.value;
            out.doc()["action"] = previous.empty() ? "checksum_matched" : "checksum_accepted";
            if (!previous.empty()) out.doc()["previous_checksum"] = previous;
            out.line(previous.empty() ? "version " + std::to_string(v.value) +
                                            "'s checksum already matches its file; nothing to accept"
                                      : "accepted the edited checksum of version " + std::to_string(v.value) +
                                            " (was " + previous.substr(0, 12) + "; see migrator history)");
            return;
        }
        // A row may outlive its folder: a number is taken as it is, without reading the set.
        std::string const& text = opt->mark_applied ? *opt->mark_applied : *opt->remove;
        Version const v =
            text.find_first_not_of("0123456789") == std::string::npos && !text.empty() && text.size() <= 18
                ? Version{std::stoll(text)}
                : version_arg(ctx.writing_migrator().migrations(), text,
                              opt->mark_applied ? "--mark-applied" : "--remove");
        if (opt->mark_applied)
            ctx.writing_migrator().repair_mark_applied(v);
        else
            ctx.writing_migrator().repair_remove(v);
        out.doc()["version"] = v.value;
        out.doc()["action"] = opt->mark_applied ? "marked_applied" : "removed";
        out.line(std::string(opt->mark_applied ? "marked version " : "removed version ") +
                 std::to_string(v.value) + (opt->mark_applied ? " as applied" : " from the version table"));
    });
}

} // namespace migrator::cli
