// sandbox/state/fault_json.hpp — FaultRule to and from JSON (admin API `POST /_sandbox/faults`,
// `graphpost sandbox faults add`). Field names: tenantId, mailboxId, errorRate, errorStatus,
// latencyMs, dropRate, tokenOutage. Parsing is strict, since a misspelt field would otherwise
// inject no fault at all and a test would pass for the wrong reason. Pure functions.
#pragma once

#include <chrono>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox {

// The longest latency a fault may add: ten minutes is beyond every client timeout worth testing
// (Graph's own gateway gives up after about 100 seconds) and keeps a typo from parking a server
// thread for days.
inline constexpr std::chrono::milliseconds kMaxFaultLatency{10 * 60 * 1000};
// The most Graph requests a counted fault ("requests") can apply to.
inline constexpr long long kMaxFaultRequests = 1'000'000;

boost::json::object FaultRuleToJson(const FaultRule& fault);

// kInvalidArgument naming the field for: a body that is not an object, an unknown field, a field
// of the wrong type, errorRate or dropRate outside 0..1, errorStatus other than 429, 503 or 504,
// latencyMs outside 0..kMaxFaultLatency, requests outside 1..kMaxFaultRequests. Absent fields keep
// FaultRule's defaults.
[[nodiscard]] Result<FaultRule> FaultRuleFromJson(const boost::json::value& body);

}  // namespace graphpost::sandbox
