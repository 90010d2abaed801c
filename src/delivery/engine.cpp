// The engine's loop: events in, lanes scheduled, periodic rescans, lease recovery and the
// connection store polled for rotated secrets. One attempt's life is in engine_attempt.cpp.
#include "delivery/internal/engine.hpp"

#include <algorithm>
#include <future>
#include <utility>

#include "app/sealed_token_store.hpp"
#include "connections/connection_store.hpp"
#include "crypto/digest.hpp"
#include "delivery/pause_advice.hpp"
#include "http/curl_multi_transport.hpp"

namespace graphpost::delivery {
namespace internal {
namespace {

using namespace std::chrono_literals;

constexpr auto kRescanEvery = 5s;           // QueuedLanes: scheduled and retried messages
constexpr auto kConnectionPollEvery = 60s;  // secret expiry, limits, removed connections
constexpr auto kLaneStatusEvery = 250ms;    // EngineStats::lane_status (in flight, next due)

// The credential's identity: who asks for tokens with which secret (hashed; never kept plain).
std::string CredentialKey(const connections::Connection& c) {
  const std::string secret =
      c.client_secret.Reveal().empty() ? c.certificate_pem : c.client_secret.Reveal();
  return EffectiveLoginUrl(c) + "|" + c.tenant + "|" + c.client_id + "|" + crypto::Sha256(secret);
}

TimePoint Min(std::optional<TimePoint> a, std::optional<TimePoint> b, TimePoint fallback) {
  if (a && b) return std::min(*a, *b);
  if (a) return *a;
  if (b) return *b;
  return fallback;
}

}  // namespace

Engine::Engine(EngineSetup setup)
    : clock_(setup.clock),
      random_(setup.random),
      outbox_(setup.outbox),
      connections_(setup.connections),
      log_(setup.log != nullptr ? *setup.log : null_log_),
      options_(std::move(setup.options)),
      backoff_{.base = options_.backoff_base,
               .cap = options_.backoff_cap,
               .sent_items_delay = options_.sent_items_delay} {
  if (!setup.token_dir.empty()) {
    token_store_ = std::make_unique<app::SealedTokenStore>(setup.token_dir, connections_.vault());
  }
  runtime_ = std::make_unique<app::ClientRuntime>(
      clock_, random_,
      app::ClientRuntimeOptions{.token_store = token_store_.get(),
                                .graph_timeout = options_.graph_timeout});
  token_pool_ = std::make_unique<WorkerPool>(options_.token_threads);
  large_pool_ = std::make_unique<WorkerPool>(options_.large_message_threads);
}

Engine::~Engine() {
  Stop(std::chrono::milliseconds{0});
  // Workers and transports finish (or abort) what they hold; their events are never run.
  large_pool_.reset();
  token_pool_.reset();
  transports_.clear();
  // Store callbacks still to come touch store_ops_ and events_: wait for them.
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return store_ops_.load() <= 0; });
}

void Engine::StoreOpEnded() {
  {
    std::lock_guard lock(mu_);
    --store_ops_;
  }
  cv_.notify_all();
}

Status Engine::Start() {
  const TimePoint now = clock_.WallNow();
  std::promise<Result<std::vector<outbox::LaneKey>>> recovered;
  outbox_.RecoverLeases(now, now + options_.sent_items_delay,
                        [&recovered](Result<std::vector<outbox::LaneKey>> lanes) {
                          recovered.set_value(std::move(lanes));
                        });
  auto lanes = recovered.get_future().get();
  if (!lanes) return Fail(lanes.error());
  auto queued = outbox_.QueuedLanes();
  if (!queued) return Fail(queued.error());
  next_recovery_ = now + options_.lease / 2;
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
  return Ok();
}

void Engine::Notify(const std::vector<outbox::LaneKey>& lanes) {
  Post([this, lanes] {
    const TimePoint now = clock_.WallNow();
    for (const auto& key : lanes) LaneFor(key, now).has_work = true;
  });
}

void Engine::Stop(std::chrono::milliseconds deadline) {
  stopping_ = true;
  {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, deadline,
                 [this] { return active_flights_.load() <= 0 && store_ops_.load() <= 0; });
  }
  if (thread_.joinable()) {
    thread_.request_stop();
    cv_.notify_all();
    thread_.join();
  }
}

EngineStats Engine::Stats() const { return stats_.Snapshot(); }

void Engine::Post(std::function<void()> event) {
  {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
  }
  cv_.notify_all();
}

void Engine::Run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    RunEvents();
    const auto next = Tick(clock_.WallNow());
    FlushBatches();
    WaitForWork(stop, next);
  }
}

void Engine::RunEvents() {
  std::deque<std::function<void()>> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(events_);
  }
  for (auto& event : batch) event();
}

void Engine::WaitForWork(const std::stop_token& stop, std::optional<TimePoint> next) {
  std::chrono::nanoseconds wait = options_.max_idle_wait;
  if (next) {
    wait = std::clamp<std::chrono::nanoseconds>(*next - clock_.WallNow(), 0ns, wait);
  }
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, stop, wait, [this] { return !events_.empty(); });
}

