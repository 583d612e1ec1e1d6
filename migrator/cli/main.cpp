// The composition root: registers the dialects, parses the command line (CLI11), runs the
// chosen command and maps every outcome to DESIGN.md's exit codes. Uses the public API only.
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "dialect_modules.hpp"
#include "render/usage.hpp"

using namespace migrator;
using namespace migrator::cli;

int main(int argc, char** argv) {
    DialectRegistry registry;
    register_cli_dialects(registry);
    GlobalOptions options;
    Output out;
    Context ctx(registry, options, out);

    CLI::App app;
    CommandList commands;
    define_cli(app, options, ctx, commands);

    std::vector<std::string> const args(argv + 1, argv + argc);
    auto usage_error = [&](std::string const& message) {
        Output::error(message);
        if (std::find(args.begin(), args.end(), "--json") != args.end()) {
            out.doc()["error"] = message;
            out.print_json(2);
        }
        return 2; // CLI11's own codes start at 100; the contract says bad usage is 2
    };
    // Before CLI11, whose word for an unknown command is "A subcommand is required".
    // `migrator` alone: what it can do.
    if (args.empty()) {
        std::cout << app.help();
        return 0;
    }
    if (std::string const peer = peer_option(args); !peer.empty()) return usage_error(peer);
    if (std::string const unknown = unknown_command(app, args); !unknown.empty()) return usage_error(unknown);
    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
        // Rewritten in our words; the parser's echo of an argument may hold a URL, so it is scrubbed.
        return usage_error(explain_parse_error(app, e, args));
    }
    out.json = options.json;
    out.verbosity = options.quiet ? -1 : options.verbose ? 1 : 0;
    out.detect_terminal();

    int code = 0;
    try {
        for (auto& [sub, run] : commands)
            if (sub->parsed()) {
                out.doc()["command"] = sub->get_parent() == &app
                                           ? sub->get_name()
                                           : sub->get_parent()->get_name() + " " + sub->get_name();
                run();
            }
    } catch (ExitWith const& e) {
        code = e.code;
    } catch (Error const& e) {
        code = static_cast<int>(e.exit_code());
        std::string const message = describe(e) + ctx.failure_note;
        Output::error(message);
        out.doc()["error"] = message;
    } catch (std::exception const& e) {
        code = 1;
        Output::error(e.what());
        out.doc()["error"] = e.what();
    }
    if (code == 0 && stop_signal_seen()) {
        code = 1;
        std::string const message = "interrupted: a stop signal came while the command ran";
        Output::error(message);
        out.doc()["error"] = message;
    }
    if (out.json) out.print_json(code);
    return code;
}
