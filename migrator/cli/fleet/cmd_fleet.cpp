// migrator fleet (up|down|status|validate|check) --targets FILE: one command on many databases
// and tenant schemas (README "Fleets and tenants").
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "fleet/fleet_runner.hpp"

namespace migrator::cli {

namespace {

using Outcome = TargetResult::Outcome;

struct FleetFlags {
    std::string targets;
    std::optional<int> parallel;
    bool fail_fast = false;
    std::vector<std::string> only;
    std::optional<std::string> shard; // I/N
    std::optional<int> shards;        // N, with JOB_COMPLETION_INDEX
};

// How the totals line counts targets by outcome ("3 applied, 1 behind, 2 failed").
char const* total_word(Outcome outcome) {
    switch (outcome) {
    case Outcome::applied:
        return "applied";
    case Outcome::up_to_date:
        return "up to date";
    case Outcome::reverted:
        return "reverted";
    case Outcome::nothing_to_revert:
        return "with nothing to revert";
    case Outcome::would_apply:
        return "would apply";
    case Outcome::would_revert:
        return "would revert";
    case Outcome::sql:
        return "printed";
    case Outcome::pending:
        return "behind";
    case Outcome::problems:
        return "with problems";
    case Outcome::valid:
        return "valid";
    case Outcome::failed:
        return "failed";
    case Outcome::lock_timeout:
        return "lock timeout";
    case Outcome::interrupted:
        return "interrupted";
    case Outcome::skipped:
        return "skipped";
    }
    return "failed";
}

// A target's line in the summary: its outcome, with its count, script size, problem or error.
std::string outcome_text(TargetResult const& r) {
    std::string const n = std::to_string(r.count);
    switch (r.outcome) {
    case Outcome::applied:
        return "applied " + n;
    case Outcome::reverted:
        return "reverted " + n;
    case Outcome::nothing_to_revert:
        return "nothing to revert";
    case Outcome::would_apply:
        return "would apply " + n;
    case Outcome::would_revert:
        return "would revert " + n;
    case Outcome::sql:
        return "sql: " + count_of(r.sql.size(), "statement");
    case Outcome::pending:
        return n + " pending";
    case Outcome::problems:
        return "problems: " + r.findings.front() +
               (r.findings.size() > 1 ? " (and " + std::to_string(r.findings.size() - 1) + " more)" : "");
    case Outcome::failed:
        return "failed: " + r.error;
    case Outcome::up_to_date: // the same words as in the totals
    case Outcome::valid:
    case Outcome::lock_timeout:
    case Outcome::interrupted:
    case Outcome::skipped:
        return total_word(r.outcome);
    }
    return "failed";
}

std::string where_shown(FleetTarget const& t) {
    return t.schema.empty() ? t.shown : "schema " + t.schema;
}

std::string padded(std::string text, std::size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

// The summary: a line per target in the file's order, then the totals.
void print_summary(Output& out, std::string const& command, std::vector<FleetTarget> const& targets,
                   std::vector<TargetResult> const& results, std::int64_t elapsed_ms) {
    std::size_t name_w = 0, where_w = 0, versions_w = 0;
    std::vector<std::string> versions(results.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        versions[i] = version_text(results[i].before) + " -> " + version_text(results[i].after);
        name_w = std::max(name_w, targets[i].name.size());
        where_w = std::max(where_w, where_shown(targets[i]).size());
        versions_w = std::max(versions_w, versions[i].size());
    }
    std::vector<int> totals(static_cast<std::size_t>(Outcome::skipped) + 1);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        TargetResult const& r = results[i];
        bool const ran = r.outcome != Outcome::skipped;
        out.line(padded(targets[i].name, name_w) + "  " + padded(where_shown(targets[i]), where_w) + "  " +
                 padded(ran ? versions[i] : "", versions_w) + "  " + out.paint(outcome_text(r)) +
                 (ran ? "  (" + std::to_string(r.ms) + " ms)" : ""));
        ++totals[static_cast<std::size_t>(r.outcome)];
    }
    std::string line;
    for (std::size_t o = 0; o < totals.size(); ++o)
        if (totals[o])
            line += (line.empty() ? "" : ", ") + std::to_string(totals[o]) + " " +
                    total_word(static_cast<Outcome>(o));
    out.line("fleet " + command + ": " + count_of(targets.size(), "target") + " in " +
             std::to_string(elapsed_ms) + " ms: " + line);
}

nlohmann::json json_version(std::optional<Version> v) {
    return v ? nlohmann::json(v->value) : nlohmann::json(nullptr);
}

void fill_json(Output& out, std::vector<FleetTarget> const& targets, std::vector<TargetResult> const& results,
               int parallel, std::int64_t elapsed_ms) {
    auto& doc = out.doc();
    doc["targets"] = nlohmann::json::array();
    std::map<std::string, int> totals;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        TargetResult const& r = results[i];
        nlohmann::json t = {{"name", targets[i].name},
                            {"database", targets[i].shown},
                            {"schema", targets[i].schema.empty() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(targets[i].schema)},
                            {"outcome", outcome_name(r.outcome)},
                            {"count", r.count},
                            {"exit_code", r.exit_code},
                            {"version_before", json_version(r.before)},
                            {"version_after", json_version(r.after)},
                            {"source", targets[i].source},
                            {"ms", r.ms}};
        if (!r.error.empty()) t["error"] = r.error;
        if (!r.findings.empty()) t["findings"] = r.findings;
        if (r.outcome == Outcome::sql) t["sql"] = r.sql;
        doc["targets"].push_back(std::move(t));
        ++totals[outcome_name(r.outcome)];
    }
    doc["totals"] = totals;
    doc["totals"]["targets"] = targets.size();
    doc["parallel"] = parallel;
    doc["elapsed_ms"] = elapsed_ms;
}

// --sql: each target's script under a comment naming it, in the file's order.
void print_scripts(std::vector<FleetTarget> const& targets, std::vector<TargetResult> const& results) {
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (results[i].outcome != Outcome::sql) continue;
        std::cout << "-- target " << targets[i].name << " (" << where_shown(targets[i]) << ")\n";
        for (auto const& statement : results[i].sql)
            std::cout << statement << '\n';
        std::cout << '\n';
    }
    std::cout.flush();
}

