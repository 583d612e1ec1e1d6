#pragma once
// One setup function per command (each in its own cmd_*.cpp): it adds the subcommand and its
// options to `app` and registers what it runs against the shared Context.

#include <CLI/CLI.hpp>

#include <set>

#include "context.hpp"
#include "render/progress_line.hpp"

namespace migrator::cli {

// The subcommands with what each runs; main runs the one that was parsed, after parsing,
// so that global flags given after the command name are known before it runs.
using CommandList = std::vector<std::pair<CLI::App*, std::function<void()>>>;

// The whole command line: the global flags bound to `options`, and every subcommand bound to
// `ctx`, its action added to `commands`. main parses with it; migrator_docgen writes the man
// page and the shell completions from it, so that they cannot drift from the real flags.
void define_cli(CLI::App& app, GlobalOptions& options, Context& ctx, CommandList& commands);

void setup_up(CLI::App& app, Context& ctx, CommandList& commands);
void setup_down(CLI::App& app, Context& ctx, CommandList& commands);
void setup_status(CLI::App& app, Context& ctx, CommandList& commands);
void setup_history(CLI::App& app, Context& ctx, CommandList& commands);
void setup_validate(CLI::App& app, Context& ctx, CommandList& commands);
void setup_new(CLI::App& app, Context& ctx, CommandList& commands);
void setup_repair(CLI::App& app, Context& ctx, CommandList& commands);
void setup_baseline(CLI::App& app, Context& ctx, CommandList& commands);
void setup_check(CLI::App& app, Context& ctx, CommandList& commands);
void setup_schema(CLI::App& app, Context& ctx, CommandList& commands);
void setup_import(CLI::App& app, Context& ctx, CommandList& commands);
void setup_goto(CLI::App& app, Context& ctx, CommandList& commands);
void setup_version(CLI::App& app, Context& ctx, CommandList& commands);
void setup_init(CLI::App& app, Context& ctx, CommandList& commands);
void setup_wait(CLI::App& app, Context& ctx, CommandList& commands);
void setup_help(CLI::App& app, Context& ctx, CommandList& commands);
void setup_fleet(CLI::App& app, Context& ctx, CommandList& commands);
void setup_redo(CLI::App& app, Context& ctx, CommandList& commands);

// Prints each step as it finishes ("applied  0001_create_users (3 ms)").
class StepPrinter final : public Observer {
public:
    // On a terminal (and without --json or -q) it also draws the progress line.
    explicit StepPrinter(Output const& out);
    // Waiting for another runner's lock: said once on stderr (each second with -v).
    void on_lock_waiting(LockWait const& wait) override;
    void on_run_planned(Direction d, std::size_t steps) override;
    void on_step_started(Migration const& m, Direction d) override; // -v, and the progress line
    void on_statement_done(Migration const& m, Direction d, int done, int total) override;
    void on_step_finished(StepResult const& step) override;
    // After a run failed: what became of the migration in flight and the ones before it
    // ("; rolled back; 2 earlier migrations stay applied"), or "" when nothing is known.
    std::string failure_note() const;

private:
    Output const& out_;
    bool said_waiting_ = false;
    std::unique_ptr<ProgressLine> progress_;
    std::size_t total_ = 0, index_ = 0, done_ = 0;
    Migration const* in_flight_ = nullptr;
    Direction direction_ = Direction::up;
};

// up/down: the JSON "steps" array and the closing summary line; --sql: the statements.
// Runs an up or a down; when it was a single-transaction run and it failed, says that nothing of
// it was committed (the steps already printed as applied were rolled back with the rest).
// Otherwise, a failed transactional migration's error ends with what stays applied.
template <class Run>
RunReport run_batch_aware(Context& ctx, bool single_transaction, Run&& run,
                          StepPrinter const* printer = nullptr) {
    try {
        return run();
    } catch (Error const& e) {
        if (single_transaction)
            ctx.out().note(
                "migrator: single transaction: the whole run was rolled back; the database is as it "
                "was before it");
        else if (printer && dynamic_cast<ScriptError const*>(&e))
            ctx.failure_note = printer->failure_note();
        throw;
    }
}
// `target`: up's --to as typed, for saying that it is already behind the current version.
void report_run(Context& ctx, RunReport const& report,
                std::optional<std::string> const& target = std::nullopt);
void print_sql(Context& ctx, RunReport const& report);
std::string version_text(std::optional<Version> v);
// As the set's tool writes it (Flyway's "1.1"), "none" for none.
std::string version_text(std::optional<Version> v, MigrationSet const& set);
// A version argument (--to, goto, baseline, repair) as its tool writes it ("1.1") or by number:
// the migration of `set` it names. TargetNotInSet-like UsageError naming `what` when none.
Version version_arg(MigrationSet const& set, std::string const& text, std::string const& what);
// "run", "baseline" or "import": how a version-table row came to be (the JSON's "origin").
char const* origin_text(AppliedRow::Origin origin);
// A version of 12 digits or more (YYYYMMDDHHMM...): a timestamp rather than a sequence number.
bool is_timestamp_version(Version v);
// "1 migration", "8 migrations".
std::string count_of(std::size_t n, std::string const& noun);
// Warnings about a set that loads but will surprise: an empty up (freshly scaffolded: pending,
// never run), an empty down (rolling back changes nothing), versions that mix sequence numbers and
// timestamps. Each once (`said`), on stderr and in the document's "warnings".
void warn_about_set(MigrationSet const& set, Output& out, std::set<std::string>& said);
// The message for an error, in the CLI's words: the library's facts plus the flag to pass.
std::string describe(Error const& e);

// Thrown by a command to end with a non-zero exit code without an error message.
struct ExitWith {
    int code;
};

} // namespace migrator::cli
