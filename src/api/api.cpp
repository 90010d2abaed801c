#include "api/api.hpp"

#include <charconv>
#include <exception>

#include <boost/json/serialize.hpp>

#include "api/api_keys.hpp"
#include "api/content_type.hpp"
#include "api/internal/request_context.hpp"
#include "api/list_query.hpp"
#include "api/message_view.hpp"
#include "api/openapi.hpp"
#include "core/redact.hpp"
#include "core/secret.hpp"
#include "crypto/digest.hpp"

namespace graphpost::api {
namespace json = boost::json;

namespace internal {

http::Response JsonResponse(int status, std::string body) {
  return http::MakeResponse(status, "application/json", std::move(body));
}

Expected<std::string, Problem> IdempotencyKey(const http::Headers& headers) {
  auto value = headers.Get("Idempotency-Key");
  if (!value) return std::string();
  bool ok = !value->empty() && value->size() <= 255;
  for (char c : *value) ok = ok && c > 0x20 && c < 0x7f;
  if (!ok) {
    return Unexpected(InvalidRequest(
        "bad Idempotency-Key", {{"Idempotency-Key", "must be 1 to 255 visible ASCII characters"}}));
  }
  return std::string(*value);
}

std::string RequestHash(const http::Request& request) {
  return crypto::HexLower(
      crypto::Sha256(request.method + " " + request.path + "\n" + request.body));
}

}  // namespace internal

namespace {

std::optional<std::size_t> ContentLength(const http::Headers& headers) {
  auto value = headers.Get("Content-Length");
  if (!value) return std::nullopt;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size()) return std::nullopt;
  return n;
}

}  // namespace

Api::Api(ApiSetup setup)
    : outbox_(setup.outbox),
      clock_(setup.clock),
      random_(setup.random),
      connections_(setup.connections),
      notify_(std::move(setup.notify)),
      options_(std::move(setup.options)),
      keys_(setup.clock, options_.key_cache_ttl) {}

std::size_t Api::BodyLimit(const http::Request& head) const {
  std::string allow;
  auto route = MatchRoute(head.method, head.path, allow);
  if (route && route->id == RouteId::kSubmit) return options_.max_message_request_bytes;
  if (route && route->id == RouteId::kSubmitBatch) return options_.max_batch_request_bytes;
  return options_.max_other_request_bytes;
}

http::Admission Api::Admit(const http::Request& head) {
  std::string allow;
  auto route = MatchRoute(head.method, head.path, allow);
  if (route && route->id != RouteId::kOpenApi) {
    auto key = Authenticate(head.headers);
    if (!key) return http::Admission::Refuse(ProblemResponse(key.error()));
  }
  const std::size_t limit = BodyLimit(head);
  if (auto length = ContentLength(head.headers); length && *length > limit) {
    return http::Admission::Refuse(ProblemResponse(PayloadTooLarge(limit)));
  }
  return http::Admission::Accept(limit);
}

Expected<outbox::ApiKeyRecord, Problem> Api::Authenticate(const http::Headers& headers) {
  auto token = BearerToken(headers);
  if (!token) return Unexpected(Unauthenticated());
  auto key = keys_.Find(outbox_, HashApiKey(*token));
  if (!key) return Unexpected(OutboxFailure(key.error(), options_.unavailable_retry_after));
  if (!*key || (*key)->revoked) return Unexpected(Unauthenticated());
  return std::move(**key);
}

void Api::Handle(http::Request request, Respond respond) {
  if (auto token = BearerToken(request.headers)) {
    // The last line of defence: no answer carries the caller's own key, even if a field held it.
    respond = [respond = std::move(respond), token = Secret(std::move(*token))](http::Response r) {
      if (r.status >= 400) r.body = RedactSecret(std::move(r.body), token.Reveal());
      respond(std::move(r));
    };
  }
  Context context{std::move(request), std::move(respond), {}, {}};
  try {
    Route(context);
  } catch (const std::exception&) {
    // Boost.JSON and the allocator may throw, and nothing may reach the server's thread. Every
    // path calls `respond` as its last step, so a throw means no answer was given yet.
    // (A path that handed `respond` on has left it empty.)
    if (context.respond) context.respond(ProblemResponse(InternalError()));
  }
}

void Api::Route(Context& context) {
  std::string allow;
  auto route = MatchRoute(context.request.method, context.request.path, allow);
  if (!route) {
    context.respond(ProblemResponse(allow.empty() ? RouteNotFound() : MethodNotAllowed(allow)));
    return;
  }
  context.route = std::move(*route);
  if (context.route.id == RouteId::kOpenApi) {
    context.respond(internal::JsonResponse(200, std::string(OpenApiDocument())));
    return;
  }
  auto key = Authenticate(context.request.headers);
  if (!key) {
    context.respond(ProblemResponse(key.error()));
    return;
  }
  context.key = std::move(*key);
  if (context.request.body.size() > BodyLimit(context.request)) {
    context.respond(ProblemResponse(PayloadTooLarge(BodyLimit(context.request))));
    return;
  }
  if (!context.request.body.empty() &&
      !IsJsonContentType(context.request.headers.Get("Content-Type").value_or(""))) {
    context.respond(ProblemResponse(UnsupportedMediaType()));
    return;
  }
  switch (context.route.id) {
    case RouteId::kSubmit:
      return SubmitOne(context);
    case RouteId::kSubmitBatch:
      return SubmitBatch(context);
    case RouteId::kList:
      return ListMessages(context);
    case RouteId::kGet:
      return GetMessage(context);
    case RouteId::kCancel:
      return Cancel(context);
    case RouteId::kRetry:
      return Retry(context);
    case RouteId::kOpenApi:
      break;
  }
}

std::optional<std::string> Api::KeyScope(const outbox::ApiKeyRecord& key) const {
  if (key.admin) return std::nullopt;
  return key.id;
}

void Api::GetMessage(Context& context) {
  auto record = outbox_.Get(context.route.id_param, KeyScope(context.key));
  if (!record) {
    context.respond(
        ProblemResponse(record.error().code == ErrorCode::kNotFound
                            ? MessageNotFound()
                            : OutboxFailure(record.error(), options_.unavailable_retry_after)));
    return;
  }
  auto attempts = outbox_.Attempts(record->id);
  if (!attempts) {
    context.respond(
        ProblemResponse(OutboxFailure(attempts.error(), options_.unavailable_retry_after)));
    return;
  }
  context.respond(
      internal::JsonResponse(200, json::serialize(MessageWithAttemptsJson(*record, *attempts))));
}

void Api::ListMessages(Context& context) {
  auto filter = ParseListQuery(context.request.query);
  if (!filter) {
    context.respond(ProblemResponse(filter.error()));
    return;
  }
  filter->api_key_id = KeyScope(context.key);
  auto page = outbox_.List(*filter);
  if (!page) {
    context.respond(
        ProblemResponse(page.error().code == ErrorCode::kInvalidArgument
                            ? InvalidRequest("bad cursor", {{"?cursor",
                                                             "is not a "
                                                             "cursor of this list"}})
                            : OutboxFailure(page.error(), options_.unavailable_retry_after)));
    return;
  }
  context.respond(internal::JsonResponse(200, PageJson(*page)));
}

}  // namespace graphpost::api
