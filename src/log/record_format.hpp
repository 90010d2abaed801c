// log/record_format.hpp — how one log record becomes one line: JSON (for `serve`, one object per
// line) or plain text (for the CLI). Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/time_format.hpp"
#include "log/logger.hpp"

namespace graphpost::log {

enum class LogFormat {
  kJsonLines,  // {"time":"2026-01-02T03:04:05.678Z","level":"info","msg":"...","key":value,...}
  kText,       // 2026-01-02T03:04:05.678Z info message sent message_id=... mailbox=...
};

// The record as one line, without the newline. JSON: numbers and bools stay JSON numbers and
// bools, a field named like a fixed key (time, level, msg) is written with a "field." prefix, and
// every string is escaped (so a value cannot break the line). Text: a value holding a space, a
// quote, '=' or a control character is written as a JSON string literal, so a value cannot forge
// another field or another line.
std::string FormatRecord(LogFormat format, WallTime time, Level level, std::string_view message,
                         std::span<const Field> fields);

}  // namespace graphpost::log
