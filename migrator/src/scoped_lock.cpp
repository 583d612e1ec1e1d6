#include "migrator/scoped_lock.hpp"

#include <chrono>

#include "migrator/errors.hpp"

namespace migrator {

ScopedLock::ScopedLock(Dialect const& dialect, Session& session, QualifiedName table, Timeout timeout)
    : dialect_(dialect), session_(session), table_(std::move(table)) {
    if (dialect_.try_lock(session_, table_, timeout)) return;
    std::string holder = dialect_.lock_holder(session_, table_);
    auto const seconds = std::chrono::duration<double>(timeout).count();
    throw LockTimeout("could not take the migration lock on " + table_.text() + " within " +
                      std::to_string(seconds).substr(0, std::to_string(seconds).find('.') + 2) + "s" +
                      (holder.empty() ? "" : ": held by " + holder));
}

ScopedLock::~ScopedLock() {
    try {
        dialect_.unlock(session_, table_);
    } catch (...) {
        // A session lock dies with its connection, which closes right after this.
    }
}

} // namespace migrator
