#include <iostream>

#include "commands.hpp"

namespace migrator::cli {

void setup_schema(CLI::App& app, Context& ctx, CommandList& commands) {
    auto output = std::make_shared<std::string>();
    auto* schema = app.add_subcommand("schema", "the database schema");
    schema->require_subcommand(1);
    auto* dump =
        schema->add_subcommand("dump", "print the schema in a stable text form (the version table left out)");
    dump->add_option("--output", *output, "write it to FILE instead of stdout");
    dump->fallthrough();
    commands.emplace_back(dump, [&ctx, output] {
        std::string const text = ctx.migrator().schema_dump();
        ctx.out().doc()["schema"] = text;
        if (!output->empty()) {
            write_text_file(*output, text);
            ctx.out().doc()["output"] = *output;
            ctx.out().note("wrote " + *output);
        } else if (!ctx.out().json) {
            std::cout << text;
        }
    });
}

} // namespace migrator::cli
