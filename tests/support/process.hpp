#pragma once
// The built `migrator` binary as a child process, for the tests that need real processes:
// concurrent runners, kill -9, signals, exit codes. Arguments go to execve as they are (no shell),
// DATABASE_URL and MIGRATOR_ENV are removed from its environment, and stdout and stderr are
// kept in files until the Process is destroyed.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace migrator::test {

struct ProcessOptions {
    std::filesystem::path cwd{};  // default: a fresh temporary directory
    std::vector<std::string> env; // extra "NAME=value" entries
};

class Process {
public:
    explicit Process(std::vector<std::string> args, ProcessOptions options = {});
    ~Process(); // a child still running is killed (SIGKILL) and reaped
    Process(Process const&) = delete;
    Process& operator=(Process const&) = delete;

    pid_t pid() const noexcept { return pid_; }
    void signal(int sig) const;
    // Its exit code, or 128 + the signal that ended it.
    int wait();
    // std::nullopt when it is still running after `timeout`.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    bool running();
    std::string out() const;
    std::string err() const;

private:
    TempDir io_;
    std::optional<TempDir> cwd_;
    pid_t pid_ = -1;
    std::optional<int> code_;
};

struct Run {
    int code;
    std::string out;
    std::string err;
};

// Runs `migrator args...` to its end.
Run run_migrator(std::vector<std::string> args, ProcessOptions options = {});

bool contains(std::string const& text, std::string const& part);

} // namespace migrator::test
