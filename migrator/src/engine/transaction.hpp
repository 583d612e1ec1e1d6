#pragma once
// RAII transaction over a Sink: begins in the constructor, rolls back in the destructor unless
// commit() succeeded. A COMMIT that fails (SQLite can refuse one and leave the transaction
// open) is rolled back by the destructor. The destructor never throws.

#include "engine/sink.hpp"

namespace migrator {

class Transaction {
public:
    // Throws as Sink::begin; a BEGIN that failed after opening a transaction is rolled back.
    explicit Transaction(Sink& sink);
    ~Transaction() {
        if (!committed_) sink_.rollback();
    }
    Transaction(Transaction const&) = delete;
    Transaction& operator=(Transaction const&) = delete;

    // Throws what the sink's commit throws (the transaction then rolls back at scope exit), and
    // std::logic_error on a second call.
    void commit();

private:
    Sink& sink_;
    bool committed_ = false;
};

} // namespace migrator
