// The migration loader over an embedded set built from the input: "path\ncontent\n\x1e" records
// (folder/file paths, migration.yaml, scripts), loaded for every dialect.
#include "fuzz_support.hpp"

#include <string>
#include <vector>

using namespace migrator;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text = fuzz::as_text(data, size);
    std::vector<std::string> storage;
    std::vector<EmbeddedFile> files;
    while (!text.empty() && files.size() < 64) {
        std::size_t const end = text.find('\x1e');
        std::string_view const record = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        std::size_t const newline = record.find('\n');
        if (newline == std::string_view::npos) continue;
        storage.emplace_back(record.substr(0, newline));
        storage.emplace_back(record.substr(newline + 1));
    }
    for (std::size_t i = 0; i + 1 < storage.size(); i += 2)
        files.push_back({storage[i], storage[i + 1]});
    auto const source = MigrationSource::embedded("fuzz", files);
    for (auto const& name : fuzz::registry().names())
        fuzz::refusals_only([&] {
            MigrationSet const set = source.load(fuzz::registry().get(name), fuzz::registry());
            for (std::size_t i = 1; i < set.migrations().size(); ++i)
                fuzz::check(set.migrations()[i - 1].version < set.migrations()[i].version,
                            "versions not strictly increasing");
        });
    return 0;
}
