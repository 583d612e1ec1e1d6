#pragma once
// RAII migration lock (DESIGN.md "What a deployment relies on"). Taken in the constructor,
// released in the destructor on every exit path; the destructor never throws.

#include "migrator/dialect.hpp"

namespace migrator {

class ScopedLock {
public:
    // Throws LockTimeout (exit 4) naming the holder when the lock is still held after `timeout`.
    ScopedLock(Dialect const& dialect, Session& session, QualifiedName table, Timeout timeout);
    ~ScopedLock();
    ScopedLock(ScopedLock const&) = delete;
    ScopedLock& operator=(ScopedLock const&) = delete;

private:
    Dialect const& dialect_;
    Session& session_;
    QualifiedName table_;
};

} // namespace migrator
