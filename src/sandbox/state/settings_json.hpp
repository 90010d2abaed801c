// sandbox/state/settings_json.hpp — SandboxSettings to and from JSON (admin API, `serve` flags,
// persisted state). Field names: propagationDelaySeconds, clockOffsetSeconds,
// tokenLifetimeMinSeconds, tokenLifetimeMaxSeconds, concurrentRequestsPerAppMailbox,
// requestsPerWindow, requestWindowSeconds, maxRecipientsPerMessage, maxMessageBytes,
// maxRequestBytes, messagesPerMinutePerMailbox, recipientsPerDayPerMailbox. Pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox {

boost::json::object SettingsToJson(const SandboxSettings& settings);
// Applies the fields present in `patch`. kInvalidArgument for an unknown field, a value that is
// not a number from 0 to its bound (*Seconds: 100 years; *Bytes: 1e12; counts: 2^31-1), a minimum
// token lifetime above the maximum, or a clockOffsetSeconds below the current one; `settings` is
// then partly changed, so callers patch a copy.
[[nodiscard]] Status PatchSettings(SandboxSettings& settings, const boost::json::value& patch);

}  // namespace graphpost::sandbox
