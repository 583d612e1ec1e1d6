#include "config.hpp"

#include <yaml-cpp/yaml.h>

#include "dotenv.hpp"
#include "small_file.hpp"
#include "yaml_fields.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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
            throw UsageError(where(file, kv.first.Mark()) + ": unknown key " + plain_or_hidden(key) +
                             " (expected: " + list + ")");
        }
    }
}

// Replaces ${VAR} from the environment; an unset variable is an error naming file and line.
std::string interpolate(YAML::Node const& node, std::string const& file, GetEnv const& getenv,
                        std::function<std::string(std::string const&)> const& missing_note) {
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
                throw UsageError(where(file, node.Mark()) + ": environment variable " + name + " is not set" +
                                 (missing_note ? missing_note(name) : std::string()));
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
        // The checker's message quotes the value: only when it cannot be a secret.
        if (plain_or_hidden(text).front() != '\'')
            throw UsageError(where(file, node.Mark()) + ": " + key + ": not a valid value (not shown)");
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
                lint.allow_where.emplace_back(rule.Scalar(), where(file, rule.Mark()));
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
    throw UsageError("unknown format " + plain_or_hidden(name) + " (expected " + names + ")");
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
                         "another)" +
                         database_note);
    text += config_file;
    if (!unselected_environments.empty()) {
        std::string names;
        for (auto const& n : unselected_environments)
            names += (names.empty() ? "" : ", ") + n;
        throw UsageError(text + ", which defines the environments " + names +
                         " but selects none: pass --env NAME, set MIGRATOR_ENV, or set default_environment");
    }
    throw UsageError(text + (environment.empty() ? "" : " (environment " + environment + ")") +
                     " (the file read; --config FILE names another)" + database_note);
}

namespace {

// A variable the command reads, and where its value came from: the process environment (""),
// or a .env file's line.
struct Found {
    std::string value;
    std::string origin;
};

// The process environment first, then .env beside the config file, then .env here; each lookup
// remembers its origin, so that the database line can say where a ${VAR} came from.
class Variables {
public:
    Variables(GetEnv real, std::vector<Dotenv> files) : real_(std::move(real)), files_(std::move(files)) {}

