#pragma once
// The SQLite dialect, for composition roots that link it in (dialects/builtin.cpp, the CLI).
#include <memory>

#include "migrator/dialect.hpp"

namespace migrator::sqlite {
std::unique_ptr<Dialect> make_dialect();
}