// --sql prints scripts alone on stdout.
bool sql_only(FleetRequest const& request) {
    return request.up.sql || request.down.sql;
}

std::vector<std::string> split_names(std::vector<std::string> const& lists) {
    std::vector<std::string> names;
    for (auto const& list : lists)
        for (std::size_t start = 0; start <= list.size();) {
            std::size_t const comma = std::min(list.find(',', start), list.size());
            if (comma > start) names.push_back(list.substr(start, comma - start));
            start = comma + 1;
        }
    return names;
}

void run_fleet(Context& ctx, FleetFlags const& flags, std::string const& command, FleetRequest request) {
    if (flags.targets.empty()) throw UsageError("fleet needs --targets FILE");
    if (ctx.options().overrides.database)
        throw UsageError("fleet takes its databases from --targets FILE, not --database");
    Config const& config = ctx.config();
    std::optional<Shard> const shard = shard_from(flags.shard, flags.shards, process_environment());
    FleetFile const file = read_fleet(flags.targets, config, ctx.registry(), process_environment());
    std::vector<FleetTarget> targets = select_targets(file.targets, split_names(flags.only));
    std::size_t const selected = targets.size();
    if (shard) targets = shard_targets(targets, *shard);
    request.wait = ctx.wait_limit();
    request.parallel = flags.parallel.value_or(file.parallel.value_or(4));
    if (request.parallel < 1 || request.parallel > static_cast<int>(max_running_migrators))
        throw UsageError("--parallel must be from 1 to " + std::to_string(max_running_migrators));
    request.fail_fast = flags.fail_fast;
    request.version_table = config.version_table;
    request.lock_timeout = config.lock_timeout;
    request.source = {config.format, ctx.options().allow_empty};
    request.up.single_transaction = request.up.single_transaction || config.single_transaction;
    request.down.single_transaction = request.down.single_transaction || config.single_transaction;
    int const parallel = request.parallel;
    bool const sql = sql_only(request);
    // The first line says where the databases come from, as one database's commands do.
    Output& out = ctx.out();
    std::string const shard_text =
        shard ? std::to_string(shard->index) + "/" + std::to_string(shard->count) : std::string();
    out.doc()["targets_file"] = flags.targets;
    out.doc()["shard"] = shard ? nlohmann::json(shard_text) : nlohmann::json(nullptr);
    if (!sql)
        out.line("targets: " + flags.targets + " (" + count_of(selected, "target") +
                 (shard ? "; shard " + shard_text + " takes " + std::to_string(targets.size()) : "") + ")");

    auto const start = std::chrono::steady_clock::now();
    std::vector<TargetResult> const results =
        FleetRunner(ctx.registry(), std::move(request), ctx.out()).run(targets);
    auto const elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count();

    if (out.json)
        fill_json(out, targets, results, parallel, elapsed_ms);
    else if (sql)
        print_scripts(targets, results);
    if (!sql || out.json) print_summary(out, command, targets, results, elapsed_ms);
    int code = 0, failed = 0;
    for (auto const& r : results) {
        code = std::max(code, r.exit_code);
        failed += r.exit_code != 0 && r.exit_code != 3;
    }
    // A JSON reader learns from "error" that the run failed; the lines above say which targets.
    if (failed)
        out.doc()["error"] = "fleet " + command + ": " + std::to_string(failed) + " of " +
                             count_of(results.size(), "target") + " failed";
    if (code != 0) throw ExitWith{code};
}

} // namespace

