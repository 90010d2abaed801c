#include "api/list_query.hpp"

#include <charconv>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "message/rfc3339.hpp"

namespace graphpost::api {
namespace {

constexpr int kMaxLimit = 1000;

class QueryReader {
 public:
  void Read(const std::string& name, const std::string& value) {
    if (name == "status") {
      filter_.state = outbox::ParseMessageState(value);
      if (!filter_.state)
        Fail(name, "must be queued, sending, delivered, failed, expired or cancelled");
    } else if (name == "connection") {
      filter_.connection = value;
    } else if (name == "sender") {
      filter_.sender = AsciiLower(value);
    } else if (name == "recipient") {
      ReadRecipient(value);
    } else if (name == "createdAfter") {
      filter_.created_after = Time(name, value);
    } else if (name == "createdBefore") {
      filter_.created_before = Time(name, value);
    } else if (name == "limit") {
      ReadLimit(value);
    } else if (name == "cursor") {
      filter_.cursor = value;
    } else {
      FailUnknown(name);
    }
  }

  Expected<outbox::ListFilter, Problem> Finish() {
    if (!errors_.empty()) return Unexpected(InvalidRequest("invalid query parameters", errors_));
    return filter_;
  }

  void Fail(const std::string& name, std::string detail) {
    errors_.push_back(message::FieldError{"?" + name, std::move(detail)});
  }

  // The name is shown only when message::IsShownName allows it, so a secret sent as a parameter
  // name is not echoed.
  void FailUnknown(const std::string& name) {
    if (message::IsShownName(name)) return Fail(name, "is not a parameter of this list");
    Fail("",
         "a query parameter that is not recognised (its name is not shown: it is not a short "
         "identifier)");
  }

 private:
  std::optional<outbox::TimePoint> Time(const std::string& name, const std::string& value) {
    auto t = message::ParseRfc3339(value);
    if (!t) Fail(name, "must be an RFC 3339 time with a zone, e.g. 2026-05-01T09:30:00Z");
    return t;
  }

  // A whole address (To, Cc or Bcc), compared without regard to ASCII case.
  void ReadRecipient(const std::string& value) {
    const auto at = value.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == value.size() ||
        value.find_first_of(" \t<>,;\"") != std::string::npos) {
      Fail("recipient", "must be one whole email address, e.g. bob@fabrikam.com");
      return;
    }
    filter_.recipient = AsciiLower(value);
  }

  void ReadLimit(const std::string& value) {
    int limit = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
    if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > kMaxLimit) {
      Fail("limit", "must be a whole number from 1 to 1000");
      return;
    }
    filter_.limit = limit;
  }

  outbox::ListFilter filter_;
  std::vector<message::FieldError> errors_;
};

}  // namespace

Expected<outbox::ListFilter, Problem> ParseListQuery(std::string_view query) {
  auto fields = ParseForm(query);
  if (!fields) return Unexpected(InvalidRequest("the query string has a bad percent escape"));
  QueryReader reader;
  std::vector<std::string> seen;
  for (const auto& [name, value] : *fields) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      // Every parameter of the list has a shown name; others were refused when first seen.
      if (message::IsShownName(name)) reader.Fail(name, "is given more than once");
      continue;
    }
    seen.push_back(name);
    reader.Read(name, value);
  }
  return reader.Finish();
}

}  // namespace graphpost::api
