// migrator_docgen DIR: writes DIR/migrator.1 (the man page), DIR/migrator.bash (bash
// completion), DIR/_migrator (zsh completion) and DIR/commands.md (the documentation site's
// command reference) from the CLI's own definition (define_cli), at build time, so that they
// cannot drift from the real commands and flags. Not installed.
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "render/usage.hpp"

using namespace migrator;
using namespace migrator::cli;

namespace {

struct Flag {
    std::vector<std::string> names; // "--to", "-q"
    std::string value;              // "VERSION"; "" for a switch
    std::string description;
};

struct Command {
    std::string path; // "up", "schema dump"
    std::string description;
    std::vector<Flag> flags;
    std::vector<std::string> positionals; // NAME, VERSION
    std::vector<std::string> children;    // subcommands of a group ("dump" of "schema")
};

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::vector<Flag> flags_of(CLI::App const& app) {
    std::vector<Flag> out;
    for (CLI::Option const* o : app.get_options({})) {
        if (o->get_lnames().empty() && o->get_snames().empty()) continue; // a positional
        Flag f;
        for (auto const& s : o->get_snames())
            f.names.push_back("-" + s);
        for (auto const& l : o->get_lnames())
            f.names.push_back("--" + l);
        if (o->get_expected_min() > 0 || o->get_expected_max() > 0) {
            // The option's own type name where it has one ("URL"), else its name ("--to" -> TO).
            std::string const type = o->get_type_name();
            bool const generic = type.empty() || type == "TEXT" || type == "INT" || type == "UINT";
            f.value = !generic ? type : o->get_lnames().empty() ? "VALUE" : upper(o->get_lnames().front());
            if (o->get_expected_min() == 0) f.value = "[" + f.value + "]"; // --wait alone: its default
        }
        f.description = o->get_description();
        out.push_back(std::move(f));
    }
    return out;
}

void collect(CLI::App& app, std::string const& prefix, std::vector<Command>& out) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        Command c{prefix + sub->get_name(), sub->get_description(), flags_of(*sub), {}, {}};
        for (CLI::Option const* o : sub->get_options({}))
            if (o->get_lnames().empty() && o->get_snames().empty())
                c.positionals.push_back(upper(o->get_name()));
        for (CLI::App* child : sub->get_subcommands([](CLI::App*) { return true; }))
            c.children.push_back(child->get_name());
        out.push_back(c);
        // An alias completes and is documented like the command it stands for.
        for (auto const& alias : sub->get_aliases()) {
            Command a = c;
            a.path = prefix + alias;
            a.description = "the same as " + c.path + ": " + c.description;
            out.push_back(std::move(a));
        }
        collect(*sub, c.path + " ", out);
    }
}

// Man pages are troff: a leading '.' or '\'' is a request, '\' an escape, '-' a hyphen.
std::string roff(std::string const& s) {
    std::string out;
    for (char c : s) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
    return out;
}

void man_flags(std::ostream& out, std::vector<Flag> const& flags) {
    for (auto const& f : flags) {
        out << ".TP\n";
        for (std::size_t i = 0; i < f.names.size(); ++i)
            out << (i ? ", " : "") << "\\fB" << roff(f.names[i]) << "\\fR";
        if (!f.value.empty()) out << " \\fI" << roff(f.value) << "\\fR";
        out << "\n" << roff(f.description) << "\n";
    }
}

