#include "sandbox/state/settings_json.hpp"

#include <boost/json.hpp>

namespace graphpost::sandbox {

namespace json = boost::json;

boost::json::object SettingsToJson(const SandboxSettings& s) {
  const auto& l = s.limits;
  return {{"propagationDelaySeconds", s.propagation_delay.count()},
          {"clockOffsetSeconds", s.clock_offset.count()},
          {"sentItemsDelayMs", s.sent_items_delay.count()},
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

namespace {

// Durations stay within a century so time arithmetic (nanosecond clocks) cannot overflow; counts
// fit an int; byte sizes stay below a terabyte.
constexpr double kMaxSeconds = 100.0 * 365 * 24 * 3600;
constexpr double kMaxCount = 2147483647.0;
constexpr double kMaxBytes = 1e12;

Result<long long> Number(std::string_view key, const json::value& value, double max) {
  if (!value.is_number() || !(value.to_number<double>() >= 0) || value.to_number<double>() > max) {
    return Fail(ErrorCode::kInvalidArgument, "setting '" + std::string(key) +
                                                 "' must be a number from 0 to " +
                                                 json::serialize(json::value(max)));
  }
  return static_cast<long long>(value.to_number<double>());
}

double MaxFor(std::string_view key) {
  if (key.ends_with("Seconds")) return kMaxSeconds;
  if (key.ends_with("Ms")) return kMaxSeconds * 1000;
  if (key.ends_with("Bytes")) return kMaxBytes;
  return kMaxCount;
}

Status Apply(SandboxSettings& s, std::string_view key, long long n) {
  auto& l = s.limits;
  if (key == "propagationDelaySeconds")
    s.propagation_delay = std::chrono::seconds{n};
  else if (key == "clockOffsetSeconds")
    s.clock_offset = std::chrono::seconds{n};
  else if (key == "sentItemsDelayMs")
    s.sent_items_delay = std::chrono::milliseconds{n};
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
  return Ok();
}

}  // namespace

Status PatchSettings(SandboxSettings& s, const boost::json::value& patch) {
  if (!patch.is_object())
    return Fail(ErrorCode::kInvalidArgument, "settings must be a JSON object");
  const std::chrono::seconds offset_before = s.clock_offset;
  for (const auto& [key, value] : patch.as_object()) {
    if (key == "baseUrl") continue;  // read-only: set by the server
    if (!SettingsToJson(SandboxSettings{}).contains(key)) {
      return Fail(ErrorCode::kInvalidArgument, "unknown setting '" + std::string(key) + "'");
    }
    auto n = Number(key, value, MaxFor(key));
    if (!n) return Fail(n.error());
    if (auto applied = Apply(s, key, *n); !applied) return applied;
  }
  if (s.tokens.min_lifetime > s.tokens.max_lifetime) {
    return Fail(ErrorCode::kInvalidArgument,
                "tokenLifetimeMinSeconds exceeds tokenLifetimeMaxSeconds");
  }
  if (s.clock_offset < offset_before) {
    return Fail(ErrorCode::kInvalidArgument, "clockOffsetSeconds cannot go back from " +
                                                 std::to_string(offset_before.count()) + " to " +
                                                 std::to_string(s.clock_offset.count()) +
                                                 ": the sandbox's time only moves forward");
  }
  return Ok();
}

}  // namespace graphpost::sandbox
