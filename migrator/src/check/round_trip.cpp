#include "check/dialect_check.hpp"
#include "migrator/errors.hpp"
#include "schema/schema_comparison.hpp"

namespace migrator {

Finding& DialectCheck::finding(FindingKind kind, Migration const* m, std::string file, std::string message,
                               std::string diff) {
    report.findings.push_back(
        {kind, name, m ? m->folder : "", std::move(file), 0, "", std::move(message), std::move(diff), false});
    return report.findings.back();
}

namespace {

// One migration's round trip on the scratch database.
class RoundTrip {
public:
    RoundTrip(DialectCheck& c, ScratchDb& db, Migration const& m) : c_(c), db_(db), m_(m) {}

    // Runs `action`; a script that fails is a finding, and false.
    template <class Action> bool step(char const* what, Action&& action) {
        try {
            action();
            return true;
        } catch (ScriptError const& e) {
            stop_if_asked(c_.control); // a cancelled statement is no finding
            // The finding's file and line say where; the message says what.
            c_.finding(FindingKind::round_trip, &m_, e.path(),
                       std::string(what) + " failed: statement " + std::to_string(e.statement()) + ": " +
                           e.db_message() + (e.sqlstate().empty() ? "" : " [" + e.sqlstate() + "]"))
                .line = e.line();
            return false;
        }
    }

    // The schema now against `expected`; a difference is a finding, and false.
    bool same(std::string const& expected, std::string const& file, std::string const& what) {
        SchemaComparison const s = compare_schemas(expected, db_.run.dump(), c_.req.ignore_column_order);
        if (s.same) return true;
        if (!s.column_order.empty())
            c_.finding(FindingKind::round_trip, &m_, file,
                       what + ": column order differs: " + s.column_order);
        else
            c_.finding(FindingKind::round_trip, &m_, file,
                       m_.down.statements.empty() && what.rfind("the down", 0) == 0
                           ? "the down is empty (a no-op), but the up changed the schema"
                           : what,
                       s.diff);
        return false;
    }

    // Down, then up again, after the first up gave `after_up`: true when both restore what they must.
    bool down_and_up(std::string const& before, std::string const& after_up) {
        if (!step("down", [&] { db_.run.down_one(c_.set); })) return false;
        bool sound =
            same(before, m_.down.path.string(), "the down does not restore the schema from before the up");
        if (!step("up after down", [&] { db_.run.up_to(c_.set, m_.version); })) return false;
        return same(after_up, m_.up.path.string(),
                    "up after down gives a different schema than the first up") &&
               sound;
    }

private:
    DialectCheck& c_;
    ScratchDb& db_;
    Migration const& m_;
};

} // namespace

Migration const* round_trip(DialectCheck& c, std::optional<ScratchDb>& db, std::string& before) {
    Migration const* failed_up = nullptr;
    for (auto const& m : c.set.migrations()) {
        stop_if_asked(c.control);
        if (!m.for_this_dialect) continue;
        if (failed_up) {
            ++c.summary.skipped;
            continue;
        }
        RoundTrip trip(c, *db, m);
        if (!trip.step("up", [&] { db->run.up_to(c.set, m.version); })) {
            ++c.summary.failed;
            failed_up = &m;
            continue;
        }
        std::string const after_up = db->run.dump();
        if (m.irreversible) {
            c.summary.irreversible.push_back(m.folder);
            c.summary.irreversible_why.push_back(m.irreversible_why);
            before = after_up;
            continue;
        }
        if (trip.down_and_up(before, after_up)) {
            ++c.summary.migrations;
            before = after_up;
            continue;
        }
        // Rebuild at this point (the ups in order, without the broken down), so that one run
        // lists every defective migration.
        ++c.summary.failed;
        db.reset();
        stop_if_asked(c.control);
        db.emplace(c.dialect, c.server, c.scratch_dir, c.vt, c.control, c.req.active);
        db->run.up_to(c.set, m.version);
        before = db->run.dump();
    }
    return failed_up;
}

} // namespace migrator
