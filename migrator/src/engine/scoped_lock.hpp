#pragma once
// RAII migration lock over a Sink (DESIGN.md "What a deployment relies on"): taken in the
// constructor; release() gives it back and reports a failure (a lock that was not held any
// more, as behind a transaction-pooling proxy). On an exception path the destructor releases
// it and never throws: the error in flight is the one worth reporting.

#include "engine/sink.hpp"

namespace migrator {

class ScopedLock {
public:
    // Throws LockTimeout (exit 4) naming the holder, or Interrupted when stopped while waiting.
    ScopedLock(Sink& sink, QualifiedName table) : sink_(sink), table_(std::move(table)) {
        sink_.lock(table_);
    }
    ~ScopedLock();
    ScopedLock(ScopedLock const&) = delete;
    ScopedLock& operator=(ScopedLock const&) = delete;

    void release(); // throws DatabaseError when the release failed

private:
    Sink& sink_;
    QualifiedName table_;
    bool held_ = true;
};

} // namespace migrator
