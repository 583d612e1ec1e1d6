#include <algorithm>

#include "commands.hpp"

namespace migrator::cli {

namespace {
// Columns padded to their widest cell, the last one left ragged.
std::vector<std::string> aligned(std::vector<std::vector<std::string>> const& rows) {
    std::vector<std::size_t> width;
    for (auto const& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (width.size() <= i) width.push_back(0);
            width[i] = std::max(width[i], r[i].size());
        }
    std::vector<std::string> lines;
    for (auto const& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        lines.push_back(std::move(line));
    }
    return lines;
}
} // namespace

void setup_history(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub = app.add_subcommand("history", "the applied rows of the version table");
    commands.emplace_back(sub, [&ctx] {
        auto& out = ctx.out();
        auto& list = out.doc()["history"] = nlohmann::json::array();
        auto const rows = ctx.migrator().history();
        std::vector<std::vector<std::string>> table{
            {"VERSION", "NAME", "APPLIED AT", "APPLIED BY", "TIME", "CHECKSUM", "NOTE"}};
        for (auto const& r : rows) {
            auto optional = [](std::string const& s) {
                return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
            };
            list.push_back({{"version", r.version.value},
                            {"name", r.name},
                            {"checksum", r.checksum},
                            {"applied_at", r.applied_at},
                            {"applied_by", r.applied_by},
                            {"execution_ms", r.execution_ms},
                            {"dirty", r.dirty},
                            {"statements_done", r.statements_done},
                            {"origin", origin_text(r.origin)},
                            {"previous_checksum", optional(r.previous_checksum)},
                            {"checksum_accepted_by", optional(r.checksum_accepted_by)}});
            std::string note;
            if (r.dirty)
                note = std::string("DIRTY after ") + (r.direction == Direction::down ? "down " : "") +
                       "statement " + std::to_string(r.statements_done);
            else if (r.origin != AppliedRow::Origin::run)
                note = std::string(origin_text(r.origin)) + ": recorded, not run";
            if (!r.previous_checksum.empty())
                note += std::string(note.empty() ? "" : "; ") + "checksum accepted by " +
                        r.checksum_accepted_by + " (was " + r.previous_checksum.substr(0, 12) + ")";
            table.push_back(
                {std::to_string(r.version.value), r.name, r.applied_at, r.applied_by,
                 r.origin == AppliedRow::Origin::run ? std::to_string(r.execution_ms) + " ms" : "-",
                 r.checksum.substr(0, 12), note});
        }
        if (rows.empty()) return out.line("no migrations applied");
        for (auto const& line : aligned(table))
            out.line(line);
        out.line(std::to_string(rows.size()) + (rows.size() == 1 ? " migration" : " migrations") +
                 " applied");
    });
}

} // namespace migrator::cli
