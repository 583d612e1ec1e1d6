#include "engine/transaction.hpp"

#include <stdexcept>

namespace migrator {

Transaction::Transaction(Sink& sink) : sink_(sink) {
    try {
        sink_.begin();
    } catch (...) {
        sink_.rollback(); // never throws; harmless when no transaction is open
        throw;
    }
}

void Transaction::commit() {
    if (committed_) throw std::logic_error("transaction committed twice");
    sink_.commit();
    committed_ = true; // only now: a failed COMMIT leaves the destructor to roll back
}

} // namespace migrator
