#include "model/owned_temp_dir.hpp"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "migrator/errors.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

// The pid in "<prefix><pid>-<random>", 0 for any other name.
long owner_pid(std::string const& name, std::string const& prefix) {
    if (name.rfind(prefix, 0) != 0) return 0;
    std::size_t const end = name.find('-', prefix.size());
    if (end == std::string::npos) return 0;
    std::string const digits = name.substr(prefix.size(), end - prefix.size());
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stol(digits);
}

bool gone(long pid) {
    return pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

OwnedTempDir::OwnedTempDir(fs::path const& parent, std::string const& prefix) {
    std::error_code ec;
    for (auto const& e : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec))
        if (long const pid = owner_pid(e.path().filename().string(), prefix); pid > 0 && gone(pid))
            fs::remove_all(e.path(), ec);
    std::string name = (parent / (prefix + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (!::mkdtemp(name.data()))
        throw FileError("cannot create a folder in " + printable(parent.string(), 300) + ": " +
                        std::strerror(errno));
    path_ = name;
}

OwnedTempDir::~OwnedTempDir() {
    if (kept_) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void OwnedTempDir::rename_to(fs::path const& target) {
    // mkdtemp made it 0700; in place it is an ordinary folder, as the user's umask makes them.
    mode_t const mask = ::umask(0);
    ::umask(mask);
    ::chmod(path_.c_str(), 0777 & ~mask);
    if (::rename(path_.c_str(), target.c_str()) != 0)
        throw FileError("cannot move the written folder into place as " + printable(target.string(), 300) +
                        ": " + std::strerror(errno));
    kept_ = true;
}

} // namespace migrator