std::optional<TimePoint> Engine::Tick(TimePoint now) {
  if (now >= next_rescan_) Rescan(now);
  if (now >= next_recovery_) RecoverLeases(now);
  if (now >= next_connection_poll_ || now >= next_secret_poll_) PollConnections(now);
  std::optional<TimePoint> next;
  if (!stopping_) {
    for (auto& [key, lane] : lanes_) {
      if (auto wake = Schedule(key, lane, now)) next = Min(next, wake, *wake);
    }
  }
  PublishGauges(now);
  return Min(next, next_rescan_, next_rescan_);
}

void Engine::Rescan(TimePoint now) {
  next_rescan_ = now + kRescanEvery;
  auto queued = outbox_.QueuedLanes();
  if (!queued) return;  // read again at the next rescan
  for (const outbox::LaneSummary& summary : *queued) {
    Lane& lane = LaneFor(summary.lane, now);
    if (lane.has_work || summary.queued == 0) continue;
    lane.due = Min(lane.due, summary.next_due, now);
  }
}

void Engine::RecoverLeases(TimePoint now) {
  next_recovery_ = now + options_.lease / 2;
  StoreOpStarted();
  outbox_.RecoverLeases(now, now + options_.sent_items_delay,
                        [this](Result<std::vector<outbox::LaneKey>> lanes) {
                          if (lanes) Notify(*lanes);
                          StoreOpEnded();
                        });
}

Engine::Lane& Engine::LaneFor(const outbox::LaneKey& key, TimePoint now) {
  auto it = lanes_.find(key);
  if (it != lanes_.end()) return it->second;
  ConnectionState* conn = ConnectionFor(key.connection);
  const LaneLimits limits = conn ? conn->limits : options_.default_limits;
  const auto delivered = outbox_.RecipientsDeliveredSince(key, now - std::chrono::hours{24});
  return lanes_.emplace(key, Lane(LanePacer(limits, now, delivered.value_or(0)))).first->second;
}

std::optional<TimePoint> Engine::Schedule(const outbox::LaneKey& key, Lane& lane, TimePoint now) {
  if (lane.claiming) return std::nullopt;
  if (!lane.has_work) {
    if (!lane.due || *lane.due > now) return lane.due;
    lane.has_work = true;
  }
  if (CredentialState* cred = CredentialOf(key.connection); cred && cred->paused) {
    return std::nullopt;
  }
  const int total_free = options_.max_in_flight_total - static_cast<int>(flights_.size());
  const int capacity = std::min(lane.pacer.Capacity(now), total_free);
  if (capacity <= 0) return total_free <= 0 ? std::nullopt : lane.pacer.NextOpening(now);
  lane.claiming = true;
  StoreOpStarted();
  outbox_.Claim(
      outbox::ClaimRequest{
          .lane = key, .now = now, .limit = capacity, .lease_until = now + options_.lease},
      [this, key, capacity](Result<std::vector<outbox::MessageRecord>> claimed) {
        Post([this, key, capacity, claimed = std::move(claimed)]() mutable {
          OnClaimed(key, capacity, std::move(claimed));
        });
        StoreOpEnded();
      });
  return std::nullopt;
}

void Engine::OnClaimed(const outbox::LaneKey& key, int asked,
                       Result<std::vector<outbox::MessageRecord>> claimed) {
  const TimePoint now = clock_.WallNow();
  Lane& lane = LaneFor(key, now);
  lane.claiming = false;
  if (!claimed) {
    lane.has_work = false;
    lane.due = now + kRescanEvery;
    return;
  }
  if (static_cast<int>(claimed->size()) < asked) {
    // Nothing more due now; a rescan, Notify or a later due time brings the lane back.
    lane.has_work = false;
    if (lane.due && *lane.due <= now) lane.due.reset();
  }
  for (outbox::MessageRecord& record : *claimed) Begin(std::move(record), now);
}

Result<std::unique_ptr<Engine::ConnectionState>> Engine::LoadConnection(const std::string& name) {
  auto connection = connections_.Get(name);
  if (!connection) return Fail(connection.error());
  auto session = runtime_->Open(*connection);
  if (!session) return Fail(session.error());
  auto state = std::make_unique<ConnectionState>();
  state->credential_key = CredentialKey(*connection);
  auto limits = options_.limits_by_connection.find(name);
  state->limits =
      limits == options_.limits_by_connection.end() ? options_.default_limits : limits->second;
  auto& transport = transports_[connection->ca_file];
  if (!transport) {
    transport = std::make_unique<http::CurlMultiTransport>(
        http::CurlMultiOptions{.threads = options_.io_threads, .ca_file = connection->ca_file});
  }
  state->transport = transport.get();
  state->session = std::shared_ptr<app::ConnectionSession>(std::move(*session));
  state->connection = std::move(*connection);
  return state;
}

