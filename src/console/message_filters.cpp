// The Messages page's filters; see message_filters.hpp.
#include "console/message_filters.hpp"

#include "core/time_format.hpp"

namespace graphpost::console {
namespace {

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string AsciiLower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A whole address: one '@' with text on both sides, no spaces or angle brackets.
bool LooksLikeAddress(std::string_view text) {
  const auto at = text.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string_view::npos &&
         text.find_first_of(" \t<>,;\"") == std::string_view::npos;
}

std::size_t CountOf(const FormFields& query, std::string_view field) {
  std::size_t n = 0;
  for (const auto& [key, value] : query) n += key == field ? 1 : 0;
  return n;
}

void ReadState(MessageFilters& f) {
  const std::string& text = f.Typed("state");
  if (text.empty()) return;
  if (auto state = outbox::ParseMessageState(text)) {
    f.filter.state = *state;
  } else {
    f.errors.push_back({"state", "Choose one of the listed states."});
  }
}

void ReadAddress(MessageFilters& f, std::string_view field, std::optional<std::string>& out) {
  const std::string& text = f.Typed(field);
  if (text.empty()) return;
  if (!LooksLikeAddress(text)) {
    f.errors.push_back({std::string(field), "Enter a whole address, like bob@example.com."});
    return;
  }
  out = AsciiLower(text);
}

void ReadTime(MessageFilters& f, std::string_view field, std::optional<outbox::TimePoint>& out) {
  const std::string& text = f.Typed(field);
  if (text.empty()) return;
  if (auto t = ParseConsoleTime(text)) {
    out = *t;
  } else {
    f.errors.push_back(
        {std::string(field), "Enter a UTC time like 2026-12-02T15:04 (seconds optional)."});
  }
}

}  // namespace

bool MessageFilters::any() const {
  for (const auto& [key, value] : typed) {
    if (!value.empty()) return true;
  }
  return false;
}

const FilterError* MessageFilters::ErrorFor(std::string_view field) const {
  for (const auto& e : errors) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

const std::string& MessageFilters::Typed(std::string_view field) const {
  static const std::string kEmpty;
  for (const auto& [key, value] : typed) {
    if (key == field) return value;
  }
  return kEmpty;
}

std::optional<std::chrono::system_clock::time_point> ParseConsoleTime(std::string_view text) {
  std::string s(text);
  // "YYYY-MM-DDTHH:MM" (16 characters), maybe followed by "Z" or an offset: add the seconds.
  if (s.size() >= 16 && (s[10] == 'T' || s[10] == ' ') && s[13] == ':' &&
      (s.size() == 16 || s[16] == 'Z' || s[16] == '+' || s[16] == '-')) {
    s.insert(16, ":00");
  }
  return ParseIso8601(s);
}

MessageFilters ReadMessageFilters(const FormFields& query) {
  MessageFilters f;
  for (std::string_view field : kFilterFields) {
    const std::string* value = FindField(query, field);
    f.typed.emplace_back(std::string(field), value == nullptr ? "" : Trim(*value));
  }
  if (const std::string* cursor = FindField(query, "cursor")) f.cursor = *cursor;
  f.filter.limit = kMessagesPerPage;
  f.filter.cursor = f.cursor;
  ReadState(f);
  if (CountOf(query, "state") > 1 && f.ErrorFor("state") == nullptr) {
    f.filter.state.reset();
    f.errors.push_back({"state", "Choose one state: the address names more than one."});
  }
  if (!f.Typed("connection").empty()) f.filter.connection = f.Typed("connection");
  ReadAddress(f, "sender", f.filter.sender);
  ReadAddress(f, "recipient", f.filter.recipient);
  ReadTime(f, "after", f.filter.created_after);
  ReadTime(f, "before", f.filter.created_before);
  if (f.filter.created_after && f.filter.created_before &&
      *f.filter.created_after > *f.filter.created_before) {
    f.errors.push_back({"after", "After is later than Before: no message can match."});
  }
  return f;
}

}  // namespace graphpost::console
