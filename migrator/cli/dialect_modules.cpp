#include "dialect_modules.hpp"

#include <dlfcn.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "migrator/errors.hpp"
#include "sqlite/sqlite.hpp"

namespace fs = std::filesystem;

namespace migrator::cli {

namespace {

// Where modules live: $MIGRATOR_DIALECT_DIR, beside the binary (a build tree), and
// <prefix>/lib/migrator relative to the binary's bin/ (an installed tree, wherever it is).
std::vector<fs::path> module_dirs() {
    std::vector<fs::path> places;
    if (char const* dir = std::getenv("MIGRATOR_DIALECT_DIR"); dir && *dir) places.emplace_back(dir);
    std::error_code ec;
    fs::path const exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        places.push_back(exe.parent_path());
        places.push_back(exe.parent_path().parent_path() / "lib" / "migrator");
    }
    return places;
}

// Null when no module file exists for `name`; UsageError (exit 2) when one exists but cannot
// be loaded, naming the file and the loader's reason.
std::unique_ptr<Dialect> load_module(std::string const& name, bool required) {
    std::string const file = "libmigrator_" + name + ".so";
    std::string tried;
    for (auto const& dir : module_dirs()) {
        fs::path const path = dir / file;
        if (!fs::exists(path)) {
            tried += (tried.empty() ? "" : ", ") + path.string();
            continue;
        }
        // The handle is never closed: the dialect lives until the process ends.
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle)
            throw UsageError("cannot load the " + name + " dialect from " + path.string() + ": " + dlerror());
        using Make = Dialect* (*)();
        auto make = reinterpret_cast<Make>(dlsym(handle, ("migrator_make_" + name + "_dialect").c_str()));
        if (!make)
            throw UsageError("cannot load the " + name + " dialect: " + path.string() +
                             " has no entry point");
        return std::unique_ptr<Dialect>(make());
    }
    if (!required) return nullptr;
    throw UsageError("cannot load the " + name + " dialect: " + file + " not found (looked in " + tried +
                     ")");
}

bool plain_name(std::string const& s) {
    for (char c : s)
        if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) &&
            c != '_')
            return false;
    return !s.empty();
}

} // namespace

void register_cli_dialects(DialectRegistry& registry) {
    registry.add(sqlite::make_dialect());
    registry.add_factory("postgresql", {"postgresql", "postgres"},
                         [] { return load_module("postgresql", true); });
    // Any other scheme: a module of that name, when one is installed.
    registry.set_resolver([](std::string const& scheme) -> std::unique_ptr<Dialect> {
        return plain_name(scheme) ? load_module(scheme, false) : nullptr;
    });
}

} // namespace migrator::cli
