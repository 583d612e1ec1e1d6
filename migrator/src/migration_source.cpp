#include "migrator/migration_source.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "loader.hpp"
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
            throw MigrationSetError(dir_.string() + ": migrations directory not found");
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
        auto it = files_.find(folder + "/" + file);
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

MigrationSource::MigrationSource(std::shared_ptr<Tree const> tree) : tree_(std::move(tree)) {}

MigrationSource MigrationSource::directory(fs::path dir) {
    return MigrationSource(std::make_shared<DirectoryTree>(std::move(dir)));
}

MigrationSource MigrationSource::embedded(std::string name, std::vector<EmbeddedFile> files) {
    return MigrationSource(std::make_shared<EmbeddedTree>(std::move(name), files));
}

MigrationSet MigrationSource::load(Dialect const& dialect,
                                   std::vector<std::string> const& known_dialects) const {
    return Loader::load(*tree_, dialect, known_dialects);
}

} // namespace migrator