    std::optional<std::string> real(std::string const& name) const { return real_(name); }
    std::optional<Found> from_dotenv(std::string const& name) const {
        for (auto const& f : files_)
            if (auto const it = f.vars.find(name); it != f.vars.end())
                return Found{it->second.value, f.where(name)};
        return std::nullopt;
    }
    // Every .env line that could not be read and may have set `name`, for a message.
    std::string bad_lines_for(std::string const& name) const {
        std::string out;
        for (auto const& f : files_)
            out += f.bad_lines_for(name);
        return out;
    }
    std::vector<std::string> warnings() const {
        std::vector<std::string> out;
        for (auto const& f : files_)
            for (auto const& b : f.bad)
                out.push_back(f.path + ":" + std::to_string(b.line) + ": " + b.reason +
                              "; the line is skipped (its content is not shown)");
        return out;
    }
    std::optional<Found> find(std::string const& name) const {
        if (auto v = real_(name)) return Found{*v, ""};
        return from_dotenv(name);
    }
    // For ${VAR}: records each variable it is asked for in `used`.
    GetEnv tracking(std::vector<std::pair<std::string, std::string>>* used) const {
        return [this, used](std::string const& name) -> std::optional<std::string> {
            auto const f = find(name);
            if (f && used) used->emplace_back(name, f->origin);
            return f ? std::optional<std::string>(f->value) : std::nullopt;
        };
    }

private:
    GetEnv real_;
    std::vector<Dotenv> files_;
};

// "with ${DATABASE_URL} from .env:1" for the variables a value was built from.
std::string variables_note(std::vector<std::pair<std::string, std::string>> const& used) {
    std::string out;
    for (auto const& [name, origin] : used)
        out += (out.empty() ? " with ${" : ", ${") + name + "} " +
               (origin.empty() ? "from the environment" : "from " + origin);
    return out;
}

std::string read_config_text(std::string const& file) {
    auto text = read_small_file(file);
    if (!text) throw UsageError(file + ": cannot read it (" + std::strerror(ENOENT) + ")");
    return *text;
}

} // namespace

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
    std::vector<Dotenv> dotenvs{read_dotenv(config_dir.empty() ? fs::path(".env") : beside, real_getenv)};
    if (!fs::equivalent(beside, ".env", ec)) dotenvs.push_back(read_dotenv(".env", real_getenv));
    Variables const vars(real_getenv, std::move(dotenvs));
    c.warnings = vars.warnings();
    c.database_note = vars.bad_lines_for("DATABASE_URL");
    GetEnv const getenv = vars.tracking(nullptr);

    // How the environment was chosen, highest first: --env, MIGRATOR_ENV (the process's, then
    // .env's), then the file (default_environment, or its only environment).
    std::optional<std::string> environment = o.environment;
    std::string environment_why;
    enum class ChosenBy { flag, process, dotenv, file } chosen_by = ChosenBy::file;
    if (environment) {
        environment_why = "--env " + *environment;
        chosen_by = ChosenBy::flag;
    } else if (auto v = vars.real("MIGRATOR_ENV")) {
        environment = *v;
        environment_why = "MIGRATOR_ENV=" + *v;
        chosen_by = ChosenBy::process;
    } else if (auto f = vars.from_dotenv("MIGRATOR_ENV")) {
        environment = f->value;
        environment_why = "MIGRATOR_ENV=" + f->value + " from " + f->origin;
        chosen_by = ChosenBy::dotenv;
    }

    // The file's database entry for the chosen environment (or its top level); interpolated only
    // when it is the one used, so that an unused ${VAR} need not be set.
    YAML::Node file_database;
    bool has_file_database = false; // a default YAML::Node is a defined null, not "none"
    std::string file_database_why;
    std::optional<std::string> file_lock_timeout;

    if (!file.empty()) {
        c.config_file = file;
        std::string const dir = fs::path(file).parent_path().string();
        YAML::Node root;
        try {
            std::string const text = read_config_text(file);
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
                             "lock_timeout", "format", "lint", "single_transaction", "new_version"},
                            file);
        try {
            if (auto n = root["migrations"])
                c.migrations_dir = (fs::path(dir) / interpolate(n, file, getenv)).string();
            if (auto n = root["version_table"]) c.version_table = table_at(n, file, getenv);
            if (auto n = root["lock_timeout"]) file_lock_timeout = duration_at(n, file, getenv);
            if (auto n = root["lint"]) c.lint = lint_at(n, file);
            if (auto n = root["single_transaction"])
                c.single_transaction = flag_at(n, file, "single_transaction");
            if (auto n = root["new_version"])
                checked(n, "new_version", file, getenv, [&](std::string const& t) {
                    if (t != "sequence" && t != "timestamp")
                        throw UsageError("expected sequence or timestamp");
                    c.new_version = t == "sequence" ? NewVersion::sequence : NewVersion::timestamp;
                });
            if (auto n = root["format"])
                checked(n, "format", file, getenv, [&](std::string const& t) { c.format = format_named(t); });
            // The simplest file: a top-level database, no environments. An environment's wins.
            if (auto n = root["database"]) {
                file_database = n;
                has_file_database = true;
                file_database_why = where(file, n.Mark());
            }
            auto envs = root["environments"];
            if (envs && !envs.IsMap())
                throw UsageError(where(file, envs.Mark()) + ": 'environments' must be a mapping");
            if (!environment)
                if (auto n = root["default_environment"]) {
                    environment = interpolate(n, file, getenv);
                    environment_why = "default_environment " + *environment;
                }
            if (!environment && envs && envs.size() == 1) {
                environment = envs.begin()->first.as<std::string>();
                environment_why = "the only environment, " + *environment + ",";
            }
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
                    file_database = n;
                    has_file_database = true;
                    file_database_why = environment_why + " in " + where(file, n.Mark());
                } else if (has_file_database) {
                    file_database_why = environment_why + ", the top level of " + file_database_why;
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

    // The database, highest first (README "Configuration"): --database; --env's database in the
    // file; DATABASE_URL from the process; the database of MIGRATOR_ENV from the process;
    // DATABASE_URL from .env; the file's (MIGRATOR_ENV from .env, default_environment, the top
    // level). A value that something higher overrides is never read.
    auto use_file = [&] {
        std::vector<std::pair<std::string, std::string>> used;
        try {
            c.database_url = interpolate(file_database, file, vars.tracking(&used),
                                         [&](std::string const& name) { return vars.bad_lines_for(name); });
        } catch (YAML::Exception const& e) {
            throw UsageError(where(file, e.mark) + ": " + e.msg);
        }
        c.database_base_dir = fs::path(file).parent_path().string();
        c.database_source = file_database_why + variables_note(used);
    };
    auto const process_url = vars.real("DATABASE_URL");
    auto const dotenv_url = vars.from_dotenv("DATABASE_URL");
    // The branches that use the file stand apart on purpose: their order is the precedence.
    if (o.database) {
        c.database_url = o.database;
        c.database_source = "--database";
    } else if (has_file_database && chosen_by == ChosenBy::flag) { // NOLINT(bugprone-branch-clone)
        use_file();
    } else if (process_url && !process_url->empty()) {
        c.database_url = process_url;
        c.database_source = "DATABASE_URL from the environment";
    } else if (has_file_database && chosen_by == ChosenBy::process) {
        use_file();
    } else if (dotenv_url && !dotenv_url->value.empty()) {
        c.database_url = dotenv_url->value;
        c.database_source = "DATABASE_URL from " + dotenv_url->origin;
    } else if (has_file_database) {
        use_file();
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
