#include <filesystem>
#include <fstream>
#include <iterator>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace migrator::cli {

namespace {
std::string read_file_text(fs::path const& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string config_text(std::string const& migrations, std::string const& database) {
    return "# migrator's configuration (see docs/reference/configuration.md). Flags and environment "
           "variables win over it.\n"
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
           database + (database.rfind("${", 0) == 0 ? "   # from .env beside this file" : "") +
           "\n"
           "  production:\n"
           "    # ${VAR} is read from the environment (or a .env file beside this one): keep passwords out.\n"
           "    database: ${DATABASE_URL}\n"
           "    lock_timeout: 30s\n";
}
// The redacted URL without its password at all: ":***@" and "password=***" parameters dropped,
// for a .env the password never reaches (libpq then takes it from PGPASSWORD or ~/.pgpass).
std::string without_password(std::string url) {
    if (std::size_t const at = url.find(":***@"); at != std::string::npos) url.erase(at, 4);
    for (std::size_t p = url.find("password=***"); p != std::string::npos; p = url.find("password=***")) {
        std::size_t begin = p;
        while (begin > 0 && url[begin - 1] != '?' && url[begin - 1] != '&')
            --begin; // sslpassword=*** too
        std::size_t end = p + 12;
        if (end < url.size() && url[end] == '&')
            ++end;
        else if (begin > 0 && url[begin - 1] == '&')
            --begin;
        url.erase(begin, end - begin);
    }
    if (!url.empty() && (url.back() == '?' || url.back() == '&')) url.pop_back();
    return url;
}

// Adds `lines` that are not there yet to .gitignore beside `config`; the ones added.
std::vector<std::string> ignore(fs::path const& file, std::vector<std::string> const& lines) {
    std::string text;
    if (fs::exists(file)) text = read_file_text(file);
    std::vector<std::string> added;
    for (auto const& l : lines)
        if (("\n" + text).find("\n" + l + "\n") == std::string::npos && !text.ends_with("\n" + l) &&
            text != l) {
            if (!text.empty() && text.back() != '\n') text += '\n';
            text += l + "\n";
            added.push_back(l);
        }
    if (!added.empty()) write_text_file(file, text);
    return added;
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
        // A given URL goes into .env without its password (never into a file), and the config
        // reads it from there; the password is libpq's to find (PGPASSWORD, ~/.pgpass).
        std::string database = "sqlite:///development.db";
        std::optional<std::string> dotenv_url;
        bool secret = false;
        if (o.database) {
            // Parsed first: a bad URL is refused before anything is written.
            std::string const redacted =
                ctx.registry().for_url(*o.database).parse_url(*o.database, {}).redacted();
            secret = redacted.find("***") != std::string::npos;
            dotenv_url = secret ? without_password(redacted) : *o.database;
            database = "${DATABASE_URL}";
        }
        fs::path const base = config.parent_path().empty() ? fs::path(".") : config.parent_path();
        fs::path const dotenv = base / ".env";
        std::string dotenv_text;
        if (dotenv_url && fs::exists(dotenv)) {
            dotenv_text = read_file_text(dotenv);
            if (("\n" + dotenv_text).find("\nDATABASE_URL=") != std::string::npos)
                throw UsageError(dotenv.string() + " already sets DATABASE_URL; init writes nothing over it");
        }
        fs::create_directories(dir);
        fs::path const relative =
            dir.lexically_relative(config.parent_path().empty() ? "." : config.parent_path());
        write_text_file(config, config_text(relative.empty() ? dir.string() : relative.string(), database));
        auto& out = ctx.out();
        std::vector<std::string> created{config.string(), dir.string()};
        if (dotenv_url) {
            if (!dotenv_text.empty() && dotenv_text.back() != '\n') dotenv_text += '\n';
            write_text_file(dotenv, dotenv_text + "DATABASE_URL=" + *dotenv_url + "\n");
            created.push_back(dotenv.string());
        }
        // Local files that are not the project's: the .env, SQLite's lock files.
        auto const ignored = ignore(base / ".gitignore", {".env", "*-migrator.lock"});
        out.doc()["created"] = created;
        out.doc()["gitignore"] = ignored;
        out.line("created " + config.string() + " and " + dir.string() + "/" +
                 (dotenv_url ? " (the database URL is in " + dotenv.string() + ")" : ""));
        if (!ignored.empty()) {
            std::string list;
            for (auto const& i : ignored)
                list += (list.empty() ? "" : ", ") + i;
            out.line("added to " + (base / ".gitignore").string() + ": " + list);
        }
        if (secret)
            out.note("migrator: the password was left out of " + dotenv.string() +
                     ": put it in PGPASSWORD, or in ~/.pgpass (host:port:database:user:password, mode 0600)");
        out.line("next: migrator new create_users");
    });
}

} // namespace migrator::cli
