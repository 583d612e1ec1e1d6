#pragma once
// Running the built `migrator` binary from a test: its exit code, stdout and stderr, in a
// working directory of the test's choosing. Shared by the CLI suites.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace migrator::test {

namespace fs = std::filesystem;

struct Run {
    int code;
    std::string out;
    std::string err;
};

inline std::string slurp(fs::path const& p) {
    return read_file(p);
}

// Runs `migrator <args>` in `cwd` (a shell command line; arguments are not quoted for you).
inline Run cli(fs::path const& cwd, std::string const& args, std::string const& env = {}) {
    TempDir io;
    std::string const cmd = "cd '" + cwd.string() + "' && env -u DATABASE_URL -u MIGRATOR_ENV " + env + " " +
                            MIGRATOR_BINARY + " " + args + " >'" + (io / "out").string() + "' 2>'" +
                            (io / "err").string() + "' </dev/null";
    int const status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(io / "out"), slurp(io / "err")};
}

// Starts `migrator args...` in `cwd` without waiting; stdout and stderr go to `log`.
inline pid_t spawn(fs::path const& cwd, std::vector<std::string> args, fs::path const& log) {
    std::vector<std::string> argv{"/bin/sh", "-c",
                                  "cd '" + cwd.string() + "' && exec " + std::string(MIGRATOR_BINARY) +
                                      " \"$@\" >'" + log.string() + "' 2>&1",
                                  "migrator"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (auto& a : argv)
        raw.push_back(a.data());
    raw.push_back(nullptr);
    pid_t pid = 0;
    BOOST_REQUIRE(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, raw.data(), environ) == 0);
    return pid;
}

inline int wait_exit(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

inline bool has(std::string const& text, std::string const& part) {
    return text.find(part) != std::string::npos;
}

// A working directory holding a copy of the shipped migrations and migrator.yaml.
struct Project {
    TempDir dir;
    Project() {
        fs::copy(shipped_migrations(), dir / "migrations", fs::copy_options::recursive);
        fs::copy_file(fs::path(MIGRATOR_SOURCE_DIR) / "migrator.yaml", dir / "migrator.yaml");
    }
    fs::path const& path() const { return dir.path(); }
};

} // namespace migrator::test