void write_man(std::ostream& out, CLI::App const& app, std::vector<Flag> const& globals,
               std::vector<Command> const& commands) {
    out << ".TH MIGRATOR 1 \"\" \"migrator " << migrator::version() << "\" \"User Commands\"\n"
        << ".SH NAME\nmigrator \\- "
        << roff(app.get_description().substr(app.get_description().find(": ") + 2))
        << "\n.SH SYNOPSIS\n.B migrator\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
        << ".SH DESCRIPTION\n"
           "migrator applies an ordered set of versioned migrations, each with an up and a down "
           "script, to SQLite and PostgreSQL databases, and records every applied revision in a "
           "version table in that database. Several runs at once apply every migration exactly once.\n"
           ".PP\nGlobal options are accepted before or after the command. Durations are written "
           "500ms, 30s, 5m or bare seconds.\n"
        << ".SH GLOBAL OPTIONS\n";
    man_flags(out, globals);
    out << ".SH COMMANDS\n";
    for (auto const& c : commands) {
        out << ".SS \"" << roff(c.path);
        for (auto const& p : c.positionals)
            out << " " << p;
        out << "\"\n" << roff(c.description) << "\n";
        man_flags(out, c.flags);
    }
    out << ".SH EXIT STATUS\n"
           ".TP\n0\ndone\n.TP\n1\na migration or the database failed, or a stop signal came\n"
           ".TP\n2\nbad usage, bad config or a malformed migration set\n"
           ".TP\n3\na check failed (checksum mismatch, drift, round-trip difference, lint finding)\n"
           ".TP\n4\nthe migration lock could not be taken in time\n"
           ".SH ENVIRONMENT\n"
           ".TP\n\\fBDATABASE_URL\\fR\nthe database, when \\-\\-database is not given\n"
           ".TP\n\\fBMIGRATOR_ENV\\fR\nthe environment of migrator.yaml, when \\-\\-env is not given\n"
           ".TP\n\\fBMIGRATOR_DIALECT_DIR\\fR\nwhere dialect modules (libmigrator_postgresql.so) are looked "
           "for first; then beside the binary, then in ../lib/migrator from it\n"
           ".TP\n\\fBPGPASSWORD\\fR, \\fB~/.pgpass\\fR\nread by libpq when a PostgreSQL URL has no password\n"
           ".SH FILES\n.TP\n\\fBmigrator.yaml\\fR\nthe configuration in the working directory "
           "(or \\-\\-config FILE)\n"
           ".SH EXAMPLES\n";
    for (auto const& c : commands)
        if (std::string const& e = command_example(c.path.substr(c.path.rfind(' ') + 1));
            !e.empty() && c.path.find(' ') == std::string::npos)
            out << ".TP\n\\fB" << roff(c.path) << "\\fR\n.EX\n" << roff(e) << "\n.EE\n";
    out << ".SH SEE ALSO\nThe documentation, installed as HTML in "
           "\\fI/usr/share/doc/migrator/html/index.html\\fR (and in the sources' docs/ folder); "
           "\\fIpsql\\fR(1), \\fIsqlite3\\fR(1)\n";
}

// The command reference of the documentation site, in Markdown.
void write_markdown(std::ostream& out, std::vector<Flag> const& globals,
                    std::vector<Command> const& commands) {
    auto table = [&](std::vector<Flag> const& flags) {
        if (flags.empty()) return;
        out << "| option | what it does |\n| --- | --- |\n";
        for (auto const& f : flags) {
            std::string names;
            for (auto const& n : f.names)
                names += (names.empty() ? "`" : ", `") + n + (f.value.empty() ? "" : " " + f.value) + "`";
            std::string description = f.description;
            for (std::size_t at = 0; (at = description.find('|', at)) != std::string::npos; at += 2)
                description.replace(at, 1, "\\|");
            out << "| " << names << " | " << description << " |\n";
        }
        out << "\n";
    };
    out << "# Commands\n\n"
           "Generated from migrator's own command-line definition, like the man page and `migrator help`, "
           "so it cannot drift from them. What each command does in depth, its exit codes and its output: "
           "[Command line](command-line.md).\n\n"
           "```\nmigrator [GLOBAL OPTIONS] COMMAND [OPTIONS]\n```\n\n## Global options\n\n"
           "Accepted before or after the command.\n\n";
    table(globals);
    for (auto const& c : commands) {
        if (c.description.starts_with("the same as ")) continue; // an alias: named with its command
        out << "## " << c.path;
        for (auto const& p : c.positionals)
            out << " " << p;
        out << "\n\n" << c.description << ".\n\n";
        std::string aliases;
        for (auto const& a : commands)
            if (a.description == "the same as " + c.path + ": " + c.description)
                aliases += (aliases.empty() ? "" : ", ") + ("`" + a.path + "`");
        if (!aliases.empty()) out << "Also: " << aliases << ".\n\n";
        table(c.flags);
        if (std::string const& e = command_example(c.path.substr(c.path.rfind(' ') + 1)); !e.empty())
            out << "```sh\n" << e << "\n```\n\n";
    }
}

std::string words(std::vector<Flag> const& flags) {
    std::string out;
    for (auto const& f : flags)
        for (auto const& n : f.names)
            out += (out.empty() ? "" : " ") + n;
    return out;
}

