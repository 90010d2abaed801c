// log/capturing_logger.hpp — a Logger for tests that keeps every record in memory, each field as
// the text a sink would write (a Secret is already "[redacted]" here). Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "log/logger.hpp"

namespace graphpost::log {

struct CapturedRecord {
  Level level = Level::kInfo;
  std::string message;
  std::vector<std::pair<std::string, std::string>> fields;  // key, FieldValue::ToString()

  // The value of field `key`, or "" when the record has none.
  std::string Field(std::string_view key) const {
    for (const auto& [k, v] : fields) {
      if (k == key) return v;
    }
    return "";
  }
};

class CapturingLogger final : public Logger {
 public:
  bool Enabled(Level) const override { return true; }
  void Write(Level level, std::string_view message, std::span<const log::Field> fields) override {
    CapturedRecord record{.level = level, .message = std::string(message)};
    for (const log::Field& f : fields) record.fields.emplace_back(f.key, f.value.ToString());
    std::lock_guard lock(mu_);
    records_.push_back(std::move(record));
  }

  // A copy of every record so far, in order.
  std::vector<CapturedRecord> records() const {
    std::lock_guard lock(mu_);
    return records_;
  }
  // The records whose message is `message`.
  std::vector<CapturedRecord> WithMessage(std::string_view message) const {
    std::vector<CapturedRecord> out;
    for (auto& r : records()) {
      if (r.message == message) out.push_back(std::move(r));
    }
    return out;
  }
  // True when `text` occurs in any message, key or value (to prove a secret never got in).
  bool Contains(std::string_view text) const {
    for (const auto& r : records()) {
      if (r.message.find(text) != std::string::npos) return true;
      for (const auto& [k, v] : r.fields) {
        if (k.find(text) != std::string::npos || v.find(text) != std::string::npos) return true;
      }
    }
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::vector<CapturedRecord> records_;  // Guarded by mu_.
};

}  // namespace graphpost::log