Engine::ConnectionState* Engine::ConnectionFor(const std::string& name) {
  auto it = connection_states_.find(name);
  if (it != connection_states_.end()) return it->second.get();
  auto loaded = LoadConnection(name);
  if (!loaded) return nullptr;
  credentials_.try_emplace((*loaded)->credential_key);
  return connection_states_.emplace(name, std::move(*loaded)).first->second.get();
}

Engine::CredentialState* Engine::CredentialOf(const std::string& connection) {
  ConnectionState* conn = ConnectionFor(connection);
  if (conn == nullptr) return nullptr;
  return &credentials_[conn->credential_key];
}

// Rotate-secret runs in another process: the store is the only news. A paused credential is
// checked every secret_poll; everything else (expiry dates) every minute.
void Engine::PollConnections(TimePoint now) {
  const bool all = now >= next_connection_poll_;
  next_secret_poll_ = now + options_.secret_poll;
  if (all) next_connection_poll_ = now + kConnectionPollEvery;
  std::map<std::string, double> days_left;
  for (auto& [name, state] : connection_states_) {
    const bool paused = credentials_[state->credential_key].paused;
    if (all || paused) {
      auto current = connections_.Get(name);
      // `updated` has one-second resolution: a secret rotated within the second still shows in
      // the credential's fingerprint.
      if (current && (current->updated != state->connection.updated ||
                      CredentialKey(*current) != state->credential_key)) {
        if (auto reloaded = LoadConnection(name)) {
          if (paused) {
            log_.Info("lanes resumed", {{"connection", name}, {"reason", "credential changed"}});
          }
          credentials_.try_emplace((*reloaded)->credential_key);
          state = std::move(*reloaded);
          for (auto& [key, lane] : lanes_) {
            if (key.connection == name) lane.has_work = true;
          }
        }
      }
    }
    if (state->connection.secret_expires_on) {
      days_left[name] = std::chrono::duration<double, std::ratio<86400>>(
                            *state->connection.secret_expires_on - now)
                            .count();
    }
  }
  // A credential no connection uses any more (its secret was replaced) is forgotten, with its
  // pause and alert.
  std::erase_if(credentials_, [this](const auto& entry) {
    return std::none_of(connection_states_.begin(), connection_states_.end(),
                        [&](const auto& c) { return c.second->credential_key == entry.first; });
  });
  stats_.SetSecretDaysLeft(std::move(days_left));
}

bool Engine::IsPaused(const outbox::LaneKey& key) const {
  auto conn = connection_states_.find(key.connection);
  if (conn == connection_states_.end()) return false;
  auto cred = credentials_.find(conn->second->credential_key);
  return cred != credentials_.end() && cred->second.paused;
}

LaneStatus Engine::StatusOf(const outbox::LaneKey& key, const Lane& lane) const {
  LaneStatus status{.connection = key.connection,
                    .sender = key.sender,
                    .in_flight = lane.pacer.in_flight(),
                    .next_due = lane.has_work ? std::nullopt : lane.due};
  if (!IsPaused(key)) return status;
  const ConnectionState& conn = *connection_states_.at(key.connection);
  PauseAdvice advice =
      AdviseOnPause(conn.connection, credentials_.at(conn.credential_key).pause_error);
  status.paused = true;
  status.reason = std::move(advice.reason);
  status.fix = std::move(advice.fix);
  return status;
}

void Engine::PublishGauges(TimePoint now) {
  std::int64_t paused = 0;
  for (const auto& [key, lane] : lanes_) paused += IsPaused(key) ? 1 : 0;
  // The statuses copy every lane's names, and Tick runs after each batch of events: they are
  // rebuilt every kLaneStatusEvery, or at once when the number of lanes or of paused lanes
  // changes, so the console's list never disagrees with the paused gauge.
  const auto lanes = static_cast<std::int64_t>(lanes_.size());
  if (now >= next_lane_status_ || lanes != published_lanes_ || paused != published_paused_) {
    next_lane_status_ = now + kLaneStatusEvery;
    published_lanes_ = lanes;
    published_paused_ = paused;
    std::vector<LaneStatus> statuses;
    statuses.reserve(lanes_.size());
    for (const auto& [key, lane] : lanes_) statuses.push_back(StatusOf(key, lane));
    stats_.SetLanes(lanes, paused, std::move(statuses));
  }
  std::vector<std::string> alerts;
  for (const auto& [key, cred] : credentials_) {
    if (!cred.alert.empty()) alerts.push_back(cred.alert);
  }
  stats_.SetAlerts(std::move(alerts));
  stats_.SetTokenRequests(static_cast<std::int64_t>(runtime_->token_requests()));
}

}  // namespace internal

Result<std::unique_ptr<DeliveryEngine>> MakeDeliveryEngine(EngineSetup setup) {
  return std::unique_ptr<DeliveryEngine>(std::make_unique<internal::Engine>(std::move(setup)));
}

}  // namespace graphpost::delivery
