#include "message/rfc3339.hpp"

#include <cstdio>

#include "core/time_format.hpp"

namespace graphpost::message {

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view input) {
  if (input.size() < 20 || input.size() > 40) return std::nullopt;
  std::string text(input);
  for (char& c : text) {
    if (c == 't' || c == 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  const char zone = text[text.size() - 6];
  if (text[10] != 'T' || (text.back() != 'Z' && zone != '+' && zone != '-')) return std::nullopt;
  if (text[0] != '2' || (text[1] != '0' && text[1] != '1')) return std::nullopt;
  auto t = ParseIso8601(text);
  if (!t) return std::nullopt;
  return std::chrono::floor<std::chrono::milliseconds>(*t);
}

std::string FormatRfc3339(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count() % 1000;
  if (ms < 0) ms += 1000;
  std::string text = FormatIso8601(t);
  if (ms == 0) return text;
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03lld", static_cast<long long>(ms));
  text.insert(text.size() - 1, fraction);
  return text;
}

}  // namespace graphpost::message
