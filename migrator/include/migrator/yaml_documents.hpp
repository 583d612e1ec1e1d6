#pragma once
// For readers of YAML files (migration.yaml, migrator.yaml): yaml-cpp's YAML::Load reads the
// first document and silently drops any other, and YAML::LoadAll loops forever on some
// malformed input ("&m,", found by tests/fuzz). So a second document is found from its text.
// A pure function, safe from any thread.

#include <string_view>

#include "migrator/export.hpp"

namespace migrator {

// True when `text` holds more than one YAML document: a "---" marker at the start of a line
// (which YAML allows nowhere else) after content or after another marker, or content after a
// "..." end marker.
MIGRATOR_API bool holds_several_yaml_documents(std::string_view text);

} // namespace migrator
