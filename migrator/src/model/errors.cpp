#include "migrator/errors.hpp"

namespace migrator {

namespace {
// Bytes in a valid UTF-8 sequence starting at s[i], or 0 when none starts there.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    auto const c = static_cast<unsigned char>(s[i]);
    std::size_t const n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2)) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

std::string one_line(std::string const& text) {
    std::string out;
    for (char c : text)
        out += (c == '\n' || c == '\r') ? ' ' : c;
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string script_message(std::string const& path, int line, int statement, std::string const& db_message,
                           std::string const& sqlstate) {
    // Database messages can span lines (PostgreSQL's DETAIL/HINT); the contract is one line.
    std::string text = one_line(path + ":" + std::to_string(line) + ": statement " +
                                std::to_string(statement) + ": " + db_message);
    if (!sqlstate.empty()) text += " [" + sqlstate + "]";
    return text;
}

std::string v_str(Version v) {
    return std::to_string(v.value);
}

std::string dirty_message(AppliedRow const& row, bool running_elsewhere) {
    std::string const what = "version " + v_str(row.version) + " (" + row.name + ") is dirty: ";
    if (running_elsewhere) return what + "another runner is applying it, or one stopped half-way";
    return what + "a non-transactional " + (row.direction == Direction::down ? "down" : "migration") +
           " stopped after " + std::to_string(row.statements_done) +
           (row.statements_done == 1 ? " statement" : " statements");
}
} // namespace

std::string printable(std::string_view text, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (out.size() >= max) return out + "...";
        std::size_t const n = utf8_length(text, i);
        auto const c = static_cast<unsigned char>(text[i]);
        if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F))) {
            out += '?';
            i += 1;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

bool valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t const n = utf8_length(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

ScriptError::ScriptError(std::string path, int line, int statement, std::string db_message,
                         std::string sqlstate)
    : Error(ExitCode::failed, script_message(path, line, statement, db_message, sqlstate)),
      path_(std::move(path)), line_(line), statement_(statement), db_message_(std::move(db_message)),
      sqlstate_(std::move(sqlstate)) {}

TargetNotInSet::TargetNotInSet(Version v)
    : UsageError("version " + v_str(v) + " is not a version of the migration set"), version_(v) {}

StepsOutOfRange::StepsOutOfRange(int asked, std::size_t available, Direction direction)
    : UsageError(asked < 1 ? "the number of steps must be at least 1"
                           : "cannot take " + std::to_string(asked) + " steps: " + std::to_string(available) +
                                 (direction == Direction::up ? " pending" : " applied") +
                                 (available == 1 ? " migration" : " migrations")),
      asked_(asked), available_(available), direction_(direction) {}

IrreversibleMigration::IrreversibleMigration(Migration const& m)
    : UsageError(m.folder +
                 (m.irreversible_why == "has no down"
                      ? " has no down (irreversible)"
                      : " is irreversible (" +
                            (m.irreversible_why.empty() ? std::string("migration.yaml: irreversible: true")
                                                        : m.irreversible_why) +
                            ")") +
                 ", so it cannot be rolled back; nothing was rolled back"),
      folder_(m.folder) {}

DirtyVersion::DirtyVersion(AppliedRow row, bool running_elsewhere)
    : DatabaseError(dirty_message(row, running_elsewhere)), row_(std::move(row)),
      running_elsewhere_(running_elsewhere) {}

ChangedChecksum::ChangedChecksum(Migration const& m, std::string const& recorded)
    : CheckFailed("applied migration " + m.folder + " has changed since it was applied (" +
                  m.up.path.string() + " checksum " + m.up.checksum.substr(0, 12) + ", recorded " +
                  recorded.substr(0, 12) + ")"),
      folder_(m.folder), version_(m.version) {}

OutOfOrder::OutOfOrder(Migration const& m)
    : CheckFailed("pending migration " + m.folder + " is older than the newest applied version"),
      folder_(m.folder) {}

ScratchServerNeeded::ScratchServerNeeded(std::string dialect)
    : UsageError("check on " + dialect + " needs a " + dialect +
                 " server on which it may create a scratch database"),
      dialect_(std::move(dialect)) {}

} // namespace migrator
