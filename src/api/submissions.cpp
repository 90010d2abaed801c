// Api: submissions (POST /v1/messages and POST /v1/messages/batch) and their durable commit.
#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "api/api.hpp"
#include "api/internal/request_context.hpp"
#include "api/message_view.hpp"
#include "api/sender_policy.hpp"
#include "core/ids.hpp"
#include "message/json_document.hpp"

namespace graphpost::api {
namespace json = boost::json;

namespace {

// One parsed and authorised message, or the problem that refused it.
struct Item {
  std::optional<json::object> accepted;  // AcceptedJson
  std::optional<Problem> problem;
};

void AddLane(std::vector<outbox::LaneKey>& lanes, const outbox::LaneKey& lane) {
  if (std::find(lanes.begin(), lanes.end(), lane) == lanes.end()) lanes.push_back(lane);
}

// The problem of a batch in which no message is valid: the items' own status when they agree
// (all 403), else 400, with every item's errors.
Problem NoneValid(const std::vector<Item>& items) {
  std::vector<message::FieldError> errors;
  bool all_forbidden = true;
  for (const Item& item : items) {
    all_forbidden = all_forbidden && item.problem->status == 403;
    errors.insert(errors.end(), item.problem->errors.begin(), item.problem->errors.end());
  }
  Problem problem =
      all_forbidden ? Forbidden(std::move(errors)) : InvalidMessage(std::move(errors));
  problem.detail = "none of the " + std::to_string(items.size()) + " messages is valid; see errors";
  return problem;
}

// Malformed JSON, or a member given twice (an invalid message: the API does not guess which value
// was meant). In a batch, a duplicate anywhere refuses the whole request.
Problem DocumentProblem(message::JsonDocumentError error) {
  if (error.kind == message::JsonDocumentError::Kind::kMalformed) {
    return MalformedJson(std::move(error.errors.front()));
  }
  return InvalidMessage(std::move(error.errors));
}

std::string BatchAnswer(const std::vector<Item>& items, int accepted) {
  json::array results;
  for (std::size_t i = 0; i < items.size(); ++i) {
    json::object result;
    result["index"] = i;
    if (items[i].accepted) {
      for (const auto& field : *items[i].accepted) result[field.key()] = field.value();
    } else {
      result["status"] = "rejected";
      result["problem"] = ProblemJson(*items[i].problem);
    }
    results.push_back(std::move(result));
  }
  json::object out;
  out["accepted"] = accepted;
  out["rejected"] = static_cast<int>(items.size()) - accepted;
  out["results"] = std::move(results);
  return json::serialize(out);
}

}  // namespace

outbox::MessageRecord Api::NewRecord(message::ApiMessage m, outbox::LaneKey lane,
                                     const outbox::ApiKeyRecord& key) {
  const outbox::TimePoint now = clock_.WallNow();
  outbox::MessageRecord r;
  r.id = NewGuid(random_);
  r.api_key_id = key.id;
  r.recipients = m.recipient_count();
  r.save_to_sent_items = m.message.save_to_sent_items;
  r.created_at = now;
  r.send_at = m.send_at.value_or(now);
  if (m.time_to_live) r.expires_at = now + *m.time_to_live;
  r.next_attempt_at = std::max(r.send_at, now);
  // The stored message names its lane in full, so it can be delivered without the API's context.
  m.connection = lane.connection;
  if (m.from.empty()) m.from = lane.sender;
  r.payload = message::ToCanonicalJson(m);
  r.lane = std::move(lane);
  return r;
}

void Api::SubmitOne(Context& context) {
  auto idempotency_key = internal::IdempotencyKey(context.request.headers);
  if (!idempotency_key) return context.respond(ProblemResponse(idempotency_key.error()));
  auto document = message::ParseJsonDocument(context.request.body);
  if (!document) return context.respond(ProblemResponse(DocumentProblem(document.error())));
  auto m = message::ParseApiMessageValue(*document, "$", options_.message_limits);
  if (!m) return context.respond(ProblemResponse(InvalidMessage(std::move(m.error()))));
  auto lane = ResolveLane(*m, context.key, connections_, "$");
  if (!lane) {
    std::vector<message::FieldError> errors{lane.error().error};
    return context.respond(ProblemResponse(lane.error().status == 403
                                               ? Forbidden(std::move(errors))
                                               : InvalidMessage(std::move(errors))));
  }
  outbox::Submission submission;
  submission.api_key_id = context.key.id;
  submission.idempotency_key = std::move(*idempotency_key);
  submission.request_hash = internal::RequestHash(context.request);
  submission.messages.push_back(NewRecord(std::move(*m), *lane, context.key));
  submission.response_body = json::serialize(AcceptedJson(submission.messages[0]));
  Commit(std::move(submission), {*lane}, std::move(context.respond));
}

void Api::SubmitBatch(Context& context) {
  auto idempotency_key = internal::IdempotencyKey(context.request.headers);
  if (!idempotency_key) return context.respond(ProblemResponse(idempotency_key.error()));
  auto document = message::ParseJsonDocument(context.request.body);
  if (!document) return context.respond(ProblemResponse(DocumentProblem(document.error())));
  const json::object* body = document->if_object();
  const json::value* messages = body ? body->if_contains("messages") : nullptr;
  if (body == nullptr || messages == nullptr || !messages->is_array() || body->size() != 1) {
    return context.respond(ProblemResponse(
        InvalidRequest("a batch is {\"messages\": [...]}", {{"$.messages",
                                                             "must be an array of messages (and "
                                                             "the only field)"}})));
  }
  const json::array& list = messages->get_array();
  if (list.empty() || list.size() > static_cast<std::size_t>(options_.max_batch_messages)) {
    return context.respond(ProblemResponse(InvalidRequest(
        "bad batch size",
        {{"$.messages",
          "must hold 1 to " + std::to_string(options_.max_batch_messages) + " messages"}})));
  }
  std::vector<Item> items(list.size());
  outbox::Submission submission;
  std::vector<outbox::LaneKey> lanes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = message::IndexPath("$.messages", i);
    auto m = message::ParseApiMessageValue(list[i], path, options_.message_limits);
    if (!m) {
      items[i].problem = InvalidMessage(std::move(m.error()));
      continue;
    }
    auto lane = ResolveLane(*m, context.key, connections_, path);
    if (!lane) {
      std::vector<message::FieldError> errors{lane.error().error};
      items[i].problem = lane.error().status == 403 ? Forbidden(std::move(errors))
                                                    : InvalidMessage(std::move(errors));
      continue;
    }
    AddLane(lanes, *lane);
    submission.messages.push_back(NewRecord(std::move(*m), std::move(*lane), context.key));
    items[i].accepted = AcceptedJson(submission.messages.back());
  }
  if (submission.messages.empty()) return context.respond(ProblemResponse(NoneValid(items)));
  submission.api_key_id = context.key.id;
  submission.idempotency_key = std::move(*idempotency_key);
  submission.request_hash = internal::RequestHash(context.request);
  submission.response_body = BatchAnswer(items, static_cast<int>(submission.messages.size()));
  Commit(std::move(submission), std::move(lanes), std::move(context.respond));
}

void Api::Commit(outbox::Submission submission, std::vector<outbox::LaneKey> lanes,
                 Respond respond) {
  const std::chrono::seconds retry_after = options_.unavailable_retry_after;
  outbox_.Submit(
      std::move(submission), [this, lanes = std::move(lanes), respond = std::move(respond),
                              retry_after](Result<outbox::SubmitOutcome> outcome) {
        if (!outcome) {
          respond(ProblemResponse(outcome.error().code == ErrorCode::kAlreadyExists
                                      ? IdempotencyConflict()
                                      : OutboxFailure(outcome.error(), retry_after)));
          return;
        }
        if (!outcome->replayed && !lanes.empty() && notify_) notify_(lanes);
        http::Response response = http::MakeResponse(
            outcome->response_status,
            outcome->response_status >= 400 ? "application/problem+json" : "application/json",
            std::move(outcome->response_body));
        if (outcome->replayed) response.headers.Set("Idempotent-Replayed", "true");
        respond(std::move(response));
      });
}

}  // namespace graphpost::api