void write_bash(std::ostream& out, std::vector<Flag> const& globals, std::vector<Command> const& commands) {
    std::string top;
    for (auto const& c : commands)
        if (c.path.find(' ') == std::string::npos) top += (top.empty() ? "" : " ") + c.path;
    std::string valued;
    for (auto const& f : globals)
        if (!f.value.empty()) valued += (valued.empty() ? "" : "|") + f.names.back();
    out << "# bash completion for migrator (generated from its command-line definition)\n"
           "_migrator() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    local globals=\""
        << words(globals) << "\"\n    local commands=\"" << top << "\"\n"
        << "    case $prev in\n"
           "    --dir|--config|--output) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
           "    "
        << valued << ") COMPREPLY=(); return ;;\n"
        << "    esac\n"
           "    local command=\"\" i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in\n"
           "        "
        <<
        [&] {
            std::string alts; // every command word, at any depth ("schema", "dump")
            for (auto const& c : commands) {
                std::string const word = c.path.substr(c.path.rfind(' ') + 1);
                if (("|" + alts + "|").find("|" + word + "|") == std::string::npos)
                    alts += (alts.empty() ? "" : "|") + word;
            }
            return alts;
        }()
        << ") command=\"$command${command:+ }${COMP_WORDS[i]}\" ;;\n"
           "        esac\n"
           "    done\n"
           "    local words\n"
           "    case $command in\n"
           "    \"\") words=\"$commands $globals\" ;;\n";
    for (auto const& c : commands) {
        std::string w = words(c.flags);
        for (auto const& child : c.children)
            w += (w.empty() ? "" : " ") + child;
        out << "    \"" << c.path << "\") words=\"" << w << " $globals\" ;;\n";
    }
    out << "    esac\n"
           "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
           "}\n"
           "complete -F _migrator migrator\n";
}

// zsh's _arguments specs: '--name[description]' or '--name[description]:value:'.
std::string zsh_quote(std::string const& s) {
    std::string out;
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else if (c == '[' || c == ']' || c == ':')
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out;
}

std::vector<std::string> zsh_specs(std::vector<Flag> const& flags) {
    std::vector<std::string> out;
    for (auto const& f : flags)
        for (auto const& n : f.names) {
            bool const path = n == "--dir" || n == "--config" || n == "--output";
            out.push_back("'" + n + "[" + zsh_quote(f.description) + "]" +
                          (f.value.empty() ? "" : ":" + zsh_quote(f.value) + ":" + (path ? "_files" : "")) +
                          "'");
        }
    return out;
}

void write_zsh(std::ostream& out, std::vector<Flag> const& globals, std::vector<Command> const& commands) {
    out << "#compdef migrator\n# zsh completion for migrator (generated from its command-line definition)\n\n"
           "_migrator() {\n  local -a globals commands\n  globals=(\n";
    for (auto const& spec : zsh_specs(globals))
        out << "    " << spec << "\n";
    out << "  )\n  commands=(\n";
    for (auto const& c : commands)
        if (c.path.find(' ') == std::string::npos)
            out << "    '" << c.path << ":" << zsh_quote(c.description) << "'\n";
    out << "  )\n  local curcontext=$curcontext state line\n"
           "  _arguments -C $globals '1: :->command' '*:: :->argument'\n"
           "  case $state in\n  command) _describe 'command' commands ;;\n  argument)\n"
           "    case ${words[1]} in\n";
    for (auto const& c : commands) {
        if (c.path.find(' ') != std::string::npos) continue;
        std::vector<std::string> specs = zsh_specs(c.flags);
        for (auto const& child : c.children) { // a group (schema dump): its subcommand, then its flags
            specs.push_back("'1:command:(" + child + ")'");
            auto const it = std::find_if(commands.begin(), commands.end(),
                                         [&](Command const& k) { return k.path == c.path + " " + child; });
            if (it != commands.end())
                for (auto const& spec : zsh_specs(it->flags))
                    specs.push_back(spec);
        }
        out << "    " << c.path << ") _arguments $globals";
        for (auto const& spec : specs)
            out << " \\\n        " << spec;
        out << " \\\n        '*: :_files' ;;\n";
    }
    out << "    esac ;;\n  esac\n}\n\n_migrator \"$@\"\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: migrator_docgen DIR\n";
        return 2;
    }
    DialectRegistry registry;
    GlobalOptions options;
    Output out;
    Context ctx(registry, options, out);
    CLI::App app;
    CommandList actions;
    define_cli(app, options, ctx, actions);

    std::vector<Flag> const globals = flags_of(app);
    std::vector<Command> commands;
    collect(app, "", commands);

    std::string const dir = argv[1];
    std::ofstream man(dir + "/migrator.1"), bash(dir + "/migrator.bash"), zsh(dir + "/_migrator"),
        markdown(dir + "/commands.md");
    write_man(man, app, globals, commands);
    write_bash(bash, globals, commands);
    write_zsh(zsh, globals, commands);
    write_markdown(markdown, globals, commands);
    return man && bash && zsh && markdown ? 0 : 1;
}
