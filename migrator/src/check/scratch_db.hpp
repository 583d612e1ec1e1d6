#pragma once
// The scratch databases `check` migrates: created on the server the request names (or as files
// in check's own folder), dropped on every exit path, and migrated through the one executor like
// any live run.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/executor.hpp"
#include "engine/sink.hpp"
#include "engine/version_store.hpp"
#include "migrator/connection.hpp"
#include "migrator/dialect.hpp"

namespace migrator {

inline constexpr auto check_timeout = std::chrono::seconds(30);

// Removes the scratch database on every exit path; never throws.
class Scratch {
public:
    Scratch(Dialect const& dialect, DatabaseUrl const& server, std::filesystem::path const& dir)
        : dialect_(dialect), server_(server), url_(dialect.create_scratch(server, dir)) {}
    ~Scratch();
    Scratch(Scratch const&) = delete;
    Scratch& operator=(Scratch const&) = delete;
    DatabaseUrl const& url() const { return url_; }

private:
    Dialect const& dialect_;
    DatabaseUrl server_;
    DatabaseUrl url_;
};

// One dialect's scratch database, migrated through the executor like any live run.
struct ScratchRun {
    Connection& connection;
    VersionStore store;
    Observer quiet;
    LiveSink sink;
    Executor executor;
    ScratchRun(Connection& c, Dialect const& d, QualifiedName const& table, RunControl const& control)
        : connection(c), store(d, table), sink(c, {check_timeout, nullptr, &control}),
          executor(&c, sink, true, store, quiet, control) {}
    std::string dump();
    void up_to(MigrationSet const& set, Version v);
    void down_one(MigrationSet const& set);
};

// One scratch database and the run over it; rebuilt when a broken step leaves it unusable.
// While it lives, `active` names its connection, for a cancel from another thread.
struct ScratchDb {
    Scratch scratch;
    std::unique_ptr<Connection> connection;
    ScratchRun run;
    std::atomic<Connection*>* active;
    ScratchDb(Dialect const& d, DatabaseUrl const& server, std::filesystem::path const& dir,
              QualifiedName const& vt, RunControl const& control, std::atomic<Connection*>* active_connection)
        : scratch(d, server, dir), connection(d.connect(scratch.url(), check_timeout)),
          run(*connection, d, vt, control), active(active_connection) {
        if (active) *active = connection.get();
    }
    ~ScratchDb() {
        if (active) *active = nullptr;
    }
    ScratchDb(ScratchDb const&) = delete;
    ScratchDb& operator=(ScratchDb const&) = delete;
};

// Interrupted when a stop was asked for: check ends, its scratch removed on the way out.
void stop_if_asked(RunControl const& control);

} // namespace migrator
