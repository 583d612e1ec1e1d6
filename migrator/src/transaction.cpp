#include "migrator/transaction.hpp"

namespace migrator {

Transaction::Transaction(Dialect const& dialect, Session& session) : dialect_(dialect), session_(session) {
    dialect_.begin(session_);
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        dialect_.rollback(session_);
    } catch (...) {
        // The connection is in an unknown state; closing it discards the transaction anyway.
    }
}

void Transaction::commit() {
    open_ = false;
    dialect_.commit(session_);
}

} // namespace migrator
