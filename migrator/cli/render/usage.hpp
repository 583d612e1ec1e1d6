#pragma once
// What the command line says when it is not understood, and how help reads: CLI11's own texts
// ("A subcommand is required", "Could not convert: --to = abc") are rewritten into one line
// that names what was typed and the closest real command or option.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace migrator::cli {

// The candidate nearest to `word` by edit distance (a swap of two neighbours counts once), or ""
// when none is near enough to be a likely typo.
std::string closest(std::string const& word, std::vector<std::string> const& candidates);

// The subcommand of `app` named or aliased `word`, or null.
CLI::App* find_command(CLI::App& app, std::string const& word);

// Other tools' spellings of our options (golang-migrate's -path and -database, dbmate's
// --migrations-dir, Flyway's -locations and -url=, ...): the message naming ours ("-path is
// golang-migrate's; migrator's is --dir"), or "". Checked before the parser, which would read
// -path as -p -a -t -h.
std::string peer_option(std::vector<std::string> const& args);

// The first word that is not a global option (or its value) must be a command or an alias.
// Returns "" when it is (or there is none), else the one-line message ("unknown command
// 'rolback'; did you mean 'rollback' (down)?"), or for another tool's command word, ours
// ("'info' is Flyway's; migrator's is 'status'"). An unknown option's value is not taken for
// a command: the parser reports the option. `args` excludes argv[0].
std::string unknown_command(CLI::App& app, std::vector<std::string> const& args);

// CLI11's message for a parse error, rewritten: extras in the order typed, each unknown option
// with the closest real one; a conversion error says what the option expects.
std::string explain_parse_error(CLI::App& app, CLI::ParseError const& error,
                                std::vector<std::string> const& args);

// Help that does not wrap "-q,--quiet Excludes: --verbose" (exclusions are said in the
// descriptions instead), and a footer on every subcommand naming the global options and an example.
void shape_help(CLI::App& app);

// One example of `command` ("up", "dump"), for its help, the man page and the command reference;
// "" when it has none.
std::string const& command_example(std::string const& command);

} // namespace migrator::cli
