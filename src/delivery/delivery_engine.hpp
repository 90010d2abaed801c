// delivery/delivery_engine.hpp — the gateway's delivery engine: takes due messages from the outbox
// lane by lane and sends them through Microsoft Graph, event-driven (in-flight Graph requests are
// not threads), paced to Exchange's limits, retrying what is transient and settling what is not.
// This header is the surface the gateway's composition root (`graphpost serve`) uses; the engine's
// parts live beside it. Thread-safe.
//
// Per lane (connection, sender mailbox): at most max_in_flight requests, messages_per_minute and
// a 24-hour recipient budget. Retries on 429 / 5xx / network errors honour Retry-After, else
// exponential backoff with jitter up to a cap. A message whose attempt ended ambiguously (or that
// was in flight when the process died) is looked up in Sent Items before it is sent again. A
// credential whose token fails permanently pauses its lanes (one token request, then none) and an
// alert is raised; the lanes resume when the connection's secret changes (rotate-secret).
// What it does is logged through EngineSetup::log.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "log/logger.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::connections {
class ConnectionStore;
}

namespace graphpost::delivery {

struct LaneLimits {
  int max_in_flight = 4;                    // concurrent Graph requests per mailbox
  int messages_per_minute = 30;             // Exchange: 30 messages per minute per mailbox
  std::int64_t recipients_per_day = 10000;  // Exchange: 10,000 recipients per 24 hours
};

struct EngineOptions {
  LaneLimits default_limits;
  std::map<std::string, LaneLimits> limits_by_connection;    // overrides, by connection name
  std::chrono::milliseconds lease{std::chrono::minutes{5}};  // a claim's lease
  // How long Exchange may take to file the Sent Items copy, before a lookup is trusted.
  std::chrono::milliseconds sent_items_delay{std::chrono::seconds{30}};
  std::chrono::milliseconds backoff_base{std::chrono::seconds{2}};
  std::chrono::milliseconds backoff_cap{std::chrono::minutes{10}};
  std::chrono::milliseconds graph_timeout{std::chrono::seconds{60}};
  int max_in_flight_total = 4096;  // every lane together
  bool use_batch = true;           // Graph JSON $batch where it lowers the cost per message
  // Graph's per-request limit. A JSON message over it, or a MIME (SMTP) message whose base64 is
  // over it, goes as a draft plus attachments (upload sessions) instead of one sendMail.
  std::size_t max_request_bytes = 4 * 1024 * 1024;
  int io_threads = 2;             // event-loop threads for Graph requests
  int token_threads = 2;          // token requests block: they run on these, never on the loop
  int large_message_threads = 2;  // messages sent as draft + upload session (synchronous client)
  // The longest the engine's thread waits (in real time) without reading the Clock; a test that
  // runs the engine on a scaled clock shortens it so timers keep their precision.
  std::chrono::milliseconds max_idle_wait{std::chrono::milliseconds{250}};
  // How often the connection store is read for a paused credential's new secret.
  std::chrono::milliseconds secret_poll{std::chrono::seconds{3}};
};

// One lane as the engine sees it now (the console's lanes and paused lanes).
struct LaneStatus {
  std::string connection;
  std::string sender;
  std::int64_t in_flight = 0;
  bool paused = false;  // its credential was refused for good; resumes on a new secret
  std::string reason;   // why paused: the token endpoint's refusal (AADSTS code and words)
  std::string fix;      // what resumes it, e.g. the rotate-secret command
  std::optional<std::chrono::system_clock::time_point> next_due;  // earliest known due time
};

// A snapshot for /metrics, /readyz and the console.
struct EngineStats {
  std::int64_t in_flight = 0;
  std::int64_t peak_in_flight = 0;
  std::int64_t lanes = 0;
  std::int64_t paused_lanes = 0;
  std::int64_t token_requests = 0;
  std::int64_t throttled = 0;  // 429 answers
  // Finished attempts by outcome ("sent", "found-in-sent-items", "retry", "failed", "unknown")
  // and cause ("" for none), e.g. {"failed","mailbox_not_found"} → 3.
  std::map<std::pair<std::string, std::string>, std::int64_t> attempts;
  // Graph request latency histogram: upper bounds in seconds, cumulative counts, sum and count.
  std::vector<double> latency_bounds;
  std::vector<std::int64_t> latency_cumulative;
  double latency_sum_seconds = 0;
  std::int64_t latency_count = 0;
  // Days until each connection's client secret expires (connections with a known expiry).
  std::map<std::string, double> secret_days_left;
  std::vector<std::string> alerts;  // e.g. "connection contoso: secret expired (AADSTS7000222)…"
  std::vector<LaneStatus> lane_status;  // every lane the engine knows, by (connection, sender)
};

class DeliveryEngine {
 public:
  virtual ~DeliveryEngine() = default;
  // Recovers leases left by a previous process, discovers lanes with queued messages and starts
  // delivering. Fails when the outbox cannot be read.
  [[nodiscard]] virtual Status Start() = 0;
  // New (or retried) messages were committed in these lanes.
  virtual void Notify(const std::vector<outbox::LaneKey>& lanes) = 0;
  // Stops claiming, waits up to `deadline` for in-flight attempts to finish and be recorded, then
  // returns; claimed messages still in flight stay `sending` and are recovered at the next start.
  virtual void Stop(std::chrono::milliseconds deadline) = 0;
  virtual EngineStats Stats() const = 0;
};

struct EngineSetup {
  Clock& clock;
  Random& random;
  outbox::OutboxStore& outbox;
  connections::ConnectionStore& connections;
  std::string token_dir;  // where the sealed token cache lives; empty = memory only
  EngineOptions options;
  // Where the engine writes what it does (null = no logging); outlives the engine. One record per
  // finished attempt ("delivery attempt": message_id, connection, mailbox, outcome, http_status,
  // cause, attempt, latency_ms), per Sent Items lookup, per failed token request (connection,
  // code, aadsts) and per lane pause or resume. Never a secret, a token or a message body.
  log::Logger* log = nullptr;
};

// The real engine: Graph over an event-driven HTTP client, tokens from the shared cache.
[[nodiscard]] Result<std::unique_ptr<DeliveryEngine>> MakeDeliveryEngine(EngineSetup setup);

}  // namespace graphpost::delivery
