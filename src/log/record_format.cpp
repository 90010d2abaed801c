// One record, one line; see record_format.hpp.
#include "log/record_format.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace graphpost::log {
namespace {

// "2026-01-02T03:04:05.678Z": milliseconds, UTC.
std::string Timestamp(WallTime time) {
  using std::chrono::milliseconds;
  const auto since_epoch = std::chrono::duration_cast<milliseconds>(time.time_since_epoch());
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto ms = static_cast<int>((since_epoch - seconds).count());  // 0..999
  std::string text = FormatIso8601(WallTime(seconds));                // "...:05Z"
  text.pop_back();
  const char fraction[] = {'.', static_cast<char>('0' + ms / 100),
                           static_cast<char>('0' + ms / 10 % 10), static_cast<char>('0' + ms % 10),
                           'Z'};
  return text.append(fraction, sizeof(fraction));
}

json::value JsonOf(const FieldValue& field) {
  const FieldValue::Value& v = field.value();
  if (const auto* i = std::get_if<std::int64_t>(&v)) return json::value(*i);
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return json::value(*u);
  if (const auto* d = std::get_if<double>(&v)) return json::value(*d);
  if (const auto* b = std::get_if<bool>(&v)) return json::value(*b);
  return json::value(field.ToString());  // text, or kRedacted
}

bool IsReservedKey(std::string_view key) { return key == "time" || key == "level" || key == "msg"; }

std::string JsonLine(WallTime time, Level level, std::string_view message,
                     std::span<const Field> fields) {
  json::object record{{"time", Timestamp(time)}, {"level", LevelName(level)}, {"msg", message}};
  for (const Field& field : fields) {
    std::string key =
        IsReservedKey(field.key) ? "field." + std::string(field.key) : std::string(field.key);
    record[key] = JsonOf(field.value);
  }
  return ToJson(record);
}

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  for (char ch : text) {
    auto u = static_cast<unsigned char>(ch);
    if (u <= 0x20 || u == 0x7f || ch == '"' || ch == '=' || ch == '\\') return true;
  }
  return false;
}

std::string TextValue(const FieldValue& field) {
  std::string text = field.ToString();
  return NeedsQuotes(text) ? ToJson(json::value(text)) : text;
}

std::string TextLine(WallTime time, Level level, std::string_view message,
                     std::span<const Field> fields) {
  // The message is constant text from the code, but keep it on one line whatever it holds.
  std::string line = Timestamp(time) + " " + std::string(LevelName(level)) + " ";
  line += NeedsQuotes(message) && message.find_first_of("\n\r") != std::string_view::npos
              ? ToJson(json::value(message))
              : std::string(message);
  for (const Field& field : fields) {
    line += " " + std::string(field.key) + "=" + TextValue(field.value);
  }
  return line;
}

}  // namespace

std::string FormatRecord(LogFormat format, WallTime time, Level level, std::string_view message,
                         std::span<const Field> fields) {
  return format == LogFormat::kJsonLines ? JsonLine(time, level, message, fields)
                                         : TextLine(time, level, message, fields);
}

}  // namespace graphpost::log
