#include "source/layouts/numbered_files.hpp"

#include "migrator/errors.hpp"
#include "model/checksum.hpp"
#include "source/script_builder.hpp"

namespace migrator {

LayoutContents read_numbered_sql_files(MigrationSource::Tree const& tree, Layout::Entries const& entries,
                                       std::string const& tool, SectionParser const& parse,
                                       std::function<void(std::string const&)> const& on_other) {
    LayoutContents out;
    for (auto const& entry : entries) {
        std::string const& file = entry.name;
        if (file.empty() || file.front() == '.') continue;
        std::string const shown = printable(tree.display("", file), 300);
        if (entry.directory)
            throw MigrationSetError(shown + ": a folder in a " + tool + " set (its migrations are files)");
        if (!file.ends_with(".sql")) {
            if (on_other) on_other(file);
            continue;
        }
        std::size_t digits = 0;
        while (digits < file.size() && file[digits] >= '0' && file[digits] <= '9')
            ++digits;
        if (digits == 0)
            throw MigrationSetError(shown + ": not a " + tool +
                                    " migration file name (expected {version}_{name}.sql)");
        Migration m;
        m.version = parse_version(file.substr(0, digits), shown);
        if (m.version.value <= 0) throw MigrationSetError(shown + ": version must be positive");
        m.name = file.substr(digits, file.size() - digits - 4);
        if (!m.name.empty() && m.name.front() == '_') m.name.erase(0, 1);
        check_migration_name(m.name, shown);
        m.folder = file.substr(0, file.size() - 4);
        auto raw = tree.read("", file);
        if (!raw) throw MigrationSetError(shown + ": disappeared while being read");
        parse(normalize_script_text(*raw), shown, m, out.warnings);
        out.migrations.push_back(std::move(m));
    }
    return out;
}

std::vector<std::string> numbered_versions(Layout::Entries const& entries) {
    std::vector<std::string> out;
    for (auto const& e : entries) {
        std::size_t digits = 0;
        while (digits < e.name.size() && e.name[digits] >= '0' && e.name[digits] <= '9')
            ++digits;
        if (!e.directory && digits > 0 && e.name.ends_with(".sql")) out.push_back(e.name.substr(0, digits));
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
