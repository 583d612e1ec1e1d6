#pragma once
// The PostgreSQL dialect, for composition roots that link it in (dialects/builtin.cpp, the module).
#include <memory>

#include "migrator/dialect.hpp"

namespace migrator::postgresql {
std::unique_ptr<Dialect> make_dialect();
}
