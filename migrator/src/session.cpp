#include "migrator/session.hpp"

#include <soci/session.h>

namespace migrator {

Session::Session(std::unique_ptr<soci::session> sql, std::string description)
    : sql_(std::move(sql)), description_(std::move(description)) {}

Session::~Session() = default;

} // namespace migrator
