// Logger values and the context decorator; see logger.hpp.
#include "log/logger.hpp"

#include <charconv>

namespace graphpost::log {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// clang 14 (the fuzz build) has no aggregate deduction (P1816).
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string DoubleText(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("nan");
}

}  // namespace

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string FieldValue::ToString() const {
  return std::visit(Overloaded{[](const std::string& s) { return s; },
                               [](std::int64_t v) { return std::to_string(v); },
                               [](std::uint64_t v) { return std::to_string(v); },
                               [](double v) { return DoubleText(v); },
                               [](bool v) { return std::string(v ? "true" : "false"); },
                               [](Redacted) { return std::string(kRedacted); }},
                    value_);
}

void ContextLogger::Write(Level level, std::string_view message, std::span<const Field> fields) {
  std::vector<Field> all(fields.begin(), fields.end());
  all.insert(all.end(), context_.begin(), context_.end());
  base_.Write(level, message, all);
}

}  // namespace graphpost::log
