#include "fleet/fleet_runner.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "cached_tree.hpp"
#include "commands.hpp"
#include "render/progress_line.hpp"

namespace migrator::cli {

using Outcome = TargetResult::Outcome;

// What the workers print while they run: -v lines and lock waits on stderr, each whole, and
// the terminal's progress line ("[412/1000] 3 running, 2 failed") above which they appear.
class FleetProgress {
public:
    FleetProgress(Output const& out, std::size_t total) : out_(out), total_(total) {
        if (out.terminal && !out.json && out.verbosity >= 0)
            line_ = std::make_unique<ProgressLine>(std::cout);
    }
    void started() {
        std::lock_guard lock(mutex_);
        ++running_;
        draw();
    }
    void finished(bool failed) {
        std::lock_guard lock(mutex_);
        --running_;
        ++done_;
        failed_ += failed;
        draw();
    }
    void note(std::string const& text) {
        std::lock_guard lock(mutex_);
        if (line_) line_->clear();
        out_.note(text);
        draw();
    }
    void detail(std::string const& text) {
        if (out_.verbosity > 0) note(text);
    }
    void clear() {
        std::lock_guard lock(mutex_);
        line_.reset();
    }

private:
    void draw() {
        if (line_)
            line_->show("[" + std::to_string(done_) + "/" + std::to_string(total_) + "] " +
                        std::to_string(running_) + " running, " + std::to_string(failed_) + " failed");
    }
    Output const& out_;
    std::size_t total_, done_ = 0, running_ = 0, failed_ = 0;
    std::mutex mutex_;
    std::unique_ptr<ProgressLine> line_;
};

// A target's events, said with its name: its steps with -v, a lock wait once.
class TargetObserver final : public Observer {
public:
    TargetObserver(FleetProgress& progress, std::string const& name) : progress_(progress), name_(name) {}
    void on_lock_waiting(LockWait const& wait) override {
        if (said_waiting_) return;
        said_waiting_ = true;
        progress_.note("migrator: " + name_ + ": waiting for the migration lock on " + wait.table +
                       (wait.holder.empty() ? "" : " (held by " + wait.holder + ")"));
    }
    void on_step_finished(StepResult const& step) override {
        if (step.outcome == migrator::Outcome::applied) applied.push_back(step.migration->version);
        if (step.outcome == migrator::Outcome::reverted) reverted.push_back(step.migration->version);
        char const* what = step.outcome == migrator::Outcome::applied    ? "applied"
                           : step.outcome == migrator::Outcome::reverted ? "reverted"
                                                                         : nullptr;
        if (what)
            progress_.detail(name_ + ": " + what + " " + step.migration->folder + " (" +
                             std::to_string(step.execution_ms) + " ms)");
    }

