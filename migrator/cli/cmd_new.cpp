#include <chrono>
#include <ctime>
#include <filesystem>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace migrator::cli {

namespace {
std::string utc_timestamp() {
    std::time_t const now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    return buf;
}
} // namespace

void setup_new(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::string name;
        bool timestamp = false;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("new", "scaffold the next migration folder");
    sub->add_option("NAME", opt->name, "what the migration does, e.g. add_user_bio")->required();
    sub->add_flag("--timestamp", opt->timestamp, "use the UTC time YYYYMMDDHHMMSS as the version");
    commands.emplace_back(sub, [&ctx, opt] {
        for (char c : opt->name)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
                throw UsageError("migration name '" + opt->name + "' may hold only letters, digits and _");
        fs::path const dir = ctx.config().migrations_dir;
        fs::create_directories(dir);
        // Only folder names matter here: the scripts are not read.
        std::int64_t highest = 0;
        std::size_t width = 4;
        bool any = false;
        for (auto const& entry : fs::directory_iterator(dir)) {
            std::string const n = entry.path().filename().string();
            if (!entry.is_directory() || !is_migration_folder_name(n)) continue;
            std::string const digits = n.substr(0, n.find('_'));
            highest = std::max(highest, static_cast<std::int64_t>(std::stoll(digits)));
            width = any ? std::max(width, digits.size()) : digits.size();
            any = true;
        }
        std::string version = opt->timestamp ? utc_timestamp() : std::to_string(highest + 1);
        if (!opt->timestamp && version.size() < width) version.insert(0, width - version.size(), '0');
        fs::path const folder = dir / (version + "_" + opt->name);
        if (fs::exists(folder)) throw UsageError(folder.string() + " already exists");
        fs::create_directory(folder);
        write_text_file(folder / "up.sql", "-- " + opt->name + ": the change. Write the SQL here.\n");
        write_text_file(folder / "down.sql", "-- " + opt->name + ": undo exactly what up.sql does.\n");
        ctx.out().doc()["created"] = folder.string();
        ctx.out().line("created " + folder.string() + "/{up.sql,down.sql}");
    });
}

} // namespace migrator::cli
