#include "engine/scoped_lock.hpp"

namespace migrator {

ScopedLock::~ScopedLock() {
    if (!held_) return;
    try {
        sink_.unlock(table_);
    } catch (...) {
        // Reached only while another error propagates. A session lock dies with its connection;
        // the facade closes the connection after a failed operation for that reason.
    }
}

void ScopedLock::release() {
    held_ = false;
    sink_.unlock(table_);
}

} // namespace migrator
