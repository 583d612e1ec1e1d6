#pragma once
// Writing a whole text file so that a reader never sees half of it: `schema dump --output`,
// snapshots, scaffolded migrations. Thread-safety: a pure function of its arguments (two calls
// on one path race as two processes would: the last rename wins).

#include <filesystem>
#include <string_view>

#include "migrator/export.hpp"

namespace migrator {

// Writes `text` to a temporary file beside `path`, then renames it over `path`, so that `path`
// holds either its old content or all of `text`; with the mode `path` had, or the one the umask
// gives a new file. When `path` exists and is not a regular file
// (/dev/null, a FIFO, a terminal), writes into it in place instead: renaming over it would
// replace the device. Throws FileError (exit 1) with the OS reason, and leaves no temporary
// file behind.
MIGRATOR_API void write_text_file(std::filesystem::path const& path, std::string_view text);

} // namespace migrator
