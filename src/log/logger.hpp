// log/logger.hpp — the Logger port of library code: one record is a level, a fixed message and
// structured fields, e.g.
//   log.Info("message sent", {{"message_id", id}, {"mailbox", mailbox}});
// Redaction is by type: a field whose value is a Secret is kept as "[redacted]" from the moment
// the field is built, so no sink can ever see the clear value. Messages are constant text; values
// go into fields. This header does not include spdlog (log/spdlog_logger.hpp builds the real
// one). Implementations are thread-safe; a Logger is passed by reference and must outlive its
// users.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/secret.hpp"

namespace graphpost::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn", "error".
std::string_view LevelName(Level level);

// What a Secret field is written as.
inline constexpr std::string_view kRedacted = "[redacted]";

// A field's value: text, an integer, a number, a bool, or a redacted Secret.
class FieldValue {
 public:
  struct Redacted {
    friend bool operator==(Redacted, Redacted) = default;
  };
  using Value = std::variant<std::string, std::int64_t, std::uint64_t, double, bool, Redacted>;

  FieldValue(std::string_view text) : value_(std::string(text)) {}
  FieldValue(const char* text) : value_(std::string(text)) {}
  FieldValue(const std::string& text) : value_(text) {}
  FieldValue(std::string&& text) : value_(std::move(text)) {}
  FieldValue(bool value) : value_(value) {}
  template <std::signed_integral T>
  FieldValue(T value) : value_(static_cast<std::int64_t>(value)) {}
  template <std::unsigned_integral T>
  requires(!std::same_as<T, bool>) FieldValue(T value)
      : value_(static_cast<std::uint64_t>(value)) {}
  FieldValue(double value) : value_(value) {}
  // Durations are written in milliseconds; name the field accordingly ("elapsed_ms").
  template <class Rep, class Period>
  FieldValue(std::chrono::duration<Rep, Period> d)
      : value_(static_cast<std::int64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(d).count())) {}
  // The error code's stable name, e.g. "unavailable".
  FieldValue(ErrorCode code) : value_(std::string(ErrorCodeName(code))) {}
  // Never the clear value: only that there was one.
  FieldValue(const Secret&) : value_(Redacted{}) {}

  const Value& value() const { return value_; }
  // The value as text: the string itself, a number in decimal, "true"/"false", or kRedacted.
  std::string ToString() const;

 private:
  Value value_;
};

struct Field {
  std::string_view key;  // a literal, snake_case, e.g. "message_id"
  FieldValue value;
};

class Logger {
 public:
  virtual ~Logger() = default;

  // True when records of `level` are written (callers may skip building costly fields).
  virtual bool Enabled(Level level) const = 0;
  // Writes one record. Never fails: a sink that cannot write drops the record.
  virtual void Write(Level level, std::string_view message, std::span<const Field> fields) = 0;

  void Debug(std::string_view message, std::initializer_list<Field> fields = {}) {
    Log(Level::kDebug, message, fields);
  }
  void Info(std::string_view message, std::initializer_list<Field> fields = {}) {
    Log(Level::kInfo, message, fields);
  }
  void Warn(std::string_view message, std::initializer_list<Field> fields = {}) {
    Log(Level::kWarn, message, fields);
  }
  void Error(std::string_view message, std::initializer_list<Field> fields = {}) {
    Log(Level::kError, message, fields);
  }
  void Log(Level level, std::string_view message, std::initializer_list<Field> fields) {
    if (Enabled(level))
      Write(level, message, std::span<const Field>(fields.begin(), fields.size()));
  }
};

// Writes nothing. For tests and for code run without a log.
class NullLogger final : public Logger {
 public:
  bool Enabled(Level) const override { return false; }
  void Write(Level, std::string_view, std::span<const Field>) override {}
};

// Adds the same fields (e.g. {"connection", name}) after every record's own, then writes to
// `base`, which must outlive it. Thread-safe as `base` is.
class ContextLogger final : public Logger {
 public:
  ContextLogger(Logger& base, std::initializer_list<Field> context)
      : base_(base), context_(context) {}

  bool Enabled(Level level) const override { return base_.Enabled(level); }
  void Write(Level level, std::string_view message, std::span<const Field> fields) override;

 private:
  Logger& base_;
  // Keys are literals (string_view); values are owned copies.
  const std::vector<Field> context_;
};

}  // namespace graphpost::log
