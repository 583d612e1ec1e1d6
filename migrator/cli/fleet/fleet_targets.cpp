#include "fleet/fleet_targets.hpp"

#include <glob.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "dotenv.hpp"
#include "small_file.hpp"
#include "yaml_fields.hpp"

namespace fs = std::filesystem;

namespace migrator::cli {

namespace {

constexpr char const* file_scheme = "sqlite:///";

// Names go on a summary line and into --only's comma list, and a schema target adds "/<schema>".
void check_name(std::string const& name, std::string const& at) {
    bool ok = !name.empty() && name.size() <= 128;
    for (char c : name)
        ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
    if (!ok)
        throw UsageError(at + ": bad target name '" + printable(name) +
                         "': use letters, digits, '_', '-' and '.', at most 128");
}

// A path inside a sqlite:/// URL: the characters its parser would read as a query or an escape.
std::string url_path(std::string const& path) {
    std::string out;
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

// `path` with glob(3)'s special characters escaped, so that it matches only itself: the targets
// file's folder may be named "x[1]" or hold a '*', and must never be read as a pattern.
std::string glob_quoted(std::string const& path) {
    std::string out;
    for (char c : path) {
        if (c == '[' || c == ']' || c == '*' || c == '?' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// A file SQLite or migrator keeps beside a database ("tenants/*" matches them too): never a target.
bool companion_file(std::string const& path) {
    for (std::string_view suffix : {"-journal", "-wal", "-shm", "-migrator.lock"})
        if (path.size() > suffix.size() &&
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

class Reader {
public:
    Reader(std::string path, Config const& config, DialectRegistry const& registry, GetEnv getenv)
        : path_(std::move(path)), dir_(fs::path(path_).parent_path()), config_(config), registry_(registry),
          getenv_(std::move(getenv)) {}

    FleetFile read() {
        YAML::Node root = load();
        reject_unknown_keys(root, {"migrations", "parallel", "targets"}, path_);
        FleetFile file;
        file.path = path_;
        try {
            if (auto n = root["migrations"]) default_migrations_ = relative(interpolate(n, path_, getenv_));
            if (auto n = root["parallel"]) file.parallel = parallel_at(n);
            auto targets = root["targets"];
            if (!targets || !targets.IsSequence() || targets.size() == 0)
                throw UsageError(where(path_, targets ? targets.Mark() : root.Mark()) +
                                 ": 'targets' must be a list of at least one target");
            for (auto const& entry : targets)
                expand(entry, file.targets);
        } catch (YAML::Exception const& e) {
            throw UsageError(where(path_, e.mark) + ": " + e.msg);
        }
        return file;
    }

private:
    YAML::Node load() {
        std::error_code ec;
        if (fs::is_directory(path_, ec)) throw UsageError(path_ + " is a directory, not a targets file");
        auto const read = read_small_file(path_);
        if (!read) throw UsageError("targets file '" + path_ + "' not found");
        std::string const& text = *read;
        if (holds_several_yaml_documents(text))
            throw UsageError(path_ + ": holds more than one YAML document");
        YAML::Node root;
        try {
            root = YAML::Load(text);
        } catch (YAML::Exception const& e) {
            throw UsageError(where(path_, e.mark) + ": " + e.msg);
        }
        if (!root.IsMap()) throw UsageError(path_ + ": expected a mapping with 'targets' at the top level");
        return root;
    }

    std::string relative(std::string const& p) const { return (dir_ / p).lexically_normal().string(); }

    int parallel_at(YAML::Node const& n) const {
        std::string const text = n.IsScalar() ? n.Scalar() : "";
        if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(text) < 1)
            throw UsageError(where(path_, n.Mark()) + ": parallel must be a number from 1 to 256");
        return std::stoi(text);
    }

    std::string text_at(YAML::Node const& entry, char const* key) const {
        auto n = entry[key];
        if (!n.IsScalar() || n.Scalar().empty())
            throw UsageError(where(path_, n.Mark()) + ": " + key + " must be non-empty text");
        return interpolate(n, path_, getenv_);
    }

    // The redacted form; UsageError naming where the URL is written when it does not parse.
    std::string parsed(std::string const& url, std::string const& at) const {
        try {
            return registry_.for_url(url).parse_url(url, dir_).redacted();
        } catch (Error const& e) {
            throw UsageError(at + ": " + e.what());
        }
    }

    void add(FleetTarget target, std::string const& at, std::vector<FleetTarget>& out) {
        if (!names_.insert(target.name).second)
            throw UsageError(at + ": target name '" + target.name + "' is used twice");
        out.push_back(std::move(target));
    }

    void expand(YAML::Node const& entry, std::vector<FleetTarget>& out) {
        std::string const at = where(path_, entry.Mark());
        if (!entry.IsMap()) throw UsageError(at + ": a target is a mapping (name and database, or glob)");
        reject_unknown_keys(entry, {"name", "database", "schemas", "glob", "migrations"}, path_);
        FleetTarget base;
        base.base_dir = dir_;
        base.source = at;
        base.migrations_dir = entry["migrations"] ? relative(interpolate(entry["migrations"], path_, getenv_))
                                                  : default_migrations_.value_or(config_.migrations_dir);
        bool const has_glob = entry["glob"].IsDefined(), has_database = entry["database"].IsDefined();
        if (has_glob == has_database)
            throw UsageError(at + ": a target has either 'database' (with 'name') or 'glob'");
        if (has_glob) {
            if (entry["name"] || entry["schemas"])
                throw UsageError(at + ": a glob's targets are named after their files and have no 'schemas'");
            return expand_glob(text_at(entry, "glob"), base, where(path_, entry["glob"].Mark()), out);
        }
        if (!entry["name"]) throw UsageError(at + ": a target with 'database' needs a 'name'");
        base.name = base.group = text_at(entry, "name");
        check_name(base.name, where(path_, entry["name"].Mark()));
        base.url = text_at(entry, "database");
        std::string const url_at = where(path_, entry["database"].Mark()) + ": target '" + base.name + "'";
        base.shown = parsed(base.url, url_at);
        if (auto schemas = entry["schemas"]) return expand_schemas(schemas, base, out);
        add(std::move(base), at, out);
    }

    // One target per matching file, named after it (its name without the extension).
    void expand_glob(std::string const& pattern, FleetTarget const& base, std::string const& at,
                     std::vector<FleetTarget>& out) {
        if (pattern.rfind(file_scheme, 0) != 0)
            throw UsageError(at + ": glob: only file databases match a pattern: sqlite:///path/*.db");
        std::string const path = pattern.substr(std::strlen(file_scheme));
        if (path.find('?') != std::string::npos)
            throw UsageError(at + ": glob: a pattern takes no URL parameters");
        // Relative to the targets file's folder, whose own name is never a pattern.
        std::string const full =
            fs::path(path).is_absolute() || dir_.empty() ? path : glob_quoted((dir_ / "").string()) + path;
        glob_t found{};
        int const rc = ::glob(full.c_str(), 0, nullptr, &found);
        std::vector<std::string> files;
        for (std::size_t i = 0; rc == 0 && i < found.gl_pathc; ++i) {
            std::error_code ec;
            if (fs::is_regular_file(found.gl_pathv[i], ec) && !companion_file(found.gl_pathv[i]))
                files.emplace_back(found.gl_pathv[i]);
        }
        globfree(&found);
        if (files.empty()) throw UsageError(at + ": glob '" + printable(pattern) + "' matches no file");
        for (auto const& f : files) {
            FleetTarget t = base;
            t.name = fs::path(f).stem().string();
            check_name(t.name, at + ": file " + f);
            t.url = file_scheme + url_path(fs::absolute(f).lexically_normal().string());
            t.shown = parsed(t.url, at);
            add(std::move(t), at, out);
        }
    }

    // One target per schema the query lists, in the query's order.
    void expand_schemas(YAML::Node const& schemas, FleetTarget const& base, std::vector<FleetTarget>& out) {
        std::string const at = where(path_, schemas.Mark()) + ": target '" + base.name + "'";
        if (!names_.insert(base.name).second) // --only takes it for all of its schemas
            throw UsageError(at + ": target name '" + base.name + "' is used twice");
        if (!schemas.IsMap()) throw UsageError(at + ": schemas must be a mapping with 'query'");
        reject_unknown_keys(schemas, {"query"}, path_);
        if (!schemas["query"]) throw UsageError(at + ": schemas needs a 'query' listing the tenant schemas");
        std::string const query = text_at(schemas, "query");
        std::vector<std::string> names;
        try {
            if (Dialect const& d = registry_.for_url(base.url); !d.supports_schemas())
                throw UsageError(std::string(d.name()) + " has no schemas");
            OpenOptions options;
            options.lock_timeout = config_.lock_timeout;
            options.base_dir = dir_;
            Migrator db =
                Migrator::open(registry_, base.url, MigrationSource::directory(base.migrations_dir), options);
            names = db.query_column(query);
        } catch (Error const& e) {
            throw UsageError(at + ": schemas query failed: " + e.what());
        }
        if (names.empty()) throw UsageError(at + ": schemas query found no schema");
        for (auto const& schema : names) {
            try {
                QualifiedName::parse(schema, false);
            } catch (UsageError const&) {
                throw UsageError(at + ": schema '" + printable(schema) +
                                 "' is not a plain name ([A-Za-z_][A-Za-z0-9_]*, at most 63 bytes)");
            }
            FleetTarget t = base;
            t.name = base.name + "/" + schema;
            t.schema = schema;
            add(std::move(t), at, out);
        }
    }

    std::string path_;
    fs::path dir_;
    Config const& config_;
    DialectRegistry const& registry_;
    GetEnv getenv_;
    std::optional<std::string> default_migrations_;
    std::set<std::string> names_;
};

} // namespace

FleetFile read_fleet(std::string const& path, Config const& config, DialectRegistry const& registry,
                     GetEnv const& getenv) {
    // As in migrator.yaml: the real environment first, then a .env beside the file.
    fs::path const dir = fs::path(path).parent_path();
    auto dotenv = std::make_shared<Dotenv>(read_dotenv(dir.empty() ? fs::path(".env") : dir / ".env"));
    GetEnv const with_dotenv = [getenv, dotenv](std::string const& name) -> std::optional<std::string> {
        if (auto v = getenv(name)) return v;
        auto const it = dotenv->vars.find(name);
        return it != dotenv->vars.end() ? std::optional<std::string>(it->second.value) : std::nullopt;
    };
    return Reader(path, config, registry, with_dotenv).read();
}

std::vector<FleetTarget> select_targets(std::vector<FleetTarget> const& targets,
                                        std::vector<std::string> const& only) {
    if (only.empty()) return targets;
    std::set<std::string> const wanted(only.begin(), only.end());
    std::set<std::string> matched;
    std::vector<FleetTarget> out;
    for (auto const& t : targets) {
        bool const by_name = wanted.count(t.name) > 0,
                   by_group = !t.group.empty() && wanted.count(t.group) > 0;
        if (by_name) matched.insert(t.name);
        if (by_group) matched.insert(t.group);
        if (by_name || by_group) out.push_back(t);
    }
    for (auto const& name : only)
        if (!matched.count(name))
            throw UsageError("--only: no target is named '" + printable(name) + "' in the targets file");
    return out;
}

namespace {

// "I/N" with 1 <= I <= N <= 100000; UsageError naming `what` otherwise.
Shard parse_shard(std::string const& text, std::string const& what) {
    auto number = [&](std::string const& digits) {
        if (digits.empty() || digits.size() > 6 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError(what + ": expected I/N, two whole numbers with 1 <= I <= N (e.g. 2/8)");
        return std::stoi(digits);
    };
    std::size_t const slash = text.find('/');
    if (slash == std::string::npos)
        throw UsageError(what + ": expected I/N, two whole numbers with 1 <= I <= N (e.g. 2/8)");
    Shard shard{number(text.substr(0, slash)), number(text.substr(slash + 1))};
    if (shard.count < 1 || shard.count > 100000 || shard.index < 1 || shard.index > shard.count)
        throw UsageError(what + ": " + std::to_string(shard.index) + "/" + std::to_string(shard.count) +
                         " is out of range: I goes from 1 to N, and N from 1 to 100000");
    return shard;
}

std::uint64_t fnv1a(std::string const& text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

} // namespace

std::optional<Shard> shard_from(std::optional<std::string> const& flag, std::optional<int> shards,
                                GetEnv const& getenv) {
    if (flag && shards)
        throw UsageError("--shard I/N and --shards N are two ways to say one thing: give one");
    if (flag) return parse_shard(*flag, "--shard");
    if (shards) {
        auto const index = getenv("JOB_COMPLETION_INDEX");
        if (!index)
            throw UsageError("--shards N takes this runner's part from JOB_COMPLETION_INDEX (a Kubernetes "
                             "Indexed Job's), which is not set: use --shard I/N elsewhere");
        if (index->empty() || index->size() > 6 ||
            index->find_first_not_of("0123456789") != std::string::npos)
            throw UsageError("JOB_COMPLETION_INDEX: expected a whole number from 0 to N - 1");
        return parse_shard(std::to_string(std::stoi(*index) + 1) + "/" + std::to_string(*shards),
                           "--shards with JOB_COMPLETION_INDEX (0-based)");
    }
    if (auto const env = getenv("MIGRATOR_SHARD"); env && !env->empty())
        return parse_shard(*env, "MIGRATOR_SHARD");
    return std::nullopt;
}

std::vector<FleetTarget> shard_targets(std::vector<FleetTarget> const& targets, Shard shard) {
    std::vector<FleetTarget> out;
    for (auto const& t : targets)
        if (fnv1a(t.name) % static_cast<std::uint64_t>(shard.count) ==
            static_cast<std::uint64_t>(shard.index - 1))
            out.push_back(t);
    return out;
}

} // namespace migrator::cli
