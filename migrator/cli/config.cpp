#include "config.hpp"

#include <yaml-cpp/yaml.h>

#include "dotenv.hpp"
#include "yaml_fields.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace fs = std::filesystem;

namespace migrator::cli {

std::string where(std::string const& file, YAML::Mark const& mark) {
    return mark.line >= 0 ? file + ":" + std::to_string(mark.line + 1) : file;
}

void reject_unknown_keys(YAML::Node const& map, std::set<std::string> const& known, std::string const& file) {
    for (auto const& kv : map) {
        if (!kv.first.IsScalar()) throw UsageError(where(file, kv.first.Mark()) + ": a key must be text");
        auto key = kv.first.as<std::string>();
        if (!known.count(key)) {
            std::string list;
            for (auto const& k : known)
                list += (list.empty() ? "" : ", ") + k;
            throw UsageError(where(file, kv.first.Mark()) + ": unknown key '" + key + "' (expected: " + list +
                             ")");
        }
    }
}

// Replaces ${VAR} from the environment; an unset variable is an error naming file and line.
std::string interpolate(YAML::Node const& node, std::string const& file, GetEnv const& getenv) {
    if (!node.IsScalar()) throw UsageError(where(file, node.Mark()) + ": expected a text value");
    std::string const in = node.as<std::string>();
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in.compare(i, 2, "${") == 0) {
            std::size_t close = in.find('}', i);
            if (close == std::string::npos) throw UsageError(where(file, node.Mark()) + ": unterminated ${");
            std::string name = in.substr(i + 2, close - i - 2);
            auto value = getenv(name);
            if (!value)
                throw UsageError(where(file, node.Mark()) + ": environment variable " + name + " is not set");
            out += *value;
            i = close;
        } else {
            out += in[i];
        }
    }
    return out;
}

namespace {

// A value checked where it is written, so that its error names the file, the line and the key.
template <class Check>
std::string checked(YAML::Node const& node, char const* key, std::string const& file, GetEnv const& getenv,
                    Check&& check) {
    std::string text = interpolate(node, file, getenv);
    try {
        check(text);
    } catch (UsageError const& e) {
        throw UsageError(where(file, node.Mark()) + ": " + key + ": " + e.what());
    }
    return text;
}

std::string duration_at(YAML::Node const& node, std::string const& file, GetEnv const& getenv) {
    return checked(node, "lock_timeout", file, getenv, [](std::string const& t) { parse_duration(t); });
}

std::string table_at(YAML::Node const& node, std::string const& file, GetEnv const& getenv) {
    // With a schema allowed: whether this database has schemas is known only when it is opened.
    return checked(node, "version_table", file, getenv,
                   [](std::string const& t) { QualifiedName::parse(t, true); });
}

std::int64_t version_at(YAML::Node const& node, std::string const& file, char const* what) {
    std::string const text = node.IsScalar() ? node.Scalar() : "";
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError(where(file, node.Mark()) + ": " + what + " must be a version (digits)");
    return std::stoll(text);
}

// lint: {since: VERSION, allow: {VERSION: [rule, ...]}}
Config::Lint lint_at(YAML::Node const& node, std::string const& file) {
    if (!node.IsMap())
        throw UsageError(where(file, node.Mark()) + ": lint: must be a mapping (since, allow)");
    reject_unknown_keys(node, {"since", "allow"}, file);
    Config::Lint lint;
    if (auto since = node["since"]) lint.since = version_at(since, file, "lint.since");
    if (auto allow = node["allow"]) {
        if (!allow.IsMap())
            throw UsageError(where(file, allow.Mark()) +
                             ": lint.allow must map versions to lists of rule ids");
        for (auto const& kv : allow) {
            std::int64_t const v = version_at(kv.first, file, "a lint.allow key");
            if (!kv.second.IsSequence())
                throw UsageError(where(file, kv.second.Mark()) +
                                 ": lint.allow: a list of rule ids is expected");
            for (auto const& rule : kv.second) {
                if (!rule.IsScalar())
                    throw UsageError(where(file, rule.Mark()) + ": lint.allow: a rule id is text");
                lint.allow[v].push_back(rule.Scalar());
            }
        }
    }
    return lint;
}

bool flag_at(YAML::Node const& node, std::string const& file, char const* key) {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
        throw UsageError(where(file, node.Mark()) + ": " + key + " must be true or false");
    return value;
}

// "detect" or a layout name; UsageError listing them otherwise.
Format format_named(std::string const& name) {
    if (name == "detect") return Format::detect;
    if (auto f = parse_format(name)) return *f;
    std::string names;
    for (auto const& n : format_names())
        names += (names.empty() ? "" : "|") + n;
    throw UsageError("unknown format '" + printable(name) + "' (expected " + names + ")");
}

} // namespace

