// sandbox/state/world.hpp — everything a sandbox knows: its tenants and its settings. One World per
// sandbox process, owned by the composition root (sandbox/server). Not thread-safe by itself:
// every reader and writer holds `mu` (services lock it themselves, so they can do CPU work such
// as JWT checks outside the lock). `version` grows on every change so the saver knows when to
// persist.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox {

struct TokenSettings {
  // Access-token lifetime is drawn uniformly from [min, max] (Entra: 60–90 minutes).
  std::chrono::seconds min_lifetime{std::chrono::minutes{60}};
  std::chrono::seconds max_lifetime{std::chrono::minutes{90}};
};

// Exchange and Graph limits (protocol.md §5). All configurable.
struct LimitSettings {
  int concurrent_requests_per_app_mailbox = 4;
  int requests_per_window = 10000;  // per (app, mailbox)
  std::chrono::seconds request_window{std::chrono::minutes{10}};
  int max_recipients_per_message = 500;
  std::size_t max_message_bytes = 35 * 1024 * 1024;
  std::size_t max_request_bytes = 4 * 1024 * 1024;
  int messages_per_minute_per_mailbox = 30;  // beyond: delivery is delayed, not refused
  int recipients_per_day_per_mailbox = 10000;
};

struct SandboxSettings {
  TokenSettings tokens;
  LimitSettings limits;
  // How long RBAC, policy and membership changes take to reach Graph (Exchange: 30 min – 2 h).
  // Test-ServicePrincipalAuthorization ignores it.
  std::chrono::seconds propagation_delay{0};
  // How far the sandbox's clock runs ahead of the real one (OffsetClock): tests move it forward to
  // let tokens, secrets and delays run out without waiting. Only ever grows.
  std::chrono::seconds clock_offset{0};
  // How long after a send its copy appears in the sender's Sent Items (Exchange files it a little
  // later than the 202; tests of a late copy raise it). Recipients' copies are not delayed by it.
  std::chrono::milliseconds sent_items_delay{0};
  // "https://localhost:8443" — the scheme://host:port clients use; set by the server at start.
  std::string base_url;
};

// A fault to inject (admin API / flags). Empty tenant_id or mailbox_id matches any.
struct FaultRule {
  std::string tenant_id;
  std::string mailbox_id;                // recipient id; Graph requests only
  double error_rate = 0;                 // share of Graph requests answered with error_status
  int error_status = 503;                // 429, 503 or 504
  std::chrono::milliseconds latency{0};  // added to every matching Graph request
  double drop_rate = 0;                  // share of Graph requests whose connection is dropped
  bool token_outage = false;             // the token endpoint answers 503 for this tenant
  // How many more matching Graph requests the rule applies to (then it is removed); nullopt: all.
  std::optional<std::uint32_t> remaining_requests;
};

// The key that signs access tokens; published in the JWKS. Immutable after start.
struct SigningKey {
  std::string kid;
  crypto::Key key;
};

struct World {
  std::mutex mu;
  std::uint64_t version = 0;      // Guarded by mu.
  SandboxSettings settings;       // Guarded by mu.
  std::vector<Tenant> tenants;    // Guarded by mu.
  std::vector<FaultRule> faults;  // Guarded by mu.
  SigningKey signing_key;         // Set before serving; immutable afterwards, so read without mu.

  // By tenant GUID or any of its domains (case-insensitive); nullptr when absent.
  Tenant* FindTenant(std::string_view identifier);
  const Tenant* FindTenant(std::string_view identifier) const;
};

}  // namespace graphpost::sandbox
