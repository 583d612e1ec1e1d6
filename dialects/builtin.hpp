#pragma once
// The composition root's one call: registers every dialect compiled into this build.
#include "migrator/dialect_registry.hpp"

namespace migrator::dialects {
void register_builtin_dialects(DialectRegistry& registry);
}
