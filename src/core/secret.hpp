// core/secret.hpp — a value that must never reach a log, an error, argv or test output. It has no
// operator<<, and Redacted() is the only way to print it. Plain value type; thread-compatible.
#pragma once

#include <string>
#include <utility>

namespace graphpost {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The clear value, for the one place that must send or encrypt it.
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  // "***" for anything non-empty, "" otherwise.
  std::string Redacted() const { return value_.empty() ? "" : "***"; }

  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

}  // namespace graphpost
