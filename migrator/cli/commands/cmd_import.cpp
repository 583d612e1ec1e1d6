#include "commands.hpp"

namespace migrator::cli {

void setup_import(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::string from;
        std::string to;
        std::string table;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand(
        "import", "convert another tool's set into migrator's layout, and adopt its version table");
    std::vector<std::string> tools = format_names();
    tools.erase(tools.begin()); // "migrator" itself
    sub->add_option("--from", opt->from, "the tool whose set (--dir) and table are read")
        ->required()
        ->check(CLI::IsMember(tools))
        ->type_name("TOOL");
    sub->add_option("--to", opt->to, "write the set in migrator's layout into this new directory")
        ->type_name("DIR");
    sub->add_option("--table", opt->table, "the tool's version table, when not its default name")
        ->type_name("TABLE");
    commands.emplace_back(sub, [&ctx, opt] {
        Format const tool = *parse_format(opt->from);
        auto& out = ctx.out();
        out.doc()["from"] = opt->from;
        if (opt->to.empty() && !ctx.has_database())
            throw UsageError(
                "import needs --to DIR (convert the set), a database (adopt its table), or both");
        if (ctx.has_database()) {
            std::string const& url = ctx.config().require_database();
            ctx.announce_database(
                ctx.registry().for_url(url).parse_url(url, ctx.config().database_base_dir).redacted());
        }
        MigrationSource source = MigrationSource::directory(ctx.config().migrations_dir, {tool, false});
        if (!opt->to.empty()) {
            auto const folders = write_migrator_layout(source, ctx.registry(), opt->to);
            out.doc()["to"] = opt->to;
            out.doc()["converted"] = folders;
            for (auto const& f : folders)
                out.detail("wrote " + opt->to + "/" + f);
            out.line("converted " + count_of(folders.size(), "migration") + " into " + opt->to);
            // Adopt through the converted set: the one the next `migrator up --dir` reads.
            source = MigrationSource::directory(opt->to);
        }
        if (!ctx.has_database()) return;
        Migrator m = Migrator::open(ctx.registry(), ctx.config().require_database(), std::move(source),
                                    ctx.open_options());
        auto const recorded = m.import_history(tool, opt->table);
        auto& list = out.doc()["imported"] = nlohmann::json::array();
        for (auto const* r : recorded) {
            list.push_back(r->version.value);
            out.detail("recorded " + r->folder);
        }
        out.line("imported " + count_of(recorded.size(), "applied migration") + " from " + opt->from +
                 "'s table into " + m.version_table().text() + "; " + opt->from + "'s table is unchanged");
    });
}

} // namespace migrator::cli
