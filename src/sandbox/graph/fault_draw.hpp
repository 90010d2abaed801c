// sandbox/graph/fault_draw.hpp — decides which injected faults (World::faults) hit one Graph
// request: an error status, added latency, a dropped connection. Draws come from the injected
// Random, so tests are deterministic. A function over data the caller keeps locked; it updates
// only the counts of counted rules.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "core/random.hpp"
#include "sandbox/state/tenant.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::graph {

struct FaultEffect {
  std::optional<int> error_status;  // 429, 503 or 504
  std::chrono::milliseconds latency{0};
  bool drop_connection = false;
};

// Rules match when their tenant_id is empty or names `tenant` (id or domain) and their mailbox_id
// is empty or names `mailbox` (id or address). Latency is the largest of the matching rules; the
// first matching rule whose error draw hits sets the status. A matching rule with a request count
// (remaining_requests) counts this request, and is removed from `rules` once it reaches zero.
FaultEffect DrawFaults(std::vector<FaultRule>& rules, const Tenant& tenant,
                       const Recipient& mailbox, Random& random);

}  // namespace graphpost::sandbox::graph
