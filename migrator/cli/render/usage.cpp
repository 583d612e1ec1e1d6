#include "render/usage.hpp"

#include <algorithm>
#include <map>

#include "migrator/migrator.hpp"
#include "render/output.hpp"

namespace migrator::cli {

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbours each cost 1 ("rollbakc" is one step from "rollback"). Words are a few letters long,
// so the quadratic table is a few hundred cells.
std::size_t distance(std::string const& a, std::string const& b) {
    std::size_t const n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t const cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[n][m];
}

bool takes_value(CLI::Option const* o) {
    return o->get_items_expected_min() > 0; // a flag expects none
}

// Whether args[i], the option `o` written without "=value", takes args[i + 1] as its value. An
// optional value ("--wait", "--wait 30s") is taken, as CLI11 takes it, unless the next word is an
// option or a command of `app`.
bool value_follows(CLI::Option const* o, CLI::App& app, std::vector<std::string> const& args, std::size_t i) {
    if (args[i].find('=') != std::string::npos) return false;
    if (takes_value(o)) return true;
    if (o->get_expected_max() == 0 || i + 1 >= args.size()) return false;
    std::string const& next = args[i + 1];
    return next.rfind('-', 0) != 0 && !find_command(app, next);
}

std::vector<std::string> option_names(CLI::App const& app) {
    std::vector<std::string> names;
    for (auto const* o : app.get_options()) {
        for (auto const& l : o->get_lnames())
            names.push_back("--" + l);
        for (auto const& s : o->get_snames())
            names.push_back("-" + s);
    }
    return names;
}

std::vector<std::string> command_names(CLI::App& app) {
    std::vector<std::string> names;
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        names.push_back(sub->get_name());
        for (auto const& a : sub->get_aliases())
            names.push_back(a);
    }
    return names;
}

// The option `name` ("--to") of the innermost command in `chain` that has one, or null.
CLI::Option const* option_named(std::vector<CLI::App*> const& chain, std::string const& name) {
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        if (CLI::Option const* o = (*it)->get_option_no_throw(name)) return o;
    return nullptr;
}

// The command (and nested command, "schema dump") the words name, outermost first.
std::vector<CLI::App*> commands_named(CLI::App& app, std::vector<std::string> const& args) {
    std::vector<CLI::App*> chain{&app};
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string const& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            CLI::Option const* o = option_named(chain, a.substr(0, a.find('=')));
            if (o && value_follows(o, *chain.back(), args, i)) ++i;
            continue;
        }
        if (CLI::App* sub = find_command(*chain.back(), a))
            chain.push_back(sub);
        else if (chain.size() > 1)
            continue; // a positional value of the command (new NAME, goto VERSION)
    }
    return chain;
}

std::string quoted(std::string const& word) {
    return "'" + printable(without_secrets(word, {word}), 200) + "'";
}

// What a value-taking option expects, in words.
std::string expectation(std::string const& option) {
    static std::map<std::string, std::string> const words = {{"--to", "a version number"},
                                                             {"VERSION", "a version number"},
                                                             {"--mark-applied", "a version number"},
                                                             {"--remove", "a version number"},
                                                             {"--accept-checksum", "a version number"},
                                                             {"--lint-since", "a version number"},
                                                             {"--steps", "a whole number of migrations"},
                                                             {"--parallel", "a whole number"}};
    auto const it = words.find(option);
    return it != words.end() ? it->second : "a number";
}

// "unknown option '--dryrun'; did you mean '--dry-run'?" for each extra, in the order typed.
std::string explain_extras(CLI::App& app, std::vector<std::string> const& args) {
    auto const chain = commands_named(app, args);
    std::vector<std::string> known;
    for (auto const* a : chain)
        for (auto& n : option_names(*a))
            known.push_back(std::move(n));
    std::vector<std::string> parts;
    std::vector<std::pair<std::string, std::string>> unknown; // the option, its nearest real one
    bool after_command = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string const& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            std::string const name = a.substr(0, a.find('='));
            CLI::Option const* o = option_named(chain, name);
            if (!o) {
                std::string const near = closest(name, known);
                unknown.emplace_back(name, near);
                parts.emplace_back();
                // "--databse URL": the URL is the misspelt option's value, not a stray argument.
                CLI::Option const* meant = near.empty() ? nullptr : option_named(chain, near);
                if (meant && takes_value(meant) && a.find('=') == std::string::npos && i + 1 < args.size() &&
                    args[i + 1].rfind('-', 0) != 0)
                    ++i;
                continue;
            }
            if (value_follows(o, *chain.back(), args, i)) ++i;
            continue;
        }
        bool const is_command =
            std::any_of(chain.begin() + 1, chain.end(), [&](CLI::App* c) { return c->check_name(a); });
        if (is_command) {
            after_command = true;
            continue;
        }
        if (!after_command) continue;
        // goose's `up 2`, golang-migrate's `down 1`: a count is --steps here.
        std::string const command = chain.back()->get_name();
        if ((command == "up" || command == "down") && !a.empty() &&
            a.find_first_not_of("0123456789") == std::string::npos)
            parts.push_back("unexpected argument " + quoted(a) + " (did you mean '" + command + " --steps " +
                            a + "'?)");
        else
            parts.push_back("unexpected argument " + quoted(a));
    }
    if (parts.empty()) return "";
    // One unknown option: "...; did you mean '--dry-run'?"; several: each with its own "(did you mean ...?)".
    std::size_t next = 0;
    for (auto& part : parts) {
        if (!part.empty()) continue;
        auto const& [name, near] = unknown[next++];
        part = "unknown option " + quoted(name) +
               (near.empty()        ? ""
                : parts.size() == 1 ? "; did you mean '" + near + "'?"
                                    : " (did you mean '" + near + "'?)");
    }
    std::string text = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i)
        text += "; " + parts[i];
    return text;
}

