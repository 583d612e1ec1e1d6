#pragma once
// RAII transaction: begins in the constructor, rolls back in the destructor unless commit()
// ran. The destructor never throws (a failed rollback leaves the connection to close it).

#include "migrator/dialect.hpp"

namespace migrator {

class Transaction {
public:
    Transaction(Dialect const& dialect, Session& session); // throws as Dialect::begin
    ~Transaction();
    Transaction(Transaction const&) = delete;
    Transaction& operator=(Transaction const&) = delete;

    void commit(); // throws DatabaseError; afterwards the destructor does nothing

private:
    Dialect const& dialect_;
    Session& session_;
    bool open_ = true;
};

} // namespace migrator
