#include "source/loader.hpp"

#include <algorithm>
#include <map>

#include "migrator/errors.hpp"
#include "source/layout.hpp"

namespace migrator {

namespace {

// Keeps the top-level files that detection read, so that the layout reads each from disk once.
class ReadOnceTree final : public MigrationSource::Tree {
public:
    explicit ReadOnceTree(Tree const& inner) : inner_(inner) {}
    std::vector<Entry> entries() const override { return inner_.entries(); }
    std::vector<Entry> entries_of(std::string const& folder) const override {
        return inner_.entries_of(folder);
    }
    std::optional<std::string> read(std::string const& folder, std::string const& file) const override {
        if (!folder.empty()) return inner_.read(folder, file);
        if (auto it = kept_.find(file); it != kept_.end()) {
            std::optional<std::string> text = std::move(it->second);
            kept_.erase(it);
            return text;
        }
        if (!keeping_) return inner_.read(folder, file);
        return kept_[file] = inner_.read(folder, file);
    }
    bool exists(std::string const& folder, std::string const& file) const override {
        if (folder.empty() && kept_.count(file)) return kept_.at(file).has_value();
        return inner_.exists(folder, file);
    }
    std::string display(std::string const& folder, std::string const& file) const override {
        return inner_.display(folder, file);
    }
    std::filesystem::path directory() const override { return inner_.directory(); }
    // After detection: what was kept is handed out once, nothing more is kept.
    void stop_keeping() noexcept { keeping_ = false; }

private:
    bool keeping_ = true;
    Tree const& inner_;
    mutable std::map<std::string, std::optional<std::string>> kept_;
};

} // namespace

Format Loader::format(MigrationSource::Tree const& tree, SourceOptions const& options,
                      DialectNames const& dialects) {
    if (options.format != Format::detect) return options.format;
    return Layout::detect(tree, tree.entries(), dialects);
}

MigrationSet Loader::load(MigrationSource::Tree const& tree, SourceOptions const& options,
                          Dialect const& dialect, DialectNames const& dialects, LoadScope scope) {
    std::vector<MigrationSource::Tree::Entry> entries;
    try {
        entries = tree.entries();
    } catch (MigrationSetError const&) {
        // A missing directory is an empty set only when asked for; unreadable is always an error.
        if (!options.allow_empty || tree.directory().empty() || std::filesystem::exists(tree.directory()))
            throw;
        return MigrationSet();
    }
    // In name order, so that the first problem named is the same on every file system.
    std::sort(entries.begin(), entries.end(), [](auto const& a, auto const& b) { return a.name < b.name; });
    ReadOnceTree once(tree);
    Format const format =
        options.format != Format::detect ? options.format : Layout::detect(once, entries, dialects);
    once.stop_keeping();
    LayoutContents contents = Layout::of(format).read(once, entries, dialect, dialects, scope);
    std::vector<Migration>& migrations = contents.migrations;
    if (migrations.empty() && contents.repeatables.empty() && !options.allow_empty)
        throw EmptyMigrationSet("no migrations found in " + tree.display());
    auto const before = [](Migration const& a, Migration const& b) {
        return a.version < b.version || (a.version == b.version && a.folder < b.folder);
    };
    // Zero-padded folders come in version order: no need to move 10,000 migrations around.
    if (!std::is_sorted(migrations.begin(), migrations.end(), before))
        std::sort(migrations.begin(), migrations.end(), before);
    for (std::size_t i = 1; i < migrations.size(); ++i)
        if (migrations[i].version == migrations[i - 1].version)
            throw MigrationSetError(tree.display(migrations[i].folder) + ": duplicate version " +
                                    shown_version(migrations[i]) + " (also " + migrations[i - 1].folder +
                                    ")");
    std::sort(contents.repeatables.begin(), contents.repeatables.end(),
              [](Migration const& a, Migration const& b) { return a.name < b.name; });
    return MigrationSet(std::move(migrations), std::move(contents.repeatables), std::move(contents.warnings));
}

} // namespace migrator
