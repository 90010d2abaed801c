// log/spdlog_logger.hpp — the real Logger: records formatted by FormatRecord (JSON lines for
// `serve`, plain text for the CLI) and written through spdlog (thread-safe sinks, one line per
// write, flushed at kWarn and above). The time of each record comes from the injected Clock.
// spdlog stays inside spdlog_logger.cpp. Thread-safe; `clock` (and `out`) must outlive the logger.
#pragma once

#include <iosfwd>
#include <memory>

#include "core/clock.hpp"
#include "log/logger.hpp"
#include "log/record_format.hpp"

namespace graphpost::log {

struct LogOptions {
  LogFormat format = LogFormat::kText;
  Level min_level = Level::kInfo;  // records below it are dropped
};

// A logger writing to standard error.
std::unique_ptr<Logger> NewStderrLogger(Clock& clock, LogOptions options);

// A logger writing to `out` (a file stream, or a std::ostringstream in tests).
std::unique_ptr<Logger> NewStreamLogger(std::ostream& out, Clock& clock, LogOptions options);

}  // namespace graphpost::log
