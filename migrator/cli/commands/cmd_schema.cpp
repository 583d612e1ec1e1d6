#include <iostream>

#include "commands.hpp"

namespace migrator::cli {

void setup_schema(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::string output;
        std::string format = "text";
    };
    auto opt = std::make_shared<Options>();
    auto* schema = app.add_subcommand("schema", "the database schema");
    schema->require_subcommand(1);
    auto* dump = schema->add_subcommand(
        "dump",
        "print the schema (the version table left out): text, the stable form snapshots use, sql, or a "
        "diagram (dot, mermaid)");
    dump->add_option("--output", opt->output, "write it to FILE instead of stdout")->type_name("FILE");
    // Here --format is the dump's form; the global --format (the layout) goes before the command.
    dump->add_option("--format", opt->format,
                     "text (default: one object per block, stable, for snapshots and diffs) or sql (DDL the "
                     "dialect loads: for SQLite what .schema prints; for PostgreSQL the catalog rendered as "
                     "DDL by migrator, not pg_dump), dot (a Graphviz diagram of the tables and their foreign "
                     "keys) or mermaid (the same as a Mermaid erDiagram)")
        ->type_name("text|sql|dot|mermaid")
        ->check(CLI::IsMember({"text", "sql", "dot", "mermaid"}));
    dump->fallthrough();
    commands.emplace_back(dump, [&ctx, opt] {
        Migrator& m = ctx.migrator();
        std::string const text = opt->format == "sql" ? "-- " + std::string(m.dialect().name()) +
                                                            " schema from its catalog, written by migrator "
                                                            "schema dump --format sql (not pg_dump)\n" +
                                                            m.schema_sql()
                                 : opt->format == "dot"     ? schema_dot(m.schema())
                                 : opt->format == "mermaid" ? schema_mermaid(m.schema())
                                                            : m.schema_dump();
        ctx.out().doc()["schema"] = text;
        ctx.out().doc()["format"] = opt->format;
        if (!opt->output.empty()) {
            write_text_file(opt->output, text);
            ctx.out().doc()["output"] = opt->output;
            ctx.out().note("wrote " + opt->output);
        } else if (!ctx.out().json) {
            std::cout << text;
        }
    });
}

} // namespace migrator::cli
