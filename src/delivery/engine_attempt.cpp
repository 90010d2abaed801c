// One attempt's life on the engine's thread: claimed → (token) → [Sent Items lookup] → sendMail
// (or the synchronous client for a large message) → settled in the outbox as delivered, queued
// again (retry, or verify first after an ambiguous end), failed or expired.
#include <utility>

#include "core/ids.hpp"
#include "delivery/internal/engine.hpp"
#include "delivery/pause_advice.hpp"
#include "doctor/send_advice.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/mail_requests.hpp"
#include "graph/reliable_send.hpp"
#include "message/api_message.hpp"
#include "message/stored_mime.hpp"

namespace graphpost::delivery::internal {
namespace {

using namespace std::chrono_literals;

// A token this close to its end is not used for a new request (the request may be slow).
constexpr auto kTokenMargin = 60s;

Error MakeError(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

std::string FieldErrorsText(const std::vector<message::FieldError>& errors) {
  std::string text = "the stored message does not parse:";
  for (const auto& e : errors) text += " " + e.path + ": " + e.detail + ";";
  return text;
}

// The lookup failed in a way no wait will change (no read permission, mailbox unknown, ...).
bool LookupRefusedForGood(const Error& e) { return !IsRetryable(e); }

}  // namespace

void Engine::Begin(outbox::MessageRecord record, TimePoint now) {
  const std::uint64_t id = next_flight_++;
  Flight& flight = flights_[id];
  ++active_flights_;
  flight.started = now;
  flight.record = std::move(record);
  LaneFor(flight.record.lane, now).pacer.Started(now);
  const outbox::MessageRecord& r = flight.record;
  if (r.expires_at && *r.expires_at <= now) {
    return FailMessage(id, MakeError(ErrorCode::kDeadlineExceeded, "the time to live ran out"),
                       "expired");
  }
  if (message::IsStoredMime(r.payload)) {
    if (auto parsed = ParseSmtpMessage(flight); !parsed) {
      return FailMessage(id, parsed.error(), "invalid_message");
    }
  } else {
    auto parsed = message::ParseApiMessage(r.payload);
    if (!parsed) {
      return FailMessage(id,
                         MakeError(ErrorCode::kInvalidArgument, FieldErrorsText(parsed.error())),
                         "invalid_message");
    }
    flight.message = std::move(parsed->message);
    flight.message.extended_properties.emplace_back(graph::kMessageIdProperty, r.id);
  }
  flight.record.payload.clear();
  if (ConnectionFor(r.lane.connection) == nullptr) {
    return FailMessage(id,
                       MakeError(ErrorCode::kNotFound, "connection '" + r.lane.connection +
                                                           "' does not exist or cannot be opened"),
                       "connection_not_found");
  }
  const LanePacer& pacer = LaneFor(r.lane, now).pacer;
  if (pacer.limits().recipients_per_day > 0 && r.recipients > pacer.limits().recipients_per_day) {
    return FailMessage(
        id,
        MakeError(ErrorCode::kInvalidArgument, "more recipients than the mailbox's daily budget"),
        "recipient_budget");
  }
  if (auto frees = pacer.BudgetFreesAt(now, r.recipients)) {
    const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(*frees - now);
    return Requeue(
        id, delay, "retry",
        MakeError(ErrorCode::kThrottled, "the mailbox's 24-hour recipient budget is spent"),
        r.verify_before_send);
  }
  if (r.verify_before_send && !flight.message.save_to_sent_items) flight.at_least_once = true;
  WithToken(id);
}

void Engine::WithToken(std::uint64_t id) {
  Flight& flight = flights_.at(id);
  ConnectionState* conn = ConnectionFor(flight.record.lane.connection);
  CredentialState& cred = credentials_[conn->credential_key];
  if (cred.token && cred.token->expires_at > clock_.MonotonicNow() + kTokenMargin) {
    flight.token = cred.token->value;
    return Dispatch(id);
  }
  if (cred.paused) {
    // Claimed just before its credential was paused: back to the queue, no token request.
    return Requeue(id, 0ms, "retry", cred.pause_error, flight.record.verify_before_send);
  }
  flight.phase = Phase::kWaitingForToken;
  cred.waiting.push_back(id);
  if (!cred.fetching) FetchToken(conn->credential_key, *conn);
}

void Engine::FetchToken(const std::string& credential_key, ConnectionState& conn) {
  credentials_[credential_key].fetching = true;
  std::shared_ptr<app::ConnectionSession> session = conn.session;
  token_pool_->Submit([this, session, credential_key] {
    auto token = session->tokens->GetToken();
    Post([this, credential_key, token = std::move(token)]() mutable {
      OnToken(credential_key, std::move(token));
    });
  });
}

void Engine::OnToken(const std::string& credential_key, Result<auth::AccessToken> token) {
  CredentialState& cred = credentials_[credential_key];
  cred.fetching = false;
  std::vector<std::uint64_t> waiting = std::exchange(cred.waiting, {});
  if (token) {
    cred.token = std::move(*token);
    for (std::uint64_t id : waiting) WithToken(id);
    return;
  }
  const Error& e = token.error();
  const std::string connection =
      waiting.empty() ? std::string() : flights_.at(waiting.front()).record.lane.connection;
  if (!IsRetryable(e) && !waiting.empty()) {
    // Expired secret, disabled or deleted app: every further request would fail the same way.
    connections::Connection c = connection_states_.at(connection)->connection;
    cred.paused = true;
    cred.pause_error = e;
    cred.alert = AdviseOnPause(c, e).alert;
  }
  LogTokenFailure(connection, e, cred.paused);
  for (std::uint64_t id : waiting) {
    const int failures = flights_.at(id).record.attempts;
    Requeue(id, cred.paused ? 0ms : BackoffDelay(failures, e, backoff_, random_), "retry", e,
            flights_.at(id).record.verify_before_send);
  }
}

void Engine::Dispatch(std::uint64_t id) {
  Flight& flight = flights_.at(id);
  const outbox::MessageRecord& r = flight.record;
  if (r.verify_before_send && flight.message.save_to_sent_items && !flight.looked_up) {
    if (std::optional<graph::GraphCall> lookup = SentItemsLookup(flight)) {
      flight.phase = Phase::kLookingUp;
      return StartGraphCall(id, *lookup, graph::kFindMessageOperation);
    }
    flight.looked_up = true;  // nothing to find it by: sent again, at least once
    flight.at_least_once = true;
  }
  flight.phase = Phase::kSending;
  if (flight.smtp) return SendMime(id);
  auto call = graph::JsonSendMailCall(r.lane.sender, flight.message, GraphOptions());
  if (!call) return SendLarge(id);
  if (auto valid = graph::ValidateMessage(flight.message); !valid) {
    return FailMessage(id, valid.error(), CauseOf(valid.error()));
  }
  if (options_.use_batch) return QueueForBatch(id, std::move(*call));
  StartGraphCall(id, *call, graph::kSendMailOperation);
}

void Engine::StartGraphCall(std::uint64_t id, const graph::GraphCall& call,
                            std::string_view operation) {
  Flight& flight = flights_.at(id);
  ConnectionState* conn = ConnectionFor(flight.record.lane.connection);
  http::ClientRequest request = graph::BuildGraphRequest(
      call, conn->session->graph_base, *flight.token, NewGuid(random_), options_.graph_timeout);
  stats_.RequestStarted();
  const auto started = clock_.MonotonicNow();
  conn->transport->Start(std::move(request),
                         [this, id, started, token = *flight.token,
                          operation = std::string(operation)](Result<http::ClientResponse> r) {
                           stats_.RequestEnded(clock_.MonotonicNow() - started, r ? r->status : 0);
                           const int status = r ? r->status : 0;
                           auto answer = graph::GraphAnswer(std::move(r), operation, token);
                           Post([this, id, status, answer = std::move(answer)]() mutable {
                             if (auto it = flights_.find(id); it != flights_.end())
                               it->second.http_status = status;
                             OnAnswer(id, std::move(answer));
                           });
                         });
}

graph::GraphClientOptions Engine::GraphOptions() const {
  graph::GraphClientOptions options;
  options.max_request_bytes = options_.max_request_bytes;
  return options;
}

void Engine::SendLarge(std::uint64_t id) {
  Flight& flight = flights_.at(id);
  flight.via = "json-large";
  std::shared_ptr<app::ConnectionSession> session =
      ConnectionFor(flight.record.lane.connection)->session;
  large_pool_->Submit(
      [this, id, session, sender = flight.record.lane.sender, message = flight.message] {
        Status sent = session->graph->SendMail(sender, message);
        Post([this, id, sent = std::move(sent)] { OnSendAnswer(id, sent); });
      });
}

void Engine::OnAnswer(std::uint64_t id, Result<http::ClientResponse> answer) {
  auto it = flights_.find(id);
  if (it == flights_.end()) return;
  if (it->second.phase == Phase::kLookingUp) return OnLookupAnswer(id, std::move(answer));
  OnSendAnswer(id, answer ? Ok() : Status(Fail(answer.error())));
}

// A 401 from Graph: the cached token was revoked or expired early; one fresh token, one more try.
bool Engine::RefreshTokenOnce(std::uint64_t id, const Error& error) {
  Flight& flight = flights_.at(id);
  if (error.code != ErrorCode::kUnauthenticated || flight.token_refreshed || !flight.token) {
    return false;
  }
  flight.token_refreshed = true;
  ConnectionState* conn = ConnectionFor(flight.record.lane.connection);
  conn->session->tokens->Invalidate(*flight.token);
  CredentialState& cred = credentials_[conn->credential_key];
  if (cred.token && cred.token->value.Reveal() == flight.token->Reveal()) cred.token.reset();
  WithToken(id);
  return true;
}

void Engine::OnSendAnswer(std::uint64_t id, Status sent) {
  auto it = flights_.find(id);
  if (it == flights_.end()) return;
  Flight& flight = it->second;
  if (sent) {
    const bool exactly = flight.message.save_to_sent_items && !flight.at_least_once;
    return Settle(id,
                  outbox::AttemptResult{.message_id = flight.record.id,
                                        .attempt = {.outcome = "sent"},
                                        .new_state = outbox::MessageState::kDelivered,
                                        .guarantee = exactly ? outbox::Guarantee::kExactlyOnce
                                                             : outbox::Guarantee::kAtLeastOnce});
  }
  const Error& e = sent.error();
  if (RefreshTokenOnce(id, e)) return;
  const Disposition next = AfterFailure(flight.record.attempts, e, backoff_, random_);
  switch (next.step) {
    case NextStep::kRetry:
      return Requeue(id, next.delay, "retry", e, false);
    case NextStep::kVerifyThenRetry:
      return Requeue(id, next.delay, "unknown", e, true);
    case NextStep::kFail:
      return FailMessage(id, e, next.cause);
  }
}

void Engine::OnLookupAnswer(std::uint64_t id, Result<http::ClientResponse> answer) {
  Flight& flight = flights_.at(id);
  Result<std::optional<graph::FoundMessage>> found =
      answer ? graph::FirstMessageOfListing(*answer, graph::kFindMessageOperation)
             : Result<std::optional<graph::FoundMessage>>(Fail(answer.error()));
  if (found && found->has_value()) {
    LogLookup(flight, "found", nullptr);
    return Settle(id, outbox::AttemptResult{.message_id = flight.record.id,
                                            .attempt = {.outcome = "found-in-sent-items"},
                                            .new_state = outbox::MessageState::kDelivered,
                                            .guarantee = outbox::Guarantee::kExactlyOnce});
  }
  if (!found && RefreshTokenOnce(id, found.error())) return;
  if (!found && !LookupRefusedForGood(found.error())) {
    LogLookup(flight, "retry", &found.error());
    const auto delay = BackoffDelay(flight.record.attempts, found.error(), backoff_, random_);
    return Requeue(id, delay, "retry", found.error(), true);
  }
  // Not in Sent Items: never sent, safe to send. Unreadable: send anyway, at least once.
  flight.looked_up = true;
  if (!found) flight.at_least_once = true;
  LogLookup(flight, found ? "not-found" : "unreadable", found ? nullptr : &found.error());
  Dispatch(id);
}

void Engine::Requeue(std::uint64_t id, std::chrono::milliseconds delay, const std::string& outcome,
                     const Error& error, bool verify) {
  const Flight& flight = flights_.at(id);
  const TimePoint next = clock_.WallNow() + delay;
  if (flight.record.expires_at && next >= *flight.record.expires_at) {
    return FailMessage(id,
                       MakeError(ErrorCode::kDeadlineExceeded,
                                 "the time to live ran out while retrying: " + error.message),
                       "expired");
  }
  const std::string cause = CauseOf(error);
  Settle(id, outbox::AttemptResult{
                 .message_id = flight.record.id,
                 .attempt = {.outcome = outcome, .cause = cause, .detail = error.message},
                 .new_state = outbox::MessageState::kQueued,
                 .next_attempt_at = next,
                 .verify_before_send = verify,
                 .cause = cause,
                 .detail = error.message});
}

void Engine::FailMessage(std::uint64_t id, const Error& error, std::string cause) {
  const Flight& flight = flights_.at(id);
  std::string fix;
  if (auto conn = connection_states_.find(flight.record.lane.connection);
      conn != connection_states_.end() && cause != "expired") {
    connections::Connection c = conn->second->connection;
    c.user_id = flight.record.lane.sender;
    fix = doctor::AdviseOnSendFailure(c, error).fix;
  }
  SettleFailed(id, std::move(cause), error.message, std::move(fix));
}

void Engine::SettleFailed(std::uint64_t id, std::string cause, std::string detail,
                          std::string fix) {
  const Flight& flight = flights_.at(id);
  const bool expired = cause == "expired";
  Settle(
      id,
      outbox::AttemptResult{
          .message_id = flight.record.id,
          .attempt = {.outcome = expired ? "expired" : "failed", .cause = cause, .detail = detail},
          .new_state = expired ? outbox::MessageState::kExpired : outbox::MessageState::kFailed,
          .cause = cause,
          .detail = std::move(detail),
          .fix = std::move(fix)});
}

void Engine::Settle(std::uint64_t id, outbox::AttemptResult result) {
  auto it = flights_.find(id);
  Flight& flight = it->second;
  const TimePoint now = clock_.WallNow();
  result.attempt.number = flight.record.attempts;
  result.attempt.started_at = flight.started;
  result.attempt.ended_at = now;
  result.attempt.http_status = flight.http_status;
  LogAttempt(flight, result, now);
  stats_.Attempt(result.attempt.outcome, result.attempt.cause);
  Lane& lane = LaneFor(flight.record.lane, now);
  lane.pacer.Finished();
  if (result.new_state == outbox::MessageState::kDelivered) {
    lane.pacer.Delivered(now, flight.record.recipients);
  }
  if (result.new_state == outbox::MessageState::kQueued) {
    lane.due = std::min(lane.due.value_or(result.next_attempt_at), result.next_attempt_at);
  }
  flights_.erase(it);
  --active_flights_;
  StoreOpStarted();
  outbox_.Finish({std::move(result)}, [this](Status) { StoreOpEnded(); });
}

// One record per finished attempt: retries and successes at info, failures and expiries at warn.
// No error text: it may quote what a remote service answered.
void Engine::LogAttempt(const Flight& flight, const outbox::AttemptResult& result, TimePoint now) {
  const std::string& outcome = result.attempt.outcome;
  const log::Level level =
      outcome == "failed" || outcome == "expired" ? log::Level::kWarn : log::Level::kInfo;
  log_.Log(level, "delivery attempt",
           {{"message_id", flight.record.id},
            {"connection", flight.record.lane.connection},
            {"mailbox", flight.record.lane.sender},
            {"outcome", outcome},
            {"http_status", result.attempt.http_status},
            {"cause", result.attempt.cause},
            {"attempt", result.attempt.number},
            {"via", flight.via},
            {"latency_ms", now - flight.started}});
}

// `result`: "found", "not-found", "unreadable" (sent anyway, at least once) or "retry".
void Engine::LogLookup(const Flight& flight, std::string_view result, const Error* error) {
  log_.Info("sent items lookup", {{"message_id", flight.record.id},
                                  {"connection", flight.record.lane.connection},
                                  {"mailbox", flight.record.lane.sender},
                                  {"result", result},
                                  {"http_status", flight.http_status},
                                  {"cause", error != nullptr ? CauseOf(*error) : ""}});
}

// The Entra code (AADSTS…) names the cause; the error text is not logged (it may quote the
// token endpoint's answer). A refusal for good pauses the credential's lanes.
void Engine::LogTokenFailure(const std::string& connection, const Error& error, bool paused) {
  log_.Warn("token request failed", {{"connection", connection},
                                     {"code", error.code},
                                     {"aadsts", error.remote_code},
                                     {"cause", CauseOf(error)}});
  if (paused) {
    log_.Warn(
        "lanes paused",
        {{"connection", connection}, {"reason", CauseOf(error)}, {"aadsts", error.remote_code}});
  }
}

}  // namespace graphpost::delivery::internal