    // What this run changed before it failed, for the versions its summary line shows.
    std::vector<Version> applied, reverted;

private:
    FleetProgress& progress_;
    std::string const& name_;
    bool said_waiting_ = false;
};

namespace {

// Clears a worker's signal slot on every path, before its Migrator is destroyed.
struct RunningSlot {
    // `stopping`: read after the slot is set, so that a stop that comes while the target starts
    // either finds it in its slot or is seen here.
    RunningSlot(std::size_t slot, Migrator& m, std::atomic<bool> const& stopping) : slot_(slot) {
        set_running_migrator(slot_, &m);
        if (stop_signal_seen() || stopping.load()) m.request_stop();
    }
    ~RunningSlot() { set_running_migrator(slot_, nullptr); }
    RunningSlot(RunningSlot const&) = delete;
    RunningSlot& operator=(RunningSlot const&) = delete;
    std::size_t slot_;
};

std::string folder_of(Migration const* m) {
    return m ? m->folder : std::string("?");
}

// One line per problem, as `status` and `validate` word them.
std::vector<std::string> findings_of(Problems const& p) {
    std::vector<std::string> out;
    for (auto const& c : p.changed)
        out.push_back(folder_of(c.migration) + ": changed since it was applied (checksum " + c.recorded +
                      ")");
    for (auto const& r : p.missing)
        out.push_back("version " + std::to_string(r.version.value) + " (" + r.name +
                      ") is applied but its folder is missing");
    for (auto const* m : p.out_of_order)
        out.push_back(folder_of(m) + ": pending, older than the newest applied migration");
    for (auto const& r : p.dirty)
        out.push_back("version " + std::to_string(r.version.value) + " (" + r.name +
                      ") is dirty: it stopped half-way");
    return out;
}

int count(RunReport const& report, migrator::Outcome outcome) {
    int n = 0;
    for (auto const& s : report.steps)
        n += s.outcome == outcome;
    return n;
}

} // namespace

char const* outcome_name(Outcome outcome) {
    switch (outcome) {
    case Outcome::applied:
        return "applied";
    case Outcome::up_to_date:
        return "up_to_date";
    case Outcome::reverted:
        return "reverted";
    case Outcome::nothing_to_revert:
        return "nothing_to_revert";
    case Outcome::would_apply:
        return "would_apply";
    case Outcome::would_revert:
        return "would_revert";
    case Outcome::sql:
        return "sql";
    case Outcome::pending:
        return "pending";
    case Outcome::problems:
        return "problems";
    case Outcome::valid:
        return "valid";
    case Outcome::failed:
        return "failed";
    case Outcome::lock_timeout:
        return "lock_timeout";
    case Outcome::interrupted:
        return "interrupted";
    case Outcome::skipped:
        return "skipped";
    }
    return "failed";
}

FleetRunner::FleetRunner(DialectRegistry const& registry, FleetRequest request, Output const& out)
    : registry_(registry), request_(std::move(request)), out_(out) {}

MigrationSource const& FleetRunner::source_for(std::string const& dir) {
    for (auto const& [d, source] : sources_)
        if (d == dir) return source;
    return sources_.emplace_back(dir, CachedTree::over(MigrationSource::directory(dir, request_.source)))
        .second;
}

std::vector<TargetResult> FleetRunner::run(std::vector<FleetTarget> const& targets) {
    // Sources first, on this thread: the workers only read the list.
    for (auto const& t : targets)
        source_for(t.migrations_dir);
    std::vector<TargetResult> results(targets.size());
    std::size_t const workers = std::min<std::size_t>(
        {static_cast<std::size_t>(std::max(request_.parallel, 1)), targets.size(), max_running_migrators});
    FleetProgress progress(out_, targets.size());
    progress_ = &progress;
    std::atomic<std::size_t> next{0};
    install_fleet_stop_handlers();
    auto work = [&](std::size_t slot) {
        for (;;) {
            if (stop_signal_seen() || fail_fast_tripped_.load()) return;
            std::size_t const i = next.fetch_add(1);
            if (i >= targets.size()) return;
            progress.started();
            results[i] = run_one(targets[i], slot);
            bool const bad = results[i].exit_code != 0;
            // --fail-fast: the targets in flight stop after their migration in flight, as on a signal.
            if (bad && request_.fail_fast && !fail_fast_tripped_.exchange(true)) stop_running_migrators();
            progress.finished(bad);
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t slot = 1; slot < workers; ++slot)
        threads.emplace_back(work, slot);
    work(0);
    for (auto& t : threads)
        t.join();
    progress.clear();
    progress_ = nullptr;
    return results; // the targets no worker took stay `skipped`
}

TargetResult FleetRunner::run_one(FleetTarget const& target, std::size_t slot) {
    TargetResult r;
    auto const start = std::chrono::steady_clock::now();
    try {
        OpenOptions options;
        QualifiedName const table = QualifiedName::parse(request_.version_table, true);
        options.version_table =
            target.schema.empty() ? request_.version_table : target.schema + "." + table.table;
        options.lock_timeout = request_.lock_timeout;
        options.base_dir = target.base_dir;
        options.schema = target.schema;
        Migrator m = Migrator::open(registry_, target.url, source_for(target.migrations_dir), options);
        TargetObserver observer(*progress_, target.name);
        m.set_observer(&observer);
        RunningSlot running(slot, m, fail_fast_tripped_);
        if (request_.wait)
            wait_until_answers(m, *request_.wait, [&](std::string const& text) {
                progress_->note("migrator: " + target.name + ": " + text.substr(text.find(": ") + 2));
            });
        try {
            run_command(m, r);
        } catch (ConnectionFailed const&) {
            throw;
        } catch (Error const&) {
            versions_after_failure(m, observer, r);
            throw;
        }
    } catch (LockTimeout const& e) {
        r.outcome = Outcome::lock_timeout;
        r.exit_code = 4;
        r.error = describe(e);
    } catch (Interrupted const& e) {
        r.outcome = Outcome::interrupted;
        r.exit_code = 1;
        r.error = describe(e);
    } catch (Error const& e) {
        r.outcome = Outcome::failed;
        r.exit_code = static_cast<int>(e.exit_code());
        r.error = describe(e);
    } catch (std::exception const& e) {
        r.outcome = Outcome::failed;
        r.exit_code = 1;
        r.error = e.what();
    }
    r.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
               .count();
    if (r.exit_code != 0 && !r.error.empty()) progress_->note("migrator: " + target.name + ": " + r.error);
    return r;
}

// A failed run returns no report: the versions come from the version table (read again on a new
// connection) and the steps this run finished. Left unknown when even that read fails.
void FleetRunner::versions_after_failure(Migrator& m, TargetObserver const& observer,
                                         TargetResult& r) noexcept {
    try {
        std::set<Version> rows;
        for (auto const& row : m.history())
            rows.insert(row.version);
        if (!rows.empty()) r.after = *rows.rbegin();
        for (Version v : observer.applied)
            rows.erase(v);
        for (Version v : observer.reverted)
            rows.insert(v);
        if (!rows.empty()) r.before = *rows.rbegin();
    } catch (...) { // the run's own failure is the one to report
    }
}

namespace {

// An up's or a down's report as a target's result: its script, or how many steps it ran (or
// would run), each direction's own words for none.
void record_run(RunReport const& report, bool up, bool sql, bool dry_run, TargetResult& r) {
    r.before = report.previous_version;
    r.after = report.current_version;
    if (sql) {
        r.outcome = Outcome::sql;
        r.sql = report.sql;
        return;
    }
    r.count = count(report, dry_run ? (up ? migrator::Outcome::would_apply : migrator::Outcome::would_revert)
                                    : (up ? migrator::Outcome::applied : migrator::Outcome::reverted));
    Outcome const none = up ? Outcome::up_to_date : Outcome::nothing_to_revert;
    Outcome const some = dry_run ? (up ? Outcome::would_apply : Outcome::would_revert)
                                 : (up ? Outcome::applied : Outcome::reverted);
    r.outcome = r.count ? some : none;
}

} // namespace

void FleetRunner::run_command(Migrator& m, TargetResult& r) {
    switch (request_.command) {
    case FleetCommand::up:
        return record_run(m.up(request_.up), true, request_.up.sql, request_.up.dry_run, r);
    case FleetCommand::down:
        return record_run(m.down(request_.down), false, request_.down.sql, request_.down.dry_run, r);
    case FleetCommand::status:
    case FleetCommand::check: {
        Status const status = m.status();
        r.before = r.after = status.current_version;
        r.findings = findings_of(status.problems);
        if (!r.findings.empty()) {
            r.outcome = Outcome::problems;
            r.count = static_cast<int>(r.findings.size());
        } else {
            r.count = status.pending;
            r.outcome = status.pending ? Outcome::pending : Outcome::up_to_date;
        }
        bool const finding = r.outcome == Outcome::problems ||
                             (request_.command == FleetCommand::status && r.outcome == Outcome::pending);
        if (finding && (request_.command == FleetCommand::check || request_.status_exit_code))
            r.exit_code = 3;
        return;
    }
    case FleetCommand::validate: {
        r.findings = findings_of(m.validate());
        r.count = static_cast<int>(r.findings.size());
        r.outcome = r.findings.empty() ? Outcome::valid : Outcome::problems;
        r.exit_code = r.findings.empty() ? 0 : 3;
        return;
    }
    }
}

} // namespace migrator::cli
