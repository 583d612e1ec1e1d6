#include <filesystem>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace migrator::cli {

namespace {
std::string config_text(std::string const& migrations, std::string const& database) {
    return "# migrator's configuration (see the README). Flags and environment variables win over it.\n"
           "\n"
           "# The migrations directory, relative to this file.\n"
           "migrations: " +
           migrations +
           "\n"
           "\n"
           "# Where applied versions are recorded (PostgreSQL: schema.table allowed).\n"
           "# version_table: schema_version\n"
           "\n"
           "# How long to wait for another runner's migration lock.\n"
           "# lock_timeout: 60s\n"
           "\n"
           "# Used when neither --env nor MIGRATOR_ENV names one.\n"
           "default_environment: development\n"
           "\n"
           "environments:\n"
           "  development:\n"
           "    database: " +
           database +
           "\n"
           "  production:\n"
           "    # ${VAR} is read from the environment (or a .env file beside this one): keep passwords out.\n"
           "    database: ${DATABASE_URL}\n"
           "    lock_timeout: 30s\n";
}
} // namespace

void setup_init(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub =
        app.add_subcommand("init", "write a commented migrator.yaml and an empty migrations/ directory");
    commands.emplace_back(sub, [&ctx] {
        auto const& o = ctx.options().overrides;
        fs::path const config = o.config_file.value_or("migrator.yaml");
        fs::path const dir = o.migrations_dir.value_or((config.parent_path() / "migrations").string());
        // Both or neither: a half-initialised project is worse than a clear refusal.
        for (fs::path const& p : {config, dir})
            if (fs::exists(fs::symlink_status(p)))
                throw UsageError(p.string() + " already exists; init writes nothing over it");
        // A password never reaches a file: a URL that holds one is left to ${DATABASE_URL}.
        std::string database = o.database.value_or("sqlite:///development.db");
        // Parsed too: a bad URL is refused before anything is written.
        bool const secret = ctx.registry().for_url(database).parse_url(database, {}).redacted().find("***") !=
                            std::string::npos;
        if (secret) database = "${DATABASE_URL}";
        fs::create_directories(dir);
        fs::path const relative =
            dir.lexically_relative(config.parent_path().empty() ? "." : config.parent_path());
        write_text_file(config, config_text(relative.empty() ? dir.string() : relative.string(), database));
        auto& out = ctx.out();
        out.doc()["created"] = {config.string(), dir.string()};
        out.line("created " + config.string() + " and " + dir.string() + "/");
        if (secret)
            out.note("migrator: the URL holds a password, so the config reads it from ${DATABASE_URL}");
        out.line("next: migrator new create_users");
    });
}

} // namespace migrator::cli
