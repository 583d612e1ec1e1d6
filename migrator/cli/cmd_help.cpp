#include <iostream>

#include "commands.hpp"
#include "usage.hpp"

namespace migrator::cli {

void setup_help(CLI::App& app, Context& ctx, CommandList& commands) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto* sub = app.add_subcommand("help", "help for migrator, or for one command (help schema dump)");
    sub->add_option("COMMAND", *words, "the command");
    commands.emplace_back(sub, [&app, &ctx, words] {
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
