#pragma once
// The SQLite run lock: an OS lock (flock) on a file beside the database, "<db>-migrator.lock".
// SQLite's own write lock lasts one transaction; this one lasts a whole command, so that a
// `down` and an `up` racing on one file apply in some serial order. The kernel frees it when
// its holder exits, even on kill -9, so a dead holder never blocks the next runner. The holder
// writes "pid N on host H since T" into the file, for the waiter's timeout message.
//
// flock, not fcntl: SQLite holds fcntl locks on the database, and a process's fcntl locks on a
// file all vanish when any descriptor of it closes; flock locks belong to one descriptor.
// Thread-safety: one thread at a time.

#include <string>

namespace migrator::sqlite {

class FileLock {
public:
    explicit FileLock(std::string path) : path_(std::move(path)) {}
    ~FileLock(); // releases the lock; never throws
    FileLock(FileLock const&) = delete;
    FileLock& operator=(FileLock const&) = delete;

    // One attempt that never blocks. Throws DatabaseError when the file cannot be created or
    // locked (a read-only directory), naming it and the OS reason.
    bool try_acquire();
    // Throws DatabaseError when it was not held.
    void release();
    // What the holder wrote ("pid 42 on host db1 since 2026-12-04T10:00:00Z"); "" when unknown.
    std::string holder() const;
    std::string const& path() const noexcept { return path_; }

private:
    std::string path_;
    int fd_ = -1;
    bool held_ = false;
};

} // namespace migrator::sqlite
