#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace migrator::test {

namespace {
int decode(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
} // namespace

Process::Process(std::vector<std::string> args, ProcessOptions options) {
    if (options.cwd.empty()) options.cwd = cwd_.emplace().path();
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "DATABASE_URL=", 13) != 0 && std::strncmp(*e, "MIGRATOR_ENV=", 13) != 0)
            env.emplace_back(*e);
    env.insert(env.end(), options.env.begin(), options.env.end());
    args.insert(args.begin(), MIGRATOR_BINARY);
    std::vector<char*> argv, envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    std::string const out = (io_ / "out").string(), err = (io_ / "err").string();
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
    int const rc = posix_spawn(&pid_, MIGRATOR_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
}

Process::~Process() {
    if (!code_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

void Process::signal(int sig) const {
    kill(pid_, sig);
}

int Process::wait() {
    if (!code_) {
        int status = 0;
        waitpid(pid_, &status, 0);
        code_ = decode(status);
    }
    return *code_;
}

std::optional<int> Process::wait_for(std::chrono::milliseconds timeout) {
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    while (!code_) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            code_ = decode(status);
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return code_;
}

bool Process::running() {
    return !wait_for(std::chrono::milliseconds(0));
}

std::string Process::out() const {
    return read_file(io_ / "out");
}

std::string Process::err() const {
    return read_file(io_ / "err");
}

Run run_migrator(std::vector<std::string> args, ProcessOptions options) {
    Process p(std::move(args), std::move(options));
    int const code = p.wait();
    return {code, p.out(), p.err()};
}

bool contains(std::string const& text, std::string const& part) {
    return text.find(part) != std::string::npos;
}

} // namespace migrator::test
