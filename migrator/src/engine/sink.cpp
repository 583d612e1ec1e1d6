#include "engine/sink.hpp"

#include <thread>

#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"

namespace migrator {

void LiveSink::rollback() noexcept {
    try {
        connection_.rollback();
    } catch (...) {
        // The transaction is in an unknown state; the database discards it when the connection
        // closes, and the next begin() on this connection fails loudly if it did not.
    }
}

void LiveSink::lock(QualifiedName const& table) {
    using clock = std::chrono::steady_clock;
    auto const start = clock::now();
    auto const deadline = start + policy_.timeout;
    auto pause = std::chrono::milliseconds(25);
    auto next_report = start;
    // Polled with backoff, never blocking: a blocked waiter deadlocks with another runner's
    // CREATE INDEX CONCURRENTLY, and cannot be stopped by a signal.
    while (!connection_.try_lock(table)) {
        auto const now = clock::now();
        auto const waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
        if (now >= deadline) {
            std::string const holder = connection_.lock_holder(table);
            double const seconds = std::chrono::duration<double>(policy_.timeout).count();
            std::string shown = std::to_string(seconds);
            shown = shown.substr(0, shown.find('.') + 2);
            throw LockTimeout("could not take the migration lock on " + table.text() + " within " + shown +
                              "s" + (holder.empty() ? "" : ": held by " + holder));
        }
        if (policy_.observer && now >= next_report) {
            policy_.observer->on_lock_waiting({table.text(), connection_.lock_holder(table), waited});
            next_report = now + std::chrono::seconds(1);
        }
        // Sleep in short slices, so that a stop request ends the wait at once.
        auto const until = std::min<clock::time_point>(now + pause, deadline);
        while (clock::now() < until) {
            if (policy_.control && policy_.control->stop_requested())
                throw Interrupted("interrupted while waiting for the migration lock on " + table.text());
            std::this_thread::sleep_for(
                std::min<clock::duration>(std::chrono::milliseconds(20), until - clock::now()));
        }
        pause = std::min(pause * 2, std::chrono::milliseconds(500));
    }
    if (policy_.observer) policy_.observer->on_lock_acquired(table.text());
}

void LiveSink::write(SqlCommand const& command, std::optional<int> expected_rows) {
    std::int64_t const changed = connection_.execute(command);
    if (expected_rows && changed != *expected_rows)
        throw DatabaseError("version table write changed " + std::to_string(changed) + " row(s), expected " +
                            std::to_string(*expected_rows) + ": " + connection_.dialect().rendered(command));
}

void ScriptSink::add(std::string const& sql) {
    statements_.push_back(terminated(sql));
}

void ScriptSink::lock(QualifiedName const& table) {
    for (auto const& sql : dialect_.script_lock_sql(table))
        add(sql);
}

void ScriptSink::unlock(QualifiedName const& table) {
    for (auto const& sql : dialect_.script_unlock_sql(table))
        add(sql);
}

void ScriptSink::run(Script const&, Statement const& statement, int) {
    add(statement.text);
}

void ScriptSink::write(SqlCommand const& command, std::optional<int>) {
    if (!mask_measured_) return add(dialect_.rendered(command));
    SqlCommand masked;
    for (std::size_t i = 0; i < command.params().size(); ++i) {
        masked << command.fragments()[i];
        if (command.measured(i))
            masked << "<measured>";
        else
            masked.bind(command.params()[i]);
    }
    masked << command.fragments().back();
    add(dialect_.rendered(masked));
}

} // namespace migrator
