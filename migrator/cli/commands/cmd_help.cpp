#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "render/usage.hpp"

namespace migrator::cli {

namespace {

// `migrator help lint-rules`: every registered dialect's rules, from the dialects themselves. As
// Markdown, it is the documentation site's rules page.
void print_lint_rules(Context& ctx, bool markdown) {
    auto const rules = ctx.registry().lint_rules();
    auto& list = ctx.out().doc()["lint_rules"] = nlohmann::json::array();
    for (auto const& [dialect, r] : rules)
        list.push_back(
            {{"dialect", dialect}, {"id", r.id}, {"severity", r.severity}, {"summary", r.summary}});
    if (ctx.out().json) return;
    if (markdown) {
        std::cout
            << "# Lint rules\n\n"
               "`migrator check` lints the up scripts of migrations newer than `--lint-since` (or "
               "`lint.since` "
               "in `migrator.yaml`) with the rules of each dialect it checks. This page is generated from "
               "the dialects' own rule lists, as `migrator help lint-rules` prints them.\n\n"
               "| rule | dialect | severity | what it reports |\n| --- | --- | --- | --- |\n";
        for (auto const& [dialect, r] : rules)
            std::cout << "| `" << r.id << "` | " << dialect << " | " << r.severity << " | " << r.summary
                      << " |\n";
        std::cout
            << "\nTo accept one finding, say so beside the statement, or in `migrator.yaml` for a "
               "version:\n\n```sql\n-- migrator:allow index-not-concurrent\nCREATE INDEX posts_user ON posts "
               "(user_id);\n```\n\n```yaml\nlint:\n  allow:\n    12: [missing-lock-timeout]\n```\n\n"
               "An id that no dialect declares, in either place, is exit 2 naming the file and line: a "
               "misspelt id would otherwise allow nothing.\n";
        return;
    }
    std::size_t width = 0;
    for (auto const& [_, r] : rules)
        width = std::max(width, r.id.size());
    for (auto const& [dialect, r] : rules)
        std::cout << r.id << std::string(width + 2 - r.id.size(), ' ') << dialect << "  " << r.severity
                  << "  " << r.summary << "\n";
}

} // namespace

void setup_help(CLI::App& app, Context& ctx, CommandList& commands) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto markdown = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand(
        "help", "help for migrator, or for one command (help schema dump); help lint-rules");
    sub->add_option("COMMAND", *words, "the command, or lint-rules");
    sub->add_flag("--markdown", *markdown, "help lint-rules: as the documentation's Markdown table");
    commands.emplace_back(sub, [&app, &ctx, words, markdown] {
        if (words->size() == 1 && words->front() == "lint-rules") return print_lint_rules(ctx, *markdown);
        CLI::App* target = &app;
        std::string prefix; // "migrator schema" for "help schema dump": the usage line's start
        for (auto const& word : *words) {
            prefix += (prefix.empty() ? "" : " ") + target->get_name();
            CLI::App* next = find_command(*target, word);
            if (!next) {
                std::string const message = unknown_command(*target, {word});
                throw UsageError(message.empty() ? "unknown command '" + printable(word) + "'" : message);
            }
            target = next;
        }
        // The formatter itself: App::help() shows the help of whichever command was parsed (this one).
        std::string const text = target->get_formatter()->make_help(
            target, prefix.empty() ? target->get_name() : prefix + " " + target->get_name(),
            CLI::AppFormatMode::Normal);
        ctx.out().doc()["help"] = text;
        if (!ctx.out().json) std::cout << text;
    });
}

} // namespace migrator::cli
