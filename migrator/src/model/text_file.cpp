#include "migrator/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "migrator/errors.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

// Writes all of `text` to `fd`; false with errno set on failure.
bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t const n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

[[noreturn]] void fail(fs::path const& path, int error) {
    throw FileError("cannot write " + printable(path.string(), 300) + ": " + std::strerror(error));
}

} // namespace

void write_text_file(fs::path const& path, std::string_view text) {
    std::error_code ec;
    auto const status = fs::status(path, ec);
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        int const fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) fail(path, errno);
        bool const ok = write_all(fd, text);
        int const error = errno;
        ::close(fd);
        if (!ok) fail(path, error);
        return;
    }
    std::string temp = (path.parent_path() / ("." + path.filename().string() + ".XXXXXX")).string();
    int const fd = ::mkstemp(temp.data());
    if (fd < 0) fail(path, errno);
    // mkstemp makes it 0600: in place it keeps the mode the file had, or takes the umask's.
    struct stat existing {};
    mode_t mode = 0;
    if (::stat(path.c_str(), &existing) == 0) {
        mode = existing.st_mode & 07777;
    } else {
        mode_t const mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, text) && ::fsync(fd) == 0;
    int error = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && ::rename(temp.c_str(), path.c_str()) != 0) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        ::unlink(temp.c_str());
        fail(path, error);
    }
}

} // namespace migrator
