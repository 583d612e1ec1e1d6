// migrator.yaml through the CLI's config resolution: a refusal or a config whose values hold.
#include "fuzz_support.hpp"

#include <unistd.h>

#include <fstream>

#include "config.hpp"

using namespace migrator;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    static std::string const file = "/tmp/migrator-fuzz-config-" + std::to_string(getpid()) + ".yaml";
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<char const*>(data), static_cast<std::streamsize>(size));
    cli::ConfigOverrides overrides;
    overrides.config_file = file;
    auto const getenv = [](std::string const& name) -> std::optional<std::string> {
        if (name == "SET") return std::string("value");
        return std::nullopt;
    };
    fuzz::refusals_only([&] {
        cli::Config const c = cli::resolve_config(overrides, getenv);
        fuzz::check(c.lock_timeout.count() >= 0, "a negative lock timeout");
    });
    return 0;
}
