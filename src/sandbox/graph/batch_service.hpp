// sandbox/graph/batch_service.hpp — Graph JSON batching, POST /v1.0/$batch (docs/sandbox.md
// "JSON batching", docs/protocol-notes.md "JSON batching"). Each request of a batch is served by
// `inner` exactly as a direct call would be (token, mailbox, authorizer, faults, limits,
// endpoint), so it is counted against the per-mailbox limits and may be throttled (429 with
// Retry-After in its own headers) or fail on its own while the batch answers 200.
//
// Timing as Graph does it: at most kMaxParallel requests of a batch run at a time, whatever their
// mailboxes; a request starts once the requests it dependsOn have finished, and answers 424 when
// one of them failed. The sandbox runs the requests at once, in the order that schedule gives,
// and simulates their durations: each request takes its injected latency, and the batch's answer
// is delayed by the schedule's length. A request's (app, mailbox) concurrency slot is released
// when a later request of the batch starts in the schedule, and at the latest when the batch's
// answer has been written. A dropped connection drawn for any request drops the batch's
// connection (after the other requests ran: the caller cannot tell which did). Answers are listed
// in the order they finished, not the order sent.
//
// Thread-safe if `inner` is: Handle() runs on many server threads and keeps no state between
// calls.
#pragma once

#include <optional>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/message.hpp"
#include "sandbox/graph/token_verifier.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::graph {

class BatchService {
 public:
  static constexpr int kMaxParallel = 4;

  // `key` (World::signing_key), `clock` and `random` must outlive the service. `inner` serves one
  // Graph request (path /v1.0/...) and is called on the thread that calls Handle().
  BatchService(const SigningKey& key, http::Handler inner, Clock& clock, Random& random);

  // nullopt when `request` is not for /v1.0/$batch. Otherwise 401 for a missing or invalid
  // token, 405 for a method other than POST, 400 for a malformed batch (batch_request.hpp), else
  // 200 {"responses":[{"id","status","headers",["body"]}]}: a JSON body as JSON, any other body
  // base64, no body member when there is none.
  std::optional<http::Response> Handle(const http::Request& request);

 private:
  ResponseContext NewContext(const http::Request& request);

  TokenVerifier tokens_;
  http::Handler inner_;
  Clock& clock_;
  Random& random_;
};

}  // namespace graphpost::sandbox::graph
