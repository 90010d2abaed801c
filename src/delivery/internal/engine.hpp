// delivery/internal/engine.hpp — the delivery engine behind MakeDeliveryEngine. One thread (the
// engine's) owns all scheduling state: lanes, connections, credentials and the attempts in
// flight. Everything else (HTTP answers from the curl event loops, outbox callbacks from the
// store's writer, token and large-message results from the worker pools) is posted to it as an
// event, so the state needs no lock. Thread-safe through the DeliveryEngine surface.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/client_runtime.hpp"
#include "auth/token_store.hpp"
#include "core/worker_pool.hpp"
#include "delivery/attempt_outcome.hpp"
#include "delivery/delivery_engine.hpp"
#include "delivery/lane_pacer.hpp"
#include "delivery/stats_recorder.hpp"
#include "graph/graph_call.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/mail_message.hpp"
#include "http/async_transport.hpp"
#include "log/logger.hpp"

namespace graphpost::delivery::internal {

using TimePoint = std::chrono::system_clock::time_point;

class Engine final : public DeliveryEngine {
 public:
  explicit Engine(EngineSetup setup);
  ~Engine() override;

  [[nodiscard]] Status Start() override;
  void Notify(const std::vector<outbox::LaneKey>& lanes) override;
  void Stop(std::chrono::milliseconds deadline) override;
  EngineStats Stats() const override;

 private:
  // A connection as the engine uses it. The session is shared with worker-pool jobs that may
  // still run after the connection was reloaded (secret rotated).
  struct ConnectionState {
    connections::Connection connection;  // secrets included; never logged
    std::shared_ptr<app::ConnectionSession> session;
    std::string credential_key;
    LaneLimits limits;
    http::AsyncHttpTransport* transport = nullptr;
  };
  // One app credential (tenant, client, secret): one token, fetched by one request at a time.
  struct CredentialState {
    std::optional<auth::AccessToken> token;
    bool fetching = false;
    bool paused = false;  // the token endpoint refused it for good; resumes on a new secret
    std::string alert;
    Error pause_error;                   // the token endpoint's refusal, while paused
    std::vector<std::uint64_t> waiting;  // flights waiting for the token
  };
  struct Lane {
    explicit Lane(LanePacer p) : pacer(std::move(p)) {}
    LanePacer pacer;
    bool has_work = true;          // may hold due messages
    std::optional<TimePoint> due;  // when !has_work: the earliest known due time
    bool claiming = false;
  };
  enum class Phase { kWaitingForToken, kLookingUp, kSending };
  // A message that came in over SMTP (message/stored_mime.hpp), ready to send as MIME.
  struct SmtpMessage {
    std::string mime;                 // as the client sent it, header recipients = the envelope's
    std::string internet_message_id;  // its Message-ID ("<...>"); empty: cannot be looked up
  };
  struct Flight {
    outbox::MessageRecord record;     // payload dropped once parsed
    graph::OutgoingMessage message;   // an API message; for an SMTP one only save_to_sent_items
    std::optional<SmtpMessage> smtp;  // set for a message that came in over SMTP
    std::string_view via = "json";    // how it went: json, json-large, mime, mime-draft
    TimePoint started;
    Phase phase = Phase::kWaitingForToken;
    bool looked_up = false;      // Sent Items said "not sent", or cannot be read
    bool at_least_once = false;  // a resend that could not be checked first
    bool token_refreshed = false;
    int http_status = 0;
    std::optional<Secret> token;
    std::optional<graph::GraphCall> call;  // while waiting in a $batch
  };
  // sendMail calls of one credential waiting to go out together in one $batch.
  struct PendingBatch {
    std::vector<std::uint64_t> flights;
    std::map<std::string, int> per_mailbox;
  };

  // --- the engine's thread ---
  void Run(const std::stop_token& stop);
  void Post(std::function<void()> event);
  void RunEvents();
  std::optional<TimePoint> Tick(TimePoint now);
  void WaitForWork(const std::stop_token& stop, std::optional<TimePoint> next);
  void Rescan(TimePoint now);
  void RecoverLeases(TimePoint now);
  std::optional<TimePoint> Schedule(const outbox::LaneKey& key, Lane& lane, TimePoint now);
  void OnClaimed(const outbox::LaneKey& key, int asked,
                 Result<std::vector<outbox::MessageRecord>> claimed);
  Lane& LaneFor(const outbox::LaneKey& key, TimePoint now);
  ConnectionState* ConnectionFor(const std::string& name);
  [[nodiscard]] Result<std::unique_ptr<ConnectionState>> LoadConnection(const std::string& name);
  CredentialState* CredentialOf(const std::string& connection);
  void PollConnections(TimePoint now);
  void PublishGauges(TimePoint now);
  [[nodiscard]] bool IsPaused(const outbox::LaneKey& key) const;
  // The lane as the console shows it; paused (with reason and fix) when its credential is.
  [[nodiscard]] LaneStatus StatusOf(const outbox::LaneKey& key, const Lane& lane) const;
  void StoreOpStarted() { ++store_ops_; }
  void StoreOpEnded();

