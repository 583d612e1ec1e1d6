#include "small_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "migrator/errors.hpp"

namespace migrator::cli {

namespace {

[[noreturn]] void refuse(std::filesystem::path const& path, std::string const& why) {
    throw UsageError(printable(path.string(), 300) + ": " + why);
}

struct Descriptor {
    int fd;
    ~Descriptor() { ::close(fd); }
};

} // namespace

std::optional<std::string> read_small_file(std::filesystem::path const& path) {
    int const fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        refuse(path, std::string("cannot read it (") + std::strerror(errno) + ")");
    }
    Descriptor const owned{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) refuse(path, std::string("cannot read it (") + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode)) refuse(path, "not a regular file (a FIFO, a device or a socket is not read)");
    if (static_cast<std::size_t>(st.st_size) > max_config_bytes) refuse(path, "larger than 1 MiB");
    std::string text;
    // One byte more than the limit: a file that grew since fstat is caught as well.
    std::size_t const limit = max_config_bytes + 1;
    text.resize(std::min<std::size_t>(static_cast<std::size_t>(st.st_size) + 1, limit));
    std::size_t had = 0;
    for (;;) {
        if (had == text.size()) {
            if (text.size() >= limit) refuse(path, "larger than 1 MiB");
            text.resize(std::min(text.size() * 2 + 4096, limit));
        }
        ssize_t const n = ::read(fd, text.data() + had, text.size() - had);
        if (n < 0) {
            if (errno == EINTR) continue;
            refuse(path, std::string("cannot read it (") + std::strerror(errno) + ")");
        }
        if (n == 0) break;
        had += static_cast<std::size_t>(n);
    }
    text.resize(had);
    if (text.size() > max_config_bytes) refuse(path, "larger than 1 MiB");
    return text;
}

} // namespace migrator::cli
