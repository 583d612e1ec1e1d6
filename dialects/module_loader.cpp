#include "module_loader.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

#include "migrator/errors.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace fs = std::filesystem;

namespace migrator::dialects {

namespace {

std::unique_ptr<Dialect> load_module(std::string const& name) {
    std::string const file = "libmigrator_" + name + ".so";
    std::vector<fs::path> places;
    if (char const* dir = std::getenv("MIGRATOR_DIALECT_DIR")) places.emplace_back(dir);
    std::error_code ec;
    fs::path const exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) places.push_back(exe.parent_path());
    places.emplace_back(MIGRATOR_MODULE_DIR);
    std::string tried;
    for (auto const& dir : places) {
        fs::path const path = dir / file;
        if (!fs::exists(path)) {
            tried += (tried.empty() ? "" : ", ") + path.string();
            continue;
        }
        // The handle is never closed: the dialect lives until the process ends.
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) throw DatabaseError("cannot load the " + name + " dialect: " + dlerror());
        using Make = Dialect* (*)();
        auto make = reinterpret_cast<Make>(dlsym(handle, ("migrator_make_" + name + "_dialect").c_str()));
        if (!make)
            throw DatabaseError("cannot load the " + name + " dialect: " + path.string() +
                                " has no entry point");
        return std::unique_ptr<Dialect>(make());
    }
    throw DatabaseError("cannot load the " + name + " dialect: " + file + " not found (looked in " + tried +
                        ")");
}

} // namespace

void register_cli_dialects(DialectRegistry& registry) {
    registry.add(std::make_unique<sqlite::SqliteDialect>());
    registry.add_factory("postgresql", [] { return load_module("postgresql"); });
}

} // namespace migrator::dialects