GetEnv process_environment() {
    return [](std::string const& name) -> std::optional<std::string> {
        char const* v = std::getenv(name.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
}

std::string const& Config::require_database() const {
    if (database_url) return *database_url;
    std::string text = "no database given: pass --database URL, set DATABASE_URL, or set 'database' in ";
    if (config_file.empty())
        throw UsageError(text +
                         "migrator.yaml (none was read: there is no ./migrator.yaml; --config FILE names "
                         "another)");
    text += config_file;
    if (!unselected_environments.empty()) {
        std::string names;
        for (auto const& n : unselected_environments)
            names += (names.empty() ? "" : ", ") + n;
        throw UsageError(text + ", which defines the environments " + names +
                         " but selects none: pass --env NAME, set MIGRATOR_ENV, or set default_environment");
    }
    throw UsageError(text + (environment.empty() ? "" : " (environment " + environment + ")") +
                     " (the file read; --config FILE names another)");
}

Config resolve_config(ConfigOverrides const& o, GetEnv const& real_getenv) {
    Config c;
    std::string file;
    std::error_code ec;
    if (o.config_file) {
        file = *o.config_file;
        if (!fs::exists(file, ec)) throw UsageError("config file '" + file + "' not found");
    } else if (fs::exists("migrator.yaml", ec) || fs::is_symlink("migrator.yaml", ec)) {
        file = "migrator.yaml";
    }
    if (!file.empty() && fs::is_directory(file, ec))
        throw UsageError(file + " is a directory, not a config file");

    // The real environment first, then .env beside the config file, then .env here.
    fs::path const config_dir = fs::path(file).parent_path();
    fs::path const beside = (config_dir.empty() ? fs::path(".") : config_dir) / ".env";
    std::map<std::string, std::string> dotenv = read_dotenv(beside);
    if (!fs::equivalent(beside, ".env", ec)) dotenv.merge(read_dotenv(".env")); // keeps the first's values
    GetEnv const getenv = [&](std::string const& name) -> std::optional<std::string> {
        if (auto v = real_getenv(name)) return v;
        auto const it = dotenv.find(name);
        return it != dotenv.end() ? std::optional<std::string>(it->second) : std::nullopt;
    };

    std::optional<std::string> environment = o.environment;
    if (!environment) environment = getenv("MIGRATOR_ENV");
    std::optional<std::string> file_database, file_lock_timeout;
    // A database from the flag or DATABASE_URL wins: the file's is then not read, so that a
    // ${VAR} in it need not be set (an environment chosen only because it is the only one).
    std::optional<std::string> const env_url = getenv("DATABASE_URL");
    bool const database_given = o.database || (env_url && !env_url->empty());

    if (!file.empty()) {
        c.config_file = file;
        std::string const dir = fs::path(file).parent_path().string();
        YAML::Node root;
        try {
            std::ifstream in(file, std::ios::binary);
            if (!in) throw UsageError(file + ": cannot read it (" + std::strerror(errno) + ")");
            std::string const text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (holds_several_yaml_documents(text))
                throw UsageError(file + ": holds more than one YAML document");
            root = YAML::Load(text);
        } catch (YAML::Exception const& e) {
            throw UsageError(where(file, e.mark) + ": " + e.msg);
        }
        if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
        if (!root.IsMap()) throw UsageError(file + ": expected a mapping at the top level");
        reject_unknown_keys(root,
                            {"database", "migrations", "version_table", "default_environment", "environments",
                             "lock_timeout", "format", "lint", "single_transaction"},
                            file);
        try {
            if (auto n = root["migrations"])
                c.migrations_dir = (fs::path(dir) / interpolate(n, file, getenv)).string();
            if (auto n = root["version_table"]) c.version_table = table_at(n, file, getenv);
            if (auto n = root["lock_timeout"]) file_lock_timeout = duration_at(n, file, getenv);
            if (auto n = root["lint"]) c.lint = lint_at(n, file);
            if (auto n = root["single_transaction"])
                c.single_transaction = flag_at(n, file, "single_transaction");
            if (auto n = root["format"])
                checked(n, "format", file, getenv, [&](std::string const& t) { c.format = format_named(t); });
            // The simplest file: a top-level database, no environments. An environment's wins.
            if (auto n = root["database"]) {
                if (!database_given) file_database = interpolate(n, file, getenv);
                c.database_base_dir = dir;
            }
            auto envs = root["environments"];
            if (envs && !envs.IsMap())
                throw UsageError(where(file, envs.Mark()) + ": 'environments' must be a mapping");
            if (!environment)
                if (auto n = root["default_environment"]) environment = interpolate(n, file, getenv);
            if (!environment && envs && envs.size() == 1) environment = envs.begin()->first.as<std::string>();
            if (!environment && envs)
                for (auto const& kv : envs)
                    c.unselected_environments.push_back(kv.first.as<std::string>());
            if (environment) {
                auto env = envs ? envs[*environment] : YAML::Node();
                if (!env) throw UsageError(file + ": environment '" + *environment + "' is not defined");
                if (!env.IsMap())
                    throw UsageError(where(file, env.Mark()) + ": environment '" + *environment +
                                     "' must be a mapping");
                reject_unknown_keys(
                    env, {"database", "lock_timeout", "version_table", "migrations", "single_transaction"},
                    file);
                if (auto n = env["single_transaction"])
                    c.single_transaction = flag_at(n, file, "single_transaction");
                if (auto n = env["database"]) {
                    if (!database_given) file_database = interpolate(n, file, getenv);
                    c.database_base_dir = dir.empty() ? "" : dir;
                }
                if (auto n = env["lock_timeout"]) file_lock_timeout = duration_at(n, file, getenv);
                if (auto n = env["version_table"]) c.version_table = table_at(n, file, getenv);
                if (auto n = env["migrations"])
                    c.migrations_dir = (fs::path(dir) / interpolate(n, file, getenv)).string();
            }
        } catch (YAML::Exception const& e) {
            throw UsageError(where(file, e.mark) + ": " + e.msg);
        }
    } else if (o.environment) {
        throw UsageError("--env " + *o.environment +
                         " given, but there is no migrator.yaml (use --config FILE)");
    }
    c.environment = environment.value_or("");

    if (o.database) {
        c.database_url = o.database;
        c.database_base_dir.clear();
    } else if (env_url && !env_url->empty()) {
        c.database_url = env_url;
        c.database_base_dir.clear();
    } else {
        c.database_url = file_database;
    }
    if (o.migrations_dir) c.migrations_dir = *o.migrations_dir;
    if (o.version_table) c.version_table = *o.version_table;
    if (o.format) {
        try {
            c.format = format_named(*o.format);
        } catch (UsageError const& e) {
            throw UsageError(std::string("--format: ") + e.what());
        }
    }
    if (o.lock_timeout)
        c.lock_timeout = parse_duration(*o.lock_timeout);
    else if (file_lock_timeout)
        c.lock_timeout = parse_duration(*file_lock_timeout);
    return c;
}

} // namespace migrator::cli
