#include "file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "migrator/errors.hpp"

namespace migrator::sqlite {

namespace {
std::string holder_text() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::time_t const now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char since[32];
    std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return "pid " + std::to_string(getpid()) + " on host " + host + " since " + since;
}
} // namespace

FileLock::~FileLock() {
    if (fd_ >= 0) close(fd_); // drops the flock with it
}

bool FileLock::try_acquire() {
    if (held_) return true;
    if (fd_ < 0) {
        fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            throw DatabaseError("cannot create the lock file " + path_ + ": " + std::strerror(errno));
    }
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK || errno == EINTR) return false;
        throw DatabaseError("cannot lock " + path_ + ": " + std::strerror(errno));
    }
    held_ = true;
    std::string const text = holder_text() + "\n";
    // Best effort: the lock holds whether or not the note about its holder could be written.
    [[maybe_unused]] bool const noted = ftruncate(fd_, 0) == 0 && pwrite(fd_, text.data(), text.size(), 0) ==
                                                                      static_cast<ssize_t>(text.size());
    return true;
}

void FileLock::release() {
    if (!held_) throw DatabaseError("the run lock " + path_ + " was not held");
    held_ = false;
    [[maybe_unused]] int const cleared = ftruncate(fd_, 0); // a stale note would only mislead a waiter
    if (flock(fd_, LOCK_UN) != 0) throw DatabaseError("cannot unlock " + path_ + ": " + std::strerror(errno));
}

std::string FileLock::holder() const {
    int const fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    char buffer[256];
    ssize_t const n = read(fd, buffer, sizeof buffer);
    close(fd);
    std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
        text.pop_back();
    return text;
}

} // namespace migrator::sqlite