// "Could not convert: --to = abc" -> "--to expects a version number, got 'abc'".
std::string explain_conversion(std::string const& what) {
    std::string const prefix = "Could not convert: ";
    std::size_t const eq = what.find(" = ");
    if (what.rfind(prefix, 0) != 0 || eq == std::string::npos) return "";
    std::string const option = what.substr(prefix.size(), eq - prefix.size());
    std::string const value = what.substr(eq + 3);
    return option + " expects " + expectation(option) + ", got " + quoted(value);
}

class HelpFormatter final : public CLI::Formatter {
public:
    // Without " Excludes: --verbose", which pushed the description to its own line.
    std::string make_option_opts(CLI::Option const* opt) const override {
        std::string out;
        if (opt->get_type_size() != 0 && !opt->get_option_text().empty())
            out += " " + opt->get_option_text();
        else if (opt->get_type_size() != 0 && !opt->get_type_name().empty())
            out += " " + get_label(opt->get_type_name());
        if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
        if (opt->get_required()) out += " " + get_label("REQUIRED");
        return out;
    }
};

} // namespace

std::string closest(std::string const& word, std::vector<std::string> const& candidates) {
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (auto const& c : candidates) {
        std::size_t const d = distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    // Near enough to be a typo: a third of the word's letters at most (and at least 1, but a
    // word of two letters or fewer is never "near" anything longer than itself by chance).
    std::size_t const allowed = std::max<std::size_t>(1, word.size() / 3);
    return best_distance <= allowed ? best : "";
}

CLI::App* find_command(CLI::App& app, std::string const& word) {
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->check_name(word)) return sub;
    return nullptr;
}

std::string peer_option(std::vector<std::string> const& args) {
    struct Peer {
        char const* theirs;
        char const* tool;
        char const* ours;
    };
    static constexpr Peer peers[] = {
        {"-path", "golang-migrate", "--dir"},
        {"-source", "golang-migrate", "--dir"},
        {"-database", "golang-migrate", "--database"},
        {"--migrations-dir", "dbmate", "--dir"},
        {"-d", "dbmate", "--dir"},
        {"-locations", "Flyway", "--dir"},
        {"-url", "Flyway", "--database"},
        {"-user", "Flyway", "--database (user in the URL)"},
        {"--dsn", "sqitch", "--database"},
        {"-dir", "goose", "--dir"},
    };
    for (auto const& a : args) {
        if (a == "--") break;
        std::string const name = a.substr(0, a.find('='));
        for (auto const& p : peers)
            if (name == p.theirs)
                return "unknown option '" + name + "' (" + p.tool + "'s); did you mean '" + p.ours + "'?";
    }
    return "";
}

namespace {

// Other tools' command words, and migrator's for them.
std::string peer_command(std::string const& word, std::vector<std::string> const& args, std::size_t at) {
    struct Peer {
        char const* theirs;
        char const* tool;
        char const* ours;
    };
    static constexpr Peer peers[] = {
        {"info", "Flyway", "status"},
        {"force", "golang-migrate", "repair --mark-applied VERSION"},
        {"stamp", "Alembic", "baseline VERSION"},
        {"dump", "dbmate", "schema dump"},
        {"downgrade", "Alembic", "down"},
        {"upgrade", "Alembic", "up"},
        {"reset", "goose", "down --all"},
        {"clean", "Flyway", "down --all (migrator never drops what it did not make)"},
        {"drop", "golang-migrate", "down --all"},
        {"fix", "goose", "new (versions stay as written)"},
        {"deploy", "sqitch", "up"},
        {"revert", "sqitch", "down"},
        {"heads", "Alembic", "status"},
        {"apply", "Atlas", "up"},
    };
    for (auto const& p : peers)
        if (word == p.theirs) {
            std::string hint = p.ours;
            // downgrade -1, force 3: the number goes where migrator takes it.
            if (at + 1 < args.size() && !args[at + 1].empty() &&
                args[at + 1].find_first_not_of("-0123456789") == std::string::npos) {
                std::string const& n = args[at + 1];
                if (word == "downgrade" && n.rfind('-', 0) == 0) hint = "down --steps " + n.substr(1);
                if (word == "force") hint = "repair --mark-applied " + n;
                if (word == "stamp") hint = "baseline " + n;
            }
            return "unknown command '" + word + "' (" + p.tool + "'s); did you mean '" + hint + "'?";
        }
    return "";
}

} // namespace

