// api/api.hpp — the gateway's REST API (docs/gateway.md, "The API"; docs/openapi.json): submit one
// message or a batch, get, list, cancel and retry messages, each API key seeing only its own.
// Requests arrive as http values; the API never touches sockets. A submission is answered (202)
// only from the outbox's Submit callback, i.e. once the messages are durable.
//
// Owns nothing: the outbox, clock, random source and connection directory are borrowed and must
// outlive the Api; `notify` is called (on the outbox's writer thread) with the lanes of newly
// committed or retried messages. Thread-safe: Admit and Handle may run concurrently on any threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "api/connection_directory.hpp"
#include "api/key_cache.hpp"
#include "api/problem.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/message.hpp"
#include "message/api_message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::api {

struct ApiOptions {
  std::size_t max_message_request_bytes = 40 * 1024 * 1024;  // POST /v1/messages
  std::size_t max_batch_request_bytes = 100 * 1024 * 1024;   // POST /v1/messages/batch
  std::size_t max_other_request_bytes = 64 * 1024;           // every other request
  int max_batch_messages = 1000;
  message::ParseLimits message_limits;               // recipients, Exchange's size limit
  std::chrono::seconds unavailable_retry_after{30};  // Retry-After of a 503 from the outbox
  // How long a key found in the outbox is trusted without reading it again: a revoked key stops
  // working within this time. 0 reads the outbox on every request.
  std::chrono::milliseconds key_cache_ttl{1000};
};

using NotifyLanes = std::function<void(const std::vector<outbox::LaneKey>&)>;
using Respond = std::function<void(http::Response)>;

struct ApiSetup {
  outbox::OutboxStore& outbox;
  Clock& clock;
  Random& random;
  ConnectionDirectory& connections;
  NotifyLanes notify;  // the delivery engine's Notify; may be empty
  ApiOptions options;
};

class Api {
 public:
  explicit Api(ApiSetup setup);

  // Decides from the head alone: 401 problem for a missing, unknown or revoked API key (except
  // GET /v1/openapi.json, which is public), 413 problem when Content-Length is over the route's
  // limit; otherwise accepts a body up to that limit.
  http::Admission Admit(const http::Request& head);

  // Answers `request` by calling `respond` exactly once: at once for reads and refusals, from the
  // outbox's callback (its writer thread) for writes. Never throws.
  void Handle(http::Request request, Respond respond);

 private:
  struct Context;

  std::size_t BodyLimit(const http::Request& head) const;
  // The request's key, or the problem to answer (401, or 503 when the outbox cannot be read).
  Expected<outbox::ApiKeyRecord, Problem> Authenticate(const http::Headers& headers);
  void Route(Context& context);
  void SubmitOne(Context& context);
  void SubmitBatch(Context& context);
  void GetMessage(Context& context);
  void ListMessages(Context& context);
  void Cancel(Context& context);
  void Retry(Context& context);
  // Commits `submission` and answers from the outbox's callback; notifies `lanes` once stored.
  void Commit(outbox::Submission submission, std::vector<outbox::LaneKey> lanes, Respond respond);
  // Answers a cancel or retry; with an Idempotency-Key, through the outbox's idempotency record.
  void AnswerChange(Context& context, http::Response response);
  outbox::MessageRecord NewRecord(message::ApiMessage m, outbox::LaneKey lane,
                                  const outbox::ApiKeyRecord& key);
  std::optional<std::string> KeyScope(const outbox::ApiKeyRecord& key) const;

  outbox::OutboxStore& outbox_;
  Clock& clock_;
  Random& random_;
  ConnectionDirectory& connections_;
  NotifyLanes notify_;
  ApiOptions options_;
  KeyCache keys_;
};

}  // namespace graphpost::api
