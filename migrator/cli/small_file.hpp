#pragma once
// Reading the small files a command is configured by (.env, migrator.yaml, a fleet's targets
// file) so that no file can hang or swamp a command: only a regular file (after symlinks) is
// read, it is opened without blocking (a FIFO would wait for a writer forever), and it holds at
// most max_config_bytes (a link to /dev/zero would grow the process without end).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace migrator::cli {

inline constexpr std::size_t max_config_bytes = std::size_t{1024} * 1024;

// The file's bytes; nullopt when there is no such file. UsageError (exit 2) naming the file when
// it is not a regular file, is larger than max_config_bytes, or cannot be read (with the OS
// reason). Never echoes the content.
std::optional<std::string> read_small_file(std::filesystem::path const& path);

} // namespace migrator::cli
