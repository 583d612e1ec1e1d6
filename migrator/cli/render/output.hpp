#pragma once
// How a command speaks. Human text goes to stdout (results) and stderr (messages); with
// --json nothing but one JSON document reaches stdout, built up in doc() and printed once.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace migrator::cli {

// `text` with every URL cut after its scheme ("postgresql://...") and every password=VALUE
// (a libpq connection string) shown as password=***: for echoing arguments that did not parse.
// Each of `arguments` that looks like either is first replaced whole, since an argument may hold
// blanks that the text no longer tells apart.
std::string without_secrets(std::string text, std::vector<std::string> const& arguments = {});

// `text` in quotes when it is a plain word (letters, digits, '_', '-', '.', blanks; at most 64),
// else a note that it is not shown: a config line or an argument may hold a URL with a password,
// and an error about it must never echo it.
std::string plain_or_hidden(std::string const& text);

// How many terminal columns `utf8` takes: one per character, two for East Asian wide ones,
// none for combining marks; so that status lines up names such as "ünïcødé 名前".
std::size_t display_width(std::string_view utf8);

class Output {
public:
    bool json = false;
    int verbosity = 0;     // -1 quiet, 0 normal, 1 verbose
    bool terminal = false; // stdout is a terminal: a progress line may be drawn
    bool color = false;    // ... and NO_COLOR is unset and TERM is not "dumb"

    // Works out `terminal` and `color` from stdout and the environment.
    void detect_terminal();
    // A state word ("applied", "pending", "dirty", ...) in its colour when `color`, else as is.
    std::string paint(std::string const& state) const;

    // A result line (stdout); silent under --json and --quiet.
    void line(std::string const& text) const;
    // A detail line (stdout), only with -v.
    void detail(std::string const& text) const;
    // A message for people (stderr), shown even under --json; silent under --quiet.
    void note(std::string const& text) const;
    static void error(std::string const& text); // stderr, always

    nlohmann::json& doc() { return doc_; }
    void print_json(int exit_code); // adds exit_code and prints the document

private:
    nlohmann::json doc_ = nlohmann::json::object();
};

} // namespace migrator::cli
