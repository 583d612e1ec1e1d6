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
        bool timestamp = false, sequence = false;
    };
    auto opt = std::make_shared<Options>();
    auto* sub = app.add_subcommand("new", "scaffold the next migration folder");
    sub->alias("create");
    sub->add_option("NAME", opt->name, "what the migration does, e.g. \"add user bio\" (made add_user_bio)")
        ->required();
    auto* ts =
        sub->add_flag("--timestamp", opt->timestamp,
                      "use the UTC time YYYYMMDDHHMMSS as the version (config: new_version: timestamp)");
    sub->add_flag("--sequence", opt->sequence, "use the next number after the highest version")->excludes(ts);
    commands.emplace_back(sub, [&ctx, opt] {
        std::string const name = slug(opt->name);
        if (name.empty())
            throw UsageError("migration name '" + printable(opt->name) +
                             "' has no letter or digit; say what the migration does, e.g. add_user_bio");
        if (std::string const problem = migration_name_problem(name); !problem.empty())
            throw UsageError("migration name '" + printable(opt->name) + "': " + problem);
        Config const& config = ctx.config();
        NewVersion const style = opt->timestamp  ? NewVersion::timestamp
                                 : opt->sequence ? NewVersion::sequence
                                                 : config.new_version;
        // In the set's own layout (golang-migrate's pair of files, dbmate's markers, ...), so that
        // the directory never mixes two.
        auto const written = scaffold_migration(ctx.source(), ctx.registry(), name, style, utc_timestamp());
        auto& out = ctx.out();
        out.doc()["created"] = written.front();
        out.doc()["files"] = written;
        out.doc()["warnings"] = nlohmann::json::array();
        // Only names matter here: migrator's folders, by the digits they start with.
        bool sequence = false, timestamps = false;
        std::int64_t newest = 0;
        std::error_code ec;
        for (auto const& entry : fs::directory_iterator(config.migrations_dir, ec)) {
            std::string const n = entry.path().filename().string();
            if (!entry.is_directory() || !is_migration_folder_name(n) || n.find('_') > 18) continue;
            Version const v{std::stoll(n.substr(0, n.find('_')))};
            newest = std::max(newest, v.value);
            (is_timestamp_version(v) ? timestamps : sequence) = true;
        }
        if (sequence && timestamps) {
            std::string const text = "the set now mixes sequence numbers and timestamps as versions; they "
                                     "sort by number, so every sequence number comes before every "
                                     "timestamp (keep to one kind: new --timestamp, or new without it)";
            out.doc()["warnings"].push_back(
                {{"kind", "mixed-versions"}, {"version", newest}, {"message", text}});
            out.note("migrator: warning: " + text);
        }
        for (auto const& file : written)
            out.line("created " + file);
    });
}

} // namespace migrator::cli
