#pragma once
// An open connection: owns a soci::session (SOCI core only). Dialects reach the native
// handle through soci's backend; the core only uses SOCI's portable API for its own reads.

#include <memory>
#include <string>

namespace soci {
class session;
}

namespace migrator {

class Session {
public:
    Session(std::unique_ptr<soci::session> sql, std::string description);
    ~Session();
    Session(Session const&) = delete;
    Session& operator=(Session const&) = delete;

    soci::session& sql() noexcept { return *sql_; }
    // Where it is connected, passwords redacted (for messages).
    std::string const& description() const noexcept { return description_; }

private:
    std::unique_ptr<soci::session> sql_;
    std::string description_;
};

} // namespace migrator
