#pragma once
// Where version-table writes go: LiveSink runs them, ScriptSink collects them as text, so
// `--sql` prints exactly what a live run executes (version-table writes included).

#include <string>
#include <vector>

#include "migrator/dialect.hpp"

namespace migrator {

class SqlSink {
public:
    virtual ~SqlSink() = default;
    virtual void execute(std::string const& sql) = 0;
};

class LiveSink final : public SqlSink {
public:
    LiveSink(Dialect const& dialect, Session& session) : dialect_(dialect), session_(session) {}
    void execute(std::string const& sql) override { dialect_.execute(session_, sql); }

private:
    Dialect const& dialect_;
    Session& session_;
};

class ScriptSink final : public SqlSink {
public:
    void execute(std::string const& sql) override { statements_.push_back(sql); }
    std::vector<std::string> const& statements() const noexcept { return statements_; }

private:
    std::vector<std::string> statements_;
};

} // namespace migrator
