#include "migrator/migration_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "migrator/dialect_registry.hpp"
#include "migrator/errors.hpp"
#include "source/loader.hpp"

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
    explicit DirectoryTree(fs::path dir) : dir_(std::move(dir)), root_(dir_.string()) {
        if (!root_.empty() && root_.back() != '/') root_.push_back('/');
    }

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

    std::vector<Entry> entries_of(std::string const& folder) const override {
        std::error_code ec;
        std::vector<Entry> out;
        for (auto const& e : fs::directory_iterator(dir_ / folder, ec))
            out.push_back({e.path().filename().string(), e.is_directory(ec), false});
        if (ec) throw MigrationSetError(display(folder, "") + ": cannot be read: " + ec.message());
        return out;
    }

    // POSIX rather than fs::status + ifstream: a no-op `up` reads every up script, and on a
    // large set the loader's cost is its system calls. A missing file costs one open(); a
    // present one open, fstat, one read of st_size + 1 bytes and close. A read that brought
    // every byte fstat promised and not the one more asked for is the end of the file; a
    // shorter one (NFS, FUSE) reads on.
    std::optional<std::string> read(std::string const& folder, std::string const& file) const override {
        std::string const path = path_of(folder, file);
        // Without blocking: a FIFO would wait for a writer forever; it is refused below.
        int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
            throw MigrationSetError(path + ": cannot be read: " + std::strerror(errno));
        }
        FileDescriptor const owned(fd);
        struct stat st {};
        if (::fstat(fd, &st) != 0)
            throw MigrationSetError(path + ": cannot be read: " + std::strerror(errno));
        if (!S_ISREG(st.st_mode)) throw MigrationSetError(path + ": not a regular file");
        std::size_t const size = static_cast<std::size_t>(st.st_size);
        std::string text;
        for (;;) {
            std::size_t const had = text.size();
            std::size_t const wanted = had < size ? size + 1 - had : std::size_t{64} * 1024;
            text.resize(had + wanted);
            ssize_t const n = ::read(fd, text.data() + had, wanted);
            if (n < 0) {
                text.resize(had);
                if (errno == EINTR) continue;
                throw MigrationSetError(path + ": cannot be read: " + std::strerror(errno));
            }
            text.resize(had + static_cast<std::size_t>(n));
            if (n == 0 || (text.size() >= size && static_cast<std::size_t>(n) < wanted)) return text;
        }
    }

    bool exists(std::string const& folder, std::string const& file) const override {
        std::string const path = path_of(folder, file);
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return false;
        if (!S_ISREG(st.st_mode)) throw MigrationSetError(path + ": not a regular file");
        return true;
    }

    // Every Script's path is made here: plain concatenation, as fs::path's operator/ would join them.
    std::string display(std::string const& folder, std::string const& file) const override {
        if (folder.empty() && file.empty()) return dir_.string();
        if (file.empty()) return root_ + folder;
        return path_of(folder, file);
    }

    fs::path directory() const override { return dir_; }

private:
    std::string path_of(std::string const& folder, std::string const& file) const {
        std::string path = root_;
        if (!folder.empty()) path.append(folder).push_back('/');
        return path += file;
    }

    // Closes a descriptor on every path out of read(); never throws.
    struct FileDescriptor {
        explicit FileDescriptor(int fd) noexcept : fd(fd) {}
        FileDescriptor(FileDescriptor const&) = delete;
        FileDescriptor& operator=(FileDescriptor const&) = delete;
        ~FileDescriptor() { ::close(fd); }
        int fd;
    };

    fs::path dir_;
    std::string root_; // dir_ with a trailing '/', "" for the current directory
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

    std::vector<Entry> entries_of(std::string const& folder) const override {
        std::vector<Entry> out;
        std::string const prefix = folder + "/";
        for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.rfind(prefix, 0) == 0;
             ++it)
            if (it->first.find('/', prefix.size()) == std::string::npos)
                out.push_back({it->first.substr(prefix.size()), false, false});
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

bool MigrationSource::Tree::exists(std::string const& folder, std::string const& file) const {
    return read(folder, file).has_value();
}

MigrationSource::MigrationSource(std::shared_ptr<Tree const> tree, SourceOptions options)
    : tree_(std::move(tree)), options_(options) {}

MigrationSource MigrationSource::directory(fs::path dir, SourceOptions options) {
    return MigrationSource(std::make_shared<DirectoryTree>(std::move(dir)), options);
}

MigrationSource MigrationSource::embedded(std::string name, std::vector<EmbeddedFile> const& files,
                                          SourceOptions options) {
    return MigrationSource(std::make_shared<EmbeddedTree>(std::move(name), files), options);
}

MigrationSet MigrationSource::load(Dialect const& dialect, DialectRegistry const& dialects,
                                   LoadScope scope) const {
    return Loader::load(*tree_, options_, dialect, {dialects.names(), dialects.file_aliases()}, scope);
}

namespace {

// "V1__f.sql:3: reading it for sqlite: PostgreSQL's dollar quoting ($$)" for the first statement
// the dialect cannot run as written, or "".
std::string foreign_syntax_in(MigrationSet const& set, Dialect const& dialect) {
    for (auto const& m : set.migrations()) {
        if (!m.for_this_dialect) continue;
        for (Script const* script : {&m.up, &m.down})
            for (auto const& st : script->statements)
                if (std::string const why = dialect.foreign_syntax(st.text); !why.empty())
                    return script->path.string() + ":" + std::to_string(st.line) + ": reading it for " +
                           std::string(dialect.name()) + ": " + why;
    }
    return {};
}

} // namespace

std::vector<std::pair<std::string, std::string>>
MigrationSource::dialects_it_loads_for(DialectRegistry const& dialects) const {
    std::vector<std::pair<std::string, std::string>> out;
    std::string errors;
    bool any = false;
    for (auto const& name : dialects.names()) {
        try {
            Dialect const& dialect = dialects.get(name);
            if (std::string const foreign =
                    foreign_syntax_in(load(dialect, dialects, LoadScope::whole), dialect);
                !foreign.empty()) {
                out.emplace_back(name, foreign);
                errors += (errors.empty() ? "" : "; ") + foreign;
                continue;
            }
            out.emplace_back(name, "");
            any = true;
        } catch (EmptyMigrationSet const&) {
            throw;
        } catch (MigrationSetError const& e) {
            out.emplace_back(name, e.what());
            errors += (errors.empty() ? "" : "; ") + std::string(e.what());
        }
    }
    if (!any) throw MigrationSetError(errors);
    return out;
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
