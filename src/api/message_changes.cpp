// Api: cancel and retry (POST /v1/messages/{id}/cancel | retry).
#include <memory>

#include <boost/json/serialize.hpp>

#include "api/api.hpp"
#include "api/internal/request_context.hpp"
#include "api/message_view.hpp"

namespace graphpost::api {
namespace json = boost::json;

namespace {

// The answer to a cancel or retry from the outbox's result.
http::Response ChangeResponse(const Result<outbox::MessageRecord>& result,
                              std::string_view conflict, std::chrono::seconds retry_after) {
  if (result) return internal::JsonResponse(200, json::serialize(MessageJson(*result)));
  switch (result.error().code) {
    case ErrorCode::kNotFound:
      return ProblemResponse(MessageNotFound());
    case ErrorCode::kFailedPrecondition:
      return ProblemResponse(StateConflict(std::string(conflict)));
    default:
      return ProblemResponse(OutboxFailure(result.error(), retry_after));
  }
}

}  // namespace

void Api::Cancel(Context& context) {
  auto idempotency_key = internal::IdempotencyKey(context.request.headers);
  if (!idempotency_key) return context.respond(ProblemResponse(idempotency_key.error()));
  // Shared only because the outbox's callback (a std::function) must be copyable; the callback
  // is its one owner.
  auto shared = std::make_shared<Context>(std::move(context));
  outbox_.Cancel(shared->route.id_param, KeyScope(shared->key),
                 [this, shared](Result<outbox::MessageRecord> result) {
                   AnswerChange(*shared, ChangeResponse(result,
                                                        "only a queued message can be cancelled; "
                                                        "this one is being sent or has finished",
                                                        options_.unavailable_retry_after));
                 });
}

void Api::Retry(Context& context) {
  auto idempotency_key = internal::IdempotencyKey(context.request.headers);
  if (!idempotency_key) return context.respond(ProblemResponse(idempotency_key.error()));
  auto shared = std::make_shared<Context>(std::move(context));  // as in Cancel
  outbox_.Retry(shared->route.id_param, KeyScope(shared->key), clock_.WallNow(),
                [this, shared](Result<outbox::MessageRecord> result) {
                  if (result && notify_) notify_({result->lane});
                  AnswerChange(*shared, ChangeResponse(result,
                                                       "only a failed, expired or cancelled "
                                                       "message can be retried",
                                                       options_.unavailable_retry_after));
                });
}

// Cancel and retry are applied first and their answer recorded after (the outbox's idempotency
// record is written by Submit, which stores no message here). A repeat with the same key and
// request gets the first answer; a key reused for another request gets 409 (docs/gateway.md).
void Api::AnswerChange(Context& context, http::Response response) {
  auto idempotency_key = internal::IdempotencyKey(context.request.headers);
  if (!idempotency_key || idempotency_key->empty() || response.status >= 500) {
    return context.respond(std::move(response));
  }
  outbox::Submission record;
  record.api_key_id = context.key.id;
  record.idempotency_key = std::move(*idempotency_key);
  record.request_hash = internal::RequestHash(context.request);
  record.response_status = response.status;
  record.response_body = response.body;
  Commit(std::move(record), {}, std::move(context.respond));
}

}  // namespace graphpost::api
