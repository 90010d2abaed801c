#include "sandbox/state/settings_json.hpp"

#include <boost/json.hpp>

namespace graphpost::sandbox {

namespace json = boost::json;

boost::json::object SettingsToJson(const SandboxSettings& s) {
  const auto& l = s.limits;
  return {{"propagationDelaySeconds", s.propagation_delay.count()},
          {"tokenLifetimeMinSeconds", s.tokens.min_lifetime.count()},
          {"tokenLifetimeMaxSeconds", s.tokens.max_lifetime.count()},
          {"concurrentRequestsPerAppMailbox", l.concurrent_requests_per_app_mailbox},
          {"requestsPerWindow", l.requests_per_window},
          {"requestWindowSeconds", l.request_window.count()},
          {"maxRecipientsPerMessage", l.max_recipients_per_message},
          {"maxMessageBytes", l.max_message_bytes},
          {"maxRequestBytes", l.max_request_bytes},
          {"messagesPerMinutePerMailbox", l.messages_per_minute_per_mailbox},
          {"recipientsPerDayPerMailbox", l.recipients_per_day_per_mailbox},
          {"baseUrl", s.base_url}};
}

// Applies the fields present in `patch` (names as in SettingsJson). kInvalidArgument for an
// unknown field or a negative number.
Status PatchSettings(SandboxSettings& s, const boost::json::value& patch) {
  if (!patch.is_object())
    return Fail(ErrorCode::kInvalidArgument, "settings must be a JSON object");
  for (const auto& [key, value] : patch.as_object()) {
    if (key == "baseUrl") continue;  // read-only: set by the server
    if (!value.is_number() || value.to_number<double>() < 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  "setting '" + std::string(key) + "' must be a non-negative number");
    }
    auto n = static_cast<long long>(value.to_number<double>());
    auto& l = s.limits;
    if (key == "propagationDelaySeconds")
      s.propagation_delay = std::chrono::seconds{n};
    else if (key == "tokenLifetimeMinSeconds")
      s.tokens.min_lifetime = std::chrono::seconds{n};
    else if (key == "tokenLifetimeMaxSeconds")
      s.tokens.max_lifetime = std::chrono::seconds{n};
    else if (key == "concurrentRequestsPerAppMailbox")
      l.concurrent_requests_per_app_mailbox = static_cast<int>(n);
    else if (key == "requestsPerWindow")
      l.requests_per_window = static_cast<int>(n);
    else if (key == "requestWindowSeconds")
      l.request_window = std::chrono::seconds{n};
    else if (key == "maxRecipientsPerMessage")
      l.max_recipients_per_message = static_cast<int>(n);
    else if (key == "maxMessageBytes")
      l.max_message_bytes = static_cast<std::size_t>(n);
    else if (key == "maxRequestBytes")
      l.max_request_bytes = static_cast<std::size_t>(n);
    else if (key == "messagesPerMinutePerMailbox")
      l.messages_per_minute_per_mailbox = static_cast<int>(n);
    else if (key == "recipientsPerDayPerMailbox")
      l.recipients_per_day_per_mailbox = static_cast<int>(n);
    else
      return Fail(ErrorCode::kInvalidArgument, "unknown setting '" + std::string(key) + "'");
  }
  if (s.tokens.min_lifetime > s.tokens.max_lifetime) {
    return Fail(ErrorCode::kInvalidArgument,
                "tokenLifetimeMinSeconds exceeds tokenLifetimeMaxSeconds");
  }
  return Ok();
}

}  // namespace graphpost::sandbox
