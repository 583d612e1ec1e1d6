// The PostgreSQL splitter (PostgreSQL's own lexer): statements in order, each the script's own
// text at its offset, with the line of that offset.
#include "fuzz_split.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    migrator::fuzz::check_split("postgresql", migrator::fuzz::as_text(data, size));
    return 0;
}
