#include "migrator/version.hpp"

namespace migrator {

char const* version() noexcept {
    return MIGRATOR_VERSION;
}

} // namespace migrator