std::string unknown_command(CLI::App& app, std::vector<std::string> const& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string const& a = args[i];
        if (a == "--") return "";
        if (a.size() > 1 && a[0] == '-') {
            CLI::Option const* o = app.get_option_no_throw(a.substr(0, a.find('=')));
            if (o && value_follows(o, app, args, i)) ++i;
            // An unknown option is the parser's to report, and a word after it is its value
            // ("--databse URL"), not a command.
            if (!o && a.find('=') == std::string::npos && i + 1 < args.size() &&
                !find_command(app, args[i + 1]) && args[i + 1].rfind('-', 0) != 0)
                ++i;
            continue;
        }
        if (find_command(app, a)) return "";
        if (std::string peer = peer_command(a, args, i); !peer.empty()) return peer;
        std::string message = "unknown command " + quoted(a);
        std::string const near = closest(a, command_names(app));
        if (!near.empty()) {
            CLI::App* target = find_command(app, near);
            // An alias is suggested by the command it stands for: "rollbak" -> 'rollback' (down).
            message += "; did you mean '" + near + "'" +
                       (target && target->get_name() != near ? " (" + target->get_name() + ")" : "") + "?";
        } else {
            message += " (see migrator help)";
        }
        return message;
    }
    return "";
}

std::string explain_parse_error(CLI::App& app, CLI::ParseError const& error,
                                std::vector<std::string> const& args) {
    std::string text;
    if (dynamic_cast<CLI::ExtrasError const*>(&error))
        text = explain_extras(app, args);
    else if (dynamic_cast<CLI::ConversionError const*>(&error))
        text = explain_conversion(error.what());
    else if (dynamic_cast<CLI::RequiredError const*>(&error) &&
             std::string(error.what()).find("subcommand") != std::string::npos)
        text = "a command is required";
    if (text.empty()) text = without_secrets(error.what(), args);
    return printable(text, 500) + " (see migrator help)";
}

void shape_help(CLI::App& app) {
    app.formatter(std::make_shared<HelpFormatter>());
    // Worked out only when a help text is printed: start-up pays nothing for it.
    auto footer = [&app](std::string const& command) {
        std::string text = "\nGlobal options (before or after the command):\n";
        for (auto const* o : app.get_options()) {
            std::string const first = o->get_lnames().empty() ? "" : o->get_lnames().front();
            if (first.empty() || first == "help" || first == "version") continue;
            std::ostringstream line;
            std::string name = o->get_name(false, true);
            if (takes_value(o) && !o->get_type_name().empty()) name += " " + o->get_type_name();
            CLI::detail::format_help(line, name, o->get_description(), 30);
            text += line.str();
        }
        if (!command_example(command).empty()) text += "\nExample:\n  " + command_example(command) + "\n";
        return text;
    };
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        std::string const name = sub->get_name();
        sub->footer([footer, name] { return footer(name); });
        for (auto* nested : sub->get_subcommands([](CLI::App*) { return true; }))
            nested->footer([footer, name] { return footer(name); });
    }
}

std::string const& command_example(std::string const& command) {
    static std::map<std::string, std::string> const examples = {
        {"up", "migrator up --to 5 --database sqlite:///app.db"},
        {"down", "migrator down --steps 2"},
        {"goto", "migrator goto 3"},
        {"redo", "migrator redo   # after editing the newest migration's up"},
        {"status", "migrator status --exit-code"},
        {"version", "migrator version --database postgresql://app@localhost/app"},
        {"history", "migrator history --json"},
        {"validate", "migrator validate --against main-migrations/"},
        {"new", "migrator new \"add user bio\""},
        {"init", "migrator init && migrator new create_users"},
        {"repair", "migrator repair --accept-checksum 7"},
        {"baseline", "migrator baseline 12"},
        {"check",
         "migrator check --dialects sqlite,postgresql --database postgresql://ci@localhost/postgres"},
        {"schema", "migrator schema dump --format sql --output schema.sql"},
        {"dump", "migrator schema dump --format sql --output schema.sql"},
        {"import", "migrator import --from golang-migrate --to migrations"},
        {"wait", "migrator --wait 30s wait && migrator up"},
        {"help", "migrator help up"}};
    static std::string const none;
    auto const it = examples.find(command);
    return it != examples.end() ? it->second : none;
}

} // namespace migrator::cli
