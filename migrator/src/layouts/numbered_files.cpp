#include "numbered_files.hpp"

#include "../script_builder.hpp"
#include "migrator/errors.hpp"

namespace migrator {

std::vector<NumberedFile> numbered_sql_files(MigrationSource::Tree const& tree,
                                             Layout::Entries const& entries, std::string const& tool,
                                             std::function<void(std::string const&)> const& on_other) {
    std::vector<NumberedFile> out;
    for (auto const& entry : entries) {
        std::string const& name = entry.name;
        if (name.empty() || name.front() == '.') continue;
        std::string const shown = printable(tree.display("", name), 300);
        if (entry.directory)
            throw MigrationSetError(shown + ": a folder in a " + tool + " set (its migrations are files)");
        if (!name.ends_with(".sql")) {
            if (on_other) on_other(name);
            continue;
        }
        std::size_t digits = 0;
        while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9')
            ++digits;
        if (digits == 0)
            throw MigrationSetError(shown + ": not a " + tool +
                                    " migration file name (expected {version}_{name}.sql)");
        NumberedFile f{name, shown, name.substr(0, digits), name.substr(digits, name.size() - digits - 4)};
        if (!f.name.empty() && f.name.front() == '_') f.name.erase(0, 1);
        check_migration_name(f.name, shown);
        out.push_back(std::move(f));
    }
    return out;
}

void for_each_line(std::string_view text, std::function<void(Line const&)> const& visit) {
    Line line;
    while (line.begin < text.size()) {
        std::size_t const end = text.find('\n', line.begin);
        line.next = end == std::string_view::npos ? text.size() : end + 1;
        line.text = text.substr(line.begin, (end == std::string_view::npos ? text.size() : end) - line.begin);
        visit(line);
        line.begin = line.next;
        ++line.number;
    }
}

} // namespace migrator
