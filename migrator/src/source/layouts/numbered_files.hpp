#pragma once
// What dbmate's and goose's layouts share: one {version}_{name}.sql file per migration, holding
// both scripts in marked sections, read line by line.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "source/layout.hpp"

namespace migrator {

// Reads one file's text (normalised) into `m`'s scripts and transaction setting; `shown` is how
// messages name the file; what deserves a word goes to `warnings`.
using SectionParser = std::function<void(std::string const& text, std::string const& shown, Migration& m,
                                         std::vector<SetWarning>& warnings)>;

// The migrations of the {digits}[_]{name}.sql files among `entries`, in listing order: version,
// name and folder from the file name, the rest from `parse`. A folder, or a .sql file whose name
// does not start with a version, is a MigrationSetError naming it; other files (a README) are
// skipped. `on_other` sees every other non-hidden file name (goose refuses .go files).
LayoutContents read_numbered_sql_files(MigrationSource::Tree const& tree, Layout::Entries const& entries,
                                       std::string const& tool, SectionParser const& parse,
                                       std::function<void(std::string const&)> const& on_other = {});

// The leading digits of the {version}_{name}.sql files among `entries`, for `new`.
std::vector<std::string> numbered_versions(Layout::Entries const& entries);

// One line of a file: [begin, end) without its '\n', and where the next line starts.
struct Line {
    std::string_view text;
    std::size_t begin = 0;
    std::size_t next = 0;
    int number = 1;
};

// Calls `visit` for each line of `text`, in order.
void for_each_line(std::string_view text, std::function<void(Line const&)> const& visit);

} // namespace migrator
