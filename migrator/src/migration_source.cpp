#include "migrator/migration_source.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "loader.hpp"
#include "migrator/dialect_registry.hpp"
#include "migrator/errors.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

bool inside(fs::path const& root, fs::path const& target) {
    auto r = root.begin(), t = target.begin();
    for (; r != root.end(); ++r, ++t)
        if (t == target.end() || *r != *t) return false;
    return true;
}

class DirectoryTree final : public MigrationSource::Tree {
public:
    explicit DirectoryTree(fs::path dir) : dir_(std::move(dir)) {}

    std::vector<Entry> entries() const override {
        std::error_code ec;
        if (!fs::is_directory(dir_, ec))
            throw EmptyMigrationSet("no migrations found in " + dir_.string() +
                                    ": the directory does not exist");
        fs::path const root = fs::canonical(dir_, ec);
        std::vector<Entry> out;
        for (auto const& e : fs::directory_iterator(dir_, ec)) {
            Entry entry{e.path().filename().string(), e.is_directory(ec), false};
            if (entry.directory && e.is_symlink(ec))
                entry.escapes = !inside(root, fs::canonical(e.path(), ec));
            out.push_back(std::move(entry));
        }
        if (ec) throw MigrationSetError(dir_.string() + ": cannot be read: " + ec.message());
        return out;
    }

    std::optional<std::string> read(std::string const& folder, std::string const& file) const override {
        fs::path const path = dir_ / folder / file;
        std::error_code ec;
        auto const status = fs::status(path, ec);
        if (!fs::exists(status)) return std::nullopt;
        if (!fs::is_regular_file(status)) throw MigrationSetError(path.string() + ": not a regular file");
        std::ifstream in(path, std::ios::binary);
        if (!in) throw MigrationSetError(path.string() + ": cannot be read: " + std::strerror(errno));
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    std::string display(std::string const& folder, std::string const& file) const override {
        fs::path p = dir_;
        if (!folder.empty()) p /= folder;
        if (!file.empty()) p /= file;
        return p.string();
    }

    fs::path directory() const override { return dir_; }

private:
    fs::path dir_;
};

class EmbeddedTree final : public MigrationSource::Tree {
public:
    EmbeddedTree(std::string name, std::vector<EmbeddedFile> const& files) : name_(std::move(name)) {
        for (auto const& f : files)
            files_.emplace(std::string(f.path), f.content);
    }

    std::vector<Entry> entries() const override {
        std::set<std::string> folders;
        std::vector<Entry> out;
        for (auto const& [path, _] : files_) {
            std::size_t const slash = path.find('/');
            if (slash == std::string::npos)
                out.push_back({path, false, false});
            else if (folders.insert(path.substr(0, slash)).second)
                out.push_back({path.substr(0, slash), true, false});
        }
        return out;
    }

    std::optional<std::string> read(std::string const& folder, std::string const& file) const override {
        auto it = files_.find(folder.empty() ? file : folder + "/" + file);
        if (it == files_.end()) return std::nullopt;
        return std::string(it->second);
    }

    std::string display(std::string const& folder, std::string const& file) const override {
        std::string out = "embedded:" + name_;
        if (!folder.empty()) out += "/" + folder;
        if (!file.empty()) out += "/" + file;
        return out;
    }

private:
    std::string name_;
    std::map<std::string, std::string_view> files_;
};

} // namespace

MigrationSource::Tree::~Tree() = default;

MigrationSource::MigrationSource(std::shared_ptr<Tree const> tree, SourceOptions options)
    : tree_(std::move(tree)), options_(options) {}

MigrationSource MigrationSource::directory(fs::path dir, SourceOptions options) {
    return MigrationSource(std::make_shared<DirectoryTree>(std::move(dir)), options);
}

MigrationSource MigrationSource::embedded(std::string name, std::vector<EmbeddedFile> files,
                                          SourceOptions options) {
    return MigrationSource(std::make_shared<EmbeddedTree>(std::move(name), files), options);
}

MigrationSet MigrationSource::load(Dialect const& dialect, DialectRegistry const& dialects) const {
    return Loader::load(*tree_, options_, dialect, {dialects.names(), dialects.file_aliases()});
}

Format MigrationSource::format(DialectRegistry const& dialects) const {
    return Loader::format(*tree_, options_, {dialects.names(), dialects.file_aliases()});
}

namespace {
constexpr std::pair<Format, std::string_view> format_table[] = {
    {Format::migrator, "migrator"}, {Format::golang_migrate, "golang-migrate"},
    {Format::dbmate, "dbmate"},     {Format::goose, "goose"},
    {Format::diesel, "diesel"},     {Format::sqlx, "sqlx"},
    {Format::flyway, "flyway"},
};
} // namespace

std::string_view format_name(Format format) noexcept {
    for (auto const& [f, name] : format_table)
        if (f == format) return name;
    return "detect";
}

std::optional<Format> parse_format(std::string_view name) noexcept {
    for (auto const& [f, n] : format_table)
        if (n == name) return f;
    return std::nullopt;
}

std::vector<std::string> format_names() {
    std::vector<std::string> out;
    for (auto const& [_, name] : format_table)
        out.emplace_back(name);
    return out;
}

} // namespace migrator
