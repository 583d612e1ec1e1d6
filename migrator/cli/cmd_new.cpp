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

// "Add Bio!" -> "add_bio": ASCII letters lowered, every other ASCII character but digits a
// separator, runs of separators one '_', none at the ends. Bytes of other scripts (é, 日) stay:
// the loader accepts any UTF-8 name, and so does new.
std::string slug(std::string const& text) {
    std::string out;
    for (char c : text) {
        auto const u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalnum(u))
            out += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
        else if (!out.empty() && out.back() != '_')
            out += '_';
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

} // namespace

void setup_new(CLI::App& app, Context& ctx, CommandList& commands) {
    struct Options {
        std::string name;
        bool timestamp = false;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("new", "scaffold the next migration folder");
    sub->alias("create");
    sub->add_option("NAME", opt->name, "what the migration does, e.g. \"add user bio\" (made add_user_bio)")
        ->required();
    sub->add_flag("--timestamp", opt->timestamp, "use the UTC time YYYYMMDDHHMMSS as the version");
    commands.emplace_back(sub, [&ctx, opt] {
        std::string const name = slug(opt->name);
        if (name.empty())
            throw UsageError("migration name '" + printable(opt->name) +
                             "' has no letter or digit; say what the migration does, e.g. add_user_bio");
        if (std::string const problem = migration_name_problem(name); !problem.empty())
            throw UsageError("migration name '" + printable(opt->name) + "': " + problem);
        fs::path const dir = ctx.config().migrations_dir;
        fs::create_directories(dir);
        // Only folder names matter here: the scripts are not read.
        std::int64_t highest = 0;
        std::size_t width = 4;
        bool any = false, sequence = false, timestamps = false;
        for (auto const& entry : fs::directory_iterator(dir)) {
            std::string const n = entry.path().filename().string();
            if (!entry.is_directory() || !is_migration_folder_name(n)) continue;
            std::string const digits = n.substr(0, n.find('_'));
            highest = std::max(highest, static_cast<std::int64_t>(std::stoll(digits)));
            width = any ? std::max(width, digits.size()) : digits.size();
            any = true;
            (is_timestamp_version(Version{std::stoll(digits)}) ? timestamps : sequence) = true;
        }
        std::string version = opt->timestamp ? utc_timestamp() : std::to_string(highest + 1);
        if (!opt->timestamp && version.size() < width) version.insert(0, width - version.size(), '0');
        fs::path const folder = dir / (version + "_" + name);
        if (fs::exists(folder)) throw UsageError(folder.string() + " already exists");
        fs::create_directory(folder);
        write_text_file(folder / "up.sql", "-- " + name + ": the change. Write the SQL here.\n");
        write_text_file(folder / "down.sql", "-- " + name + ": undo exactly what up.sql does.\n");
        auto& out = ctx.out();
        out.doc()["created"] = folder.string();
        out.doc()["warnings"] = nlohmann::json::array();
        (is_timestamp_version(Version{std::stoll(version)}) ? timestamps : sequence) = true;
        if (sequence && timestamps) {
            std::string const text = "the set now mixes sequence numbers and timestamps as versions; they "
                                     "sort by number, so every sequence number comes before every "
                                     "timestamp (keep to one kind: new --timestamp, or new without it)";
            out.doc()["warnings"].push_back(
                {{"kind", "mixed-versions"}, {"version", std::stoll(version)}, {"message", text}});
            out.note("migrator: warning: " + text);
        }
        out.line("created " + folder.string() + "/{up.sql,down.sql}");
    });
}

} // namespace migrator::cli