  // --- one attempt ---
  void Begin(outbox::MessageRecord record, TimePoint now);
  void WithToken(std::uint64_t id);
  void FetchToken(const std::string& credential_key, ConnectionState& conn);
  void OnToken(const std::string& credential_key, Result<auth::AccessToken> token);
  void Dispatch(std::uint64_t id);
  void StartGraphCall(std::uint64_t id, const graph::GraphCall& call, std::string_view operation);
  void SendLarge(std::uint64_t id);
  [[nodiscard]] graph::GraphClientOptions GraphOptions() const;
  // --- SMTP (MIME) messages: engine_mime.cpp ---
  [[nodiscard]] Status ParseSmtpMessage(Flight& flight);
  [[nodiscard]] std::optional<graph::GraphCall> SentItemsLookup(const Flight& flight) const;
  void SendMime(std::uint64_t id);
  void SendLargeMime(std::uint64_t id);
  void OnDraftAnswer(std::uint64_t id, Status sent, bool draft_refused);
  void FailDraftRefused(std::uint64_t id, const Error& error);
  void QueueForBatch(std::uint64_t id, graph::GraphCall call);
  void FlushBatches();
  void FlushBatch(const std::string& credential_key);
  void OnBatchAnswer(const std::vector<std::uint64_t>& ids, Result<http::ClientResponse> answer,
                     const Secret& token);
  void OnAnswer(std::uint64_t id, Result<http::ClientResponse> answer);
  void OnSendAnswer(std::uint64_t id, Status sent);
  void OnLookupAnswer(std::uint64_t id, Result<http::ClientResponse> answer);
  bool RefreshTokenOnce(std::uint64_t id, const Error& error);
  void Requeue(std::uint64_t id, std::chrono::milliseconds delay, const std::string& outcome,
               const Error& error, bool verify);
  void Settle(std::uint64_t id, outbox::AttemptResult result);
  void FailMessage(std::uint64_t id, const Error& error, std::string cause);
  void SettleFailed(std::uint64_t id, std::string cause, std::string detail, std::string fix);
  void LogAttempt(const Flight& flight, const outbox::AttemptResult& result, TimePoint now);
  void LogLookup(const Flight& flight, std::string_view result, const Error* error);
  void LogTokenFailure(const std::string& connection, const Error& error, bool paused);

  Clock& clock_;
  Random& random_;
  outbox::OutboxStore& outbox_;
  connections::ConnectionStore& connections_;
  log::NullLogger null_log_;
  log::Logger& log_;  // setup.log, or null_log_
  const EngineOptions options_;
  const BackoffOptions backoff_;

  StatsRecorder stats_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> active_flights_{0};  // mirrors flights_.size() for Stop()
  std::atomic<std::int64_t> store_ops_{0};       // store calls whose callback has not run yet
  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<std::function<void()>> events_;  // Guarded by mu_.

  // Engine thread only.
  std::map<outbox::LaneKey, Lane> lanes_;
  std::map<std::string, std::unique_ptr<ConnectionState>> connection_states_;
  std::map<std::string, CredentialState> credentials_;
  std::map<std::uint64_t, Flight> flights_;
  std::map<std::string, PendingBatch> batches_;  // by credential key
  std::uint64_t next_flight_ = 1;
  TimePoint next_rescan_{}, next_recovery_{}, next_secret_poll_{}, next_connection_poll_{};
  TimePoint next_lane_status_{};
  std::int64_t published_lanes_ = -1, published_paused_ = -1;  // as last given to stats_

  // Destroyed before the state above (reverse order), so their last callbacks find it alive.
  std::unique_ptr<auth::TokenStore> token_store_;
  std::unique_ptr<app::ClientRuntime> runtime_;
  std::map<std::string, std::unique_ptr<http::AsyncHttpTransport>> transports_;  // by CA file
  std::unique_ptr<WorkerPool> token_pool_;
  std::unique_ptr<WorkerPool> large_pool_;
  std::jthread thread_;
};

}  // namespace graphpost::delivery::internal
