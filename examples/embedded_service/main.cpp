// A service's start-up: migrate the database named by DATABASE_URL with the migrations compiled
// into this binary, under the migration lock, logging each step; on failure, exit with the
// library's exit code and its one-line message. Several copies may start at once: the others
// wait for the lock and then find nothing to do.
#include <cstdlib>
#include <iostream>

#include "social_network_migrations.hpp"

namespace {

class Log final : public migrator::Observer {
public:
    void on_lock_waiting(migrator::LockWait const& wait) override {
        if (!said_waiting_)
            std::clog << "migrations: waiting for " << (wait.holder.empty() ? "another runner" : wait.holder)
                      << "\n";
        said_waiting_ = true;
    }
    void on_step_finished(migrator::StepResult const& step) override {
        if (step.outcome == migrator::Outcome::applied)
            std::clog << "migrations: applied " << step.migration->folder << " (" << step.execution_ms
                      << " ms)\n";
    }

private:
    bool said_waiting_ = false;
};

} // namespace

int main() {
    char const* url = std::getenv("DATABASE_URL");
    if (!url) {
        std::cerr << "embedded_service: set DATABASE_URL\n";
        return 2;
    }
    migrator::DialectRegistry dialects = migrator::builtin_dialects();
    Log log;
    try {
        auto db = migrator::Migrator::open(dialects, url, social_network_migrations());
        db.set_observer(&log);
        migrator::RunReport const report = db.up();
        std::clog << "migrations: " << report.changed() << " applied; at version "
                  << report.current_version.value_or(migrator::Version{}).value << "\n";
    } catch (migrator::Error const& e) {
        std::cerr << "embedded_service: " << e.what() << "\n";
        return static_cast<int>(e.exit_code());
    }
    std::cout << "service ready\n"; // ... and the service would serve from here on
    return 0;
}
