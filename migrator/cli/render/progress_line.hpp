#pragma once
// The one updating line a terminal shows for the migration in flight: "[12/1000] 0012_add_x 3.2s",
// plus the statement count of a long non-transactional migration. A ticker thread redraws it
// every 200 ms (started with the first line), so that the time moves during a long statement; finished steps
// are printed as plain lines above it by whoever calls clear() first. Only for a terminal: when stdout is not
// one, nothing here is used.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace migrator::cli {

class ProgressLine {
public:
    explicit ProgressLine(std::ostream& out);
    ~ProgressLine(); // stops the ticker and clears the line; never throws
    ProgressLine(ProgressLine const&) = delete;
    ProgressLine& operator=(ProgressLine const&) = delete;

    // Starts showing `label`, with the time since now.
    void show(std::string label);
    // Text after the time, e.g. "statement 3/40".
    void detail(std::string text);
    // Erases the line (before a plain line is printed) and stops showing it.
    void clear();

private:
    void draw(); // with mutex_ held
    void tick();

    std::ostream& out_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string label_, detail_;
    std::chrono::steady_clock::time_point start_;
    bool shown_ = false;
    bool stopping_ = false;
    std::thread ticker_;
};

} // namespace migrator::cli
