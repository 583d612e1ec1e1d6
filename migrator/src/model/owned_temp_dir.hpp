#pragma once
// A folder that a command fills before anything else may see it: check's scratch folder, the
// folder `import --to` writes before renaming it into place. Named <prefix><pid>-<random> inside
// `parent`, so that one a killed process (kill -9) left behind is known by its name and removed
// by the next one made there with the same prefix. Removed with its content at scope exit unless
// renamed into place. The destructor never throws.

#include <filesystem>
#include <string>

namespace migrator {

class OwnedTempDir {
public:
    // Removes the stale folders of `prefix` in `parent` whose process no longer runs, then makes
    // a new one. Throws FileError (exit 1) with the OS reason.
    OwnedTempDir(std::filesystem::path const& parent, std::string const& prefix);
    ~OwnedTempDir();
    OwnedTempDir(OwnedTempDir const&) = delete;
    OwnedTempDir& operator=(OwnedTempDir const&) = delete;

    std::filesystem::path const& path() const noexcept { return path_; }
    // Renames the folder to `target` (which must not exist, or be an empty directory); from then
    // on it is not removed. Throws FileError.
    void rename_to(std::filesystem::path const& target);

private:
    std::filesystem::path path_;
    bool kept_ = false;
};

} // namespace migrator
