// Graph JSON batching: sendMail calls of one credential that become ready in the same turn of the
// engine's loop go out together in one POST /$batch (at most 20, at most 4 per mailbox, as Graph
// runs at most 4 requests of a batch against one mailbox at a time). Each inner answer is then
// handled exactly like a direct one; a batch that failed as a whole fails each of its requests
// the same way (a lost batch answer leaves every send in it ambiguous).
#include <string>

#include "core/ids.hpp"
#include "delivery/internal/engine.hpp"
#include "graph/batch.hpp"
#include "graph/mail_requests.hpp"

namespace graphpost::delivery::internal {
namespace {

constexpr int kMaxPerMailbox = 4;
constexpr std::string_view kBatchOperation = "graph $batch";

Error Ambiguous(std::string why) {
  Error e;
  e.code = ErrorCode::kDeadlineExceeded;
  e.message = std::string(kBatchOperation) + ": " + std::move(why);
  return e;
}

}  // namespace

void Engine::QueueForBatch(std::uint64_t id, graph::GraphCall call) {
  Flight& flight = flights_.at(id);
  const std::string key = ConnectionFor(flight.record.lane.connection)->credential_key;
  const std::string& sender = flight.record.lane.sender;
  if (batches_[key].per_mailbox[sender] >= kMaxPerMailbox) FlushBatch(key);
  PendingBatch& batch = batches_[key];
  flight.call = std::move(call);
  batch.flights.push_back(id);
  ++batch.per_mailbox[sender];
  if (batch.flights.size() >= graph::kMaxBatchRequests) FlushBatch(key);
}

void Engine::FlushBatches() {
  while (!batches_.empty()) FlushBatch(batches_.begin()->first);
}

void Engine::FlushBatch(const std::string& credential_key) {
  auto it = batches_.find(credential_key);
  if (it == batches_.end()) return;
  std::vector<std::uint64_t> ids = std::move(it->second.flights);
  batches_.erase(it);
  if (ids.empty()) return;
  if (ids.size() == 1) {  // a batch of one costs more than the call itself
    Flight& flight = flights_.at(ids.front());
    return StartGraphCall(ids.front(), *flight.call, graph::kSendMailOperation);
  }
  std::vector<graph::BatchRequest> requests;
  for (std::uint64_t id : ids) {
    const graph::GraphCall& call = *flights_.at(id).call;
    graph::BatchRequest r{.id = std::to_string(id), .method = call.method, .url = call.path};
    r.headers.Set("Content-Type", call.content_type);
    r.body = call.body;
    requests.push_back(std::move(r));
  }
  auto body = graph::BuildBatchBody(requests);
  if (!body) {
    for (std::uint64_t id : ids) FailMessage(id, body.error(), "internal");
    return;
  }
  const Flight& first = flights_.at(ids.front());
  ConnectionState* conn = ConnectionFor(first.record.lane.connection);
  const Secret token = *first.token;
  http::ClientRequest request = graph::BuildGraphRequest(
      graph::GraphCall{"POST", "/$batch", "application/json", std::move(*body)},
      conn->session->graph_base, token, NewGuid(random_), options_.graph_timeout);
  stats_.RequestStarted();
  const auto started = clock_.MonotonicNow();
  conn->transport->Start(
      std::move(request), [this, ids, token, started](Result<http::ClientResponse> answer) {
        stats_.RequestEnded(clock_.MonotonicNow() - started, answer ? answer->status : 0);
        Post([this, ids, token, answer = std::move(answer)]() mutable {
          OnBatchAnswer(ids, std::move(answer), token);
        });
      });
}

void Engine::OnBatchAnswer(const std::vector<std::uint64_t>& ids,
                           Result<http::ClientResponse> answer, const Secret& token) {
  auto whole = graph::GraphAnswer(std::move(answer), kBatchOperation, token);
  if (!whole) {
    for (std::uint64_t id : ids) OnAnswer(id, Fail(whole.error()));
    return;
  }
  auto answers = graph::ParseBatchAnswer(whole->body);
  for (std::uint64_t id : ids) {
    auto it = flights_.find(id);
    if (it == flights_.end()) continue;
    it->second.call.reset();
    const graph::BatchAnswer* inner =
        answers ? graph::FindAnswer(*answers, std::to_string(id)) : nullptr;
    if (inner == nullptr) {
      OnAnswer(id, Fail(Ambiguous(answers ? "no answer for this request in the batch"
                                          : answers.error().message)));
      continue;
    }
    it->second.http_status = inner->response.status;
    if (inner->response.status == 429) stats_.Throttled();
    OnAnswer(id, graph::GraphAnswer(inner->response, graph::kSendMailOperation, token));
  }
}

}  // namespace graphpost::delivery::internal
