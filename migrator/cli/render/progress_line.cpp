#include "render/progress_line.hpp"

#include <cstdio>

namespace migrator::cli {

ProgressLine::ProgressLine(std::ostream& out) : out_(out) {}

ProgressLine::~ProgressLine() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    try {
        clear();
    } catch (...) { // a closed terminal: nothing left to erase
    }
}

void ProgressLine::show(std::string label) {
    std::lock_guard lock(mutex_);
    label_ = std::move(label);
    detail_.clear();
    start_ = std::chrono::steady_clock::now();
    shown_ = true;
    draw();
    if (!ticker_.joinable()) ticker_ = std::thread([this] { tick(); }); // only once there is a line
}

void ProgressLine::detail(std::string text) {
    std::lock_guard lock(mutex_);
    detail_ = std::move(text);
    if (shown_) draw();
}

void ProgressLine::clear() {
    std::lock_guard lock(mutex_);
    if (!shown_) return;
    shown_ = false;
    out_ << "\r\033[K" << std::flush;
}

void ProgressLine::draw() {
    double const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    char time[32];
    std::snprintf(time, sizeof time, "%.1fs", seconds);
    out_ << "\r\033[K" << label_ << ' ' << time << (detail_.empty() ? "" : "  " + detail_) << std::flush;
}

void ProgressLine::tick() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(200));
        if (shown_ && !stopping_) draw();
    }
}

} // namespace migrator::cli
