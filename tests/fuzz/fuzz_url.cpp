// Database URLs through every dialect's parser and the registry's scheme lookup: a parsed URL
// or a migrator::Error, never a crash or another exception.
#include "fuzz_support.hpp"

using namespace migrator;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text = fuzz::as_text(data, size);
    for (std::string const scheme : {"sqlite://", "postgresql://", ""}) {
        fuzz::refusals_only([&] {
            DatabaseUrl const url = fuzz::registry().parse_url(scheme + std::string(text));
            fuzz::check(!url.redacted().empty(), "a URL without a redacted form");
        });
    }
    return 0;
}
