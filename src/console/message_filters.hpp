// console/message_filters.hpp — the Messages page's filter form read from a query string: each
// field checked on its own so that a bad value is shown next to its field (never a 500), and the
// outbox ListFilter built from the good ones. The form keeps what was typed, to show it again.
// Pure functions; thread-compatible values.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/form.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::console {

// The Messages page shows this many messages per page.
inline constexpr int kMessagesPerPage = 50;

// The filter fields, in the form's order; also the query parameter names.
inline constexpr std::string_view kFilterFields[] = {"state",     "connection", "sender",
                                                     "recipient", "after",      "before"};

struct FilterError {
  std::string field;    // one of kFilterFields, or "cursor"
  std::string message;  // plain text; never repeats the value
};

struct MessageFilters {
  FormFields typed;  // the kFilterFields as given (trimmed), for the form and the next-page link
  std::string cursor;
  outbox::ListFilter filter;  // every key's messages (api_key_id unset), kMessagesPerPage
  std::vector<FilterError> errors;
  bool any() const;  // some filter field is set
  const FilterError* ErrorFor(std::string_view field) const;
  const std::string& Typed(std::string_view field) const;
};

// Reads state (a state name or empty), connection, sender and recipient (whole addresses,
// compared without regard to case), after (inclusive) and before (exclusive), and cursor.
MessageFilters ReadMessageFilters(const FormFields& query);

// A console time: "2026-12-02T15:04" (what <input type="datetime-local"> sends) with or without
// ":SS", with or without "Z", a date alone, or any ISO 8601 time core/time_format.hpp reads;
// UTC unless an offset is given. nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> ParseConsoleTime(std::string_view text);

}  // namespace graphpost::console