void setup_fleet(CLI::App& app, Context& ctx, CommandList& commands) {
    auto flags = std::make_shared<FleetFlags>();
    auto* fleet =
        app.add_subcommand("fleet", "run a command on every database and tenant schema of a targets file");
    fleet->require_subcommand(1);
    fleet->fallthrough();
    fleet->add_option("--targets", flags->targets, "the targets file (YAML: docs/fleets.md)")
        ->type_name("FILE");
    fleet
        ->add_option("--parallel", flags->parallel,
                     "targets run at once, one connection each (default: the file's parallel, else 4)")
        ->type_name("N");
    fleet->add_flag(
        "--fail-fast", flags->fail_fast,
        "after the first failure, start no new target; those in flight stop after their migration in "
        "flight");
    fleet
        ->add_option("--only", flags->only,
                     "only these targets (names, or an entry's name for all its schemas)")
        ->type_name("NAME[,NAME...]");
    fleet
        ->add_option("--shard", flags->shard,
                     "run only part I of N of the targets (a stable share by name; also MIGRATOR_SHARD)")
        ->type_name("I/N");
    fleet
        ->add_option("--shards", flags->shards,
                     "split the targets in N parts and run the one JOB_COMPLETION_INDEX (0-based) names")
        ->type_name("N");

    auto add = [&](char const* name, char const* what) {
        auto* sub = fleet->add_subcommand(name, what);
        sub->fallthrough();
        return sub;
    };

    struct UpFlags {
        std::optional<std::int64_t> to;
        std::optional<int> steps;
        UpOptions options;
    };
    auto up_flags = std::make_shared<UpFlags>();
    auto* up = add("up", "apply pending migrations on every target");
    auto* to =
        up->add_option("--to", up_flags->to, "apply up to and including this version")->type_name("VERSION");
    up->add_option("--steps", up_flags->steps, "apply at most this many on each target")
        ->type_name("N")
        ->excludes(to);
    up->add_flag("--single-transaction", up_flags->options.single_transaction,
                 "each target's pending migrations in one transaction");
    up->add_flag("--dry-run", up_flags->options.dry_run, "list what would be applied; change nothing");
    up->add_flag("--sql", up_flags->options.sql, "print each target's SQL; change nothing");
    up->add_flag("--allow-changed", up_flags->options.allow_changed,
                 "apply even though an applied migration's file changed");
    up->add_flag("--allow-out-of-order", up_flags->options.allow_out_of_order,
                 "apply pending versions older than the newest applied");
    commands.emplace_back(up, [&ctx, flags, up_flags] {
        FleetRequest request;
        request.command = FleetCommand::up;
        request.up = up_flags->options;
        if (up_flags->to) request.up.to = Version{*up_flags->to};
        request.up.steps = up_flags->steps;
        run_fleet(ctx, *flags, "up", std::move(request));
    });

    struct DownFlags {
        std::optional<int> steps;
        std::optional<std::int64_t> to;
        bool all = false;
        DownOptions options;
    };
    auto down_flags = std::make_shared<DownFlags>();
    auto* down = add("down", "roll back applied migrations on every target (default: the last one)");
    auto* steps = down->add_option("--steps", down_flags->steps, "roll back this many")->type_name("N");
    auto* down_to =
        down->add_option("--to", down_flags->to, "roll back to this version, which stays applied (0: all)")
            ->type_name("VERSION");
    auto* all = down->add_flag("--all", down_flags->all, "roll back every applied migration");
    steps->excludes(down_to, all);
    down_to->excludes(all);
    down->add_flag("--single-transaction", down_flags->options.single_transaction,
                   "each target's roll-back in one transaction");
    down->add_flag("--dry-run", down_flags->options.dry_run,
                   "list what would be rolled back; change nothing");
    down->add_flag("--sql", down_flags->options.sql, "print each target's SQL; change nothing");
    commands.emplace_back(down, [&ctx, flags, down_flags] {
        FleetRequest request;
        request.command = FleetCommand::down;
        request.down = down_flags->options;
        if (down_flags->all)
            request.down.target.kind = DownTarget::Kind::all;
        else if (down_flags->to)
            request.down.target = {DownTarget::Kind::to, 0, Version{*down_flags->to}};
        else if (down_flags->steps)
            request.down.target = {DownTarget::Kind::steps, *down_flags->steps, {}};
        run_fleet(ctx, *flags, "down", std::move(request));
    });

    auto exit_code = std::make_shared<bool>(false);
    auto* status = add("status", "each target's version, pending migrations and problems");
    status->add_flag("--exit-code", *exit_code, "exit 3 when a target is behind, dirty or changed");
    commands.emplace_back(status, [&ctx, flags, exit_code] {
        FleetRequest request;
        request.command = FleetCommand::status;
        request.status_exit_code = *exit_code;
        run_fleet(ctx, *flags, "status", std::move(request));
    });

    auto* validate =
        add("validate", "on every target: applied checksums match and no applied folder is missing (exit 3)");
    commands.emplace_back(validate, [&ctx, flags] {
        FleetRequest request;
        request.command = FleetCommand::validate;
        run_fleet(ctx, *flags, "validate", std::move(request));
    });

    auto* check =
        add("check", "on every target: changed, missing, out-of-order or dirty migrations (exit 3)");
    commands.emplace_back(check, [&ctx, flags] {
        FleetRequest request;
        request.command = FleetCommand::check;
        run_fleet(ctx, *flags, "check", std::move(request));
    });
}

} // namespace migrator::cli
