// Operator routes: parse the small JSON bodies here, act through the outbox port, answer JSON.
#include "gateway/operator_api.hpp"

#include <boost/json.hpp>

#include "api/api_keys.hpp"
#include "api/problem.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/internal/operator_answers.hpp"

namespace graphpost::gateway {
namespace {

constexpr std::string_view kPrefix = "/v1/admin/";
constexpr std::string_view kKeys = "/v1/admin/apikeys";
constexpr std::size_t kBodyLimit = 64 * 1024;

using internal::FromError;
using internal::Invalid;
using internal::JsonResponse;

json::object KeyJson(const outbox::ApiKeyRecord& k) {
  json::array connections;
  for (const auto& c : k.connections) connections.emplace_back(c);
  return {{"id", k.id},
          {"name", k.name},
          {"admin", k.admin},
          {"connections", std::move(connections)},
          {"createdAt", FormatIso8601(k.created_at)},
          {"revoked", k.revoked}};
}

}  // namespace

bool OperatorApi::Serves(std::string_view path) { return path.starts_with(kPrefix); }

std::optional<http::Response> OperatorApi::Refusal(const http::Request& request) {
  auto key = api::BearerToken(request.headers);
  if (!key) return api::ProblemResponse(api::Unauthenticated());
  auto found = outbox_.FindApiKeyByHash(api::HashApiKey(*key));
  if (!found) return FromError(found.error());
  if (!*found || (*found)->revoked) return api::ProblemResponse(api::Unauthenticated());
  if (!(*found)->admin) {
    api::Problem p{.status = 403,
                   .type = "forbidden",
                   .title = "Forbidden",
                   .detail = "operator routes need an admin API key"};
    return api::ProblemResponse(p);
  }
  return std::nullopt;
}

http::Admission OperatorApi::Admit(const http::Request& head) {
  if (auto refusal = Refusal(head)) return http::Admission::Refuse(std::move(*refusal));
  return http::Admission::Accept(kBodyLimit);
}

void OperatorApi::Handle(http::Request request, http::Respond respond) {
  if (auto refusal = Refusal(request)) return respond(std::move(*refusal));
  const std::string& path = request.path;
  if (SmtpAccountRoutes::Serves(path)) return smtp_accounts_.Handle(request, std::move(respond));
  if (path == kKeys && request.method == "GET") return ListKeys(std::move(respond));
  if (path == kKeys && request.method == "POST") return CreateKey(request, std::move(respond));
  constexpr std::string_view kRevoke = "/revoke";
  if (path.starts_with(std::string(kKeys) + "/") && path.ends_with(kRevoke) &&
      request.method == "POST") {
    std::string id = path.substr(kKeys.size() + 1, path.size() - kKeys.size() - 1 - kRevoke.size());
    if (!id.empty() && id.find('/') == std::string::npos) {
      return RevokeKey(std::move(id), std::move(respond));
    }
  }
  if (path == "/v1/admin/purge" && request.method == "POST") {
    return Purge(request, std::move(respond));
  }
  respond(api::ProblemResponse(api::RouteNotFound()));
}

void OperatorApi::ListKeys(http::Respond respond) {
  auto keys = outbox_.ListApiKeys();
  if (!keys) return respond(FromError(keys.error()));
  json::array list;
  for (const auto& k : *keys) list.push_back(KeyJson(k));
  respond(JsonResponse(200, json::object{{"apiKeys", std::move(list)}}));
}

void OperatorApi::CreateKey(const http::Request& request, http::Respond respond) {
  auto body = ParseJson(request.body);
  if (!body || !body->is_object()) {
    return respond(Invalid("the body must be a JSON object"));
  }
  if (auto unknown = UnknownKey(*body, {"name", "connections", "admin"})) {
    return respond(Invalid("unknown field '" + *unknown + "'"));
  }
  auto name = JsonString(*body, "name");
  if (!name || name->empty()) {
    return respond(Invalid("'name' must be a non-empty string"));
  }
  std::vector<std::string> connections;
  if (const auto* list = JsonArray(*body, "connections")) {
    for (const auto& c : *list) {
      if (!c.is_string() || c.as_string().empty()) {
        return respond(Invalid("'connections' holds connection names"));
      }
      if (!connections_.MailboxOf(std::string(c.as_string()))) {
        return respond(Invalid("no connection named '" + std::string(c.as_string()) +
                               "' (`graphpost connection list` shows the saved ones)"));
      }
      connections.emplace_back(c.as_string());
    }
  }
  const bool admin = JsonBool(*body, "admin").value_or(false);
  if (!admin && connections.empty()) {
    return respond(Invalid("a key that is not admin needs at least one connection"));
  }
  auto key = api::MakeApiKey(
      random_, clock_,
      {.name = std::move(*name), .connections = std::move(connections), .admin = admin});
  json::object answer = KeyJson(key.record);
  answer["key"] = key.text.Reveal();  // shown once, to the operator who asked for it
  outbox_.PutApiKey(std::move(key.record),
                    [respond = std::move(respond), answer = std::move(answer)](Status stored) {
                      if (!stored) return respond(FromError(stored.error()));
                      respond(JsonResponse(201, answer));
                    });
}

void OperatorApi::RevokeKey(std::string id, http::Respond respond) {
  outbox_.RevokeApiKey(id, [respond = std::move(respond), id](Status revoked) {
    if (!revoked) return respond(FromError(revoked.error()));
    respond(JsonResponse(200, json::object{{"id", id}, {"revoked", true}}));
  });
}

void OperatorApi::Purge(const http::Request& request, http::Respond respond) {
  auto body = ParseJson(request.body);
  auto older = body ? JsonString(*body, "olderThan") : std::nullopt;
  auto age = older ? ParseDuration(*older) : std::nullopt;
  if (!age) {
    return respond(Invalid("'olderThan' must be a duration such as \"7d\" or \"12h\""));
  }
  const auto before = clock_.WallNow() - *age;
  outbox_.Purge(before, [respond = std::move(respond), before](Result<std::int64_t> purged) {
    if (!purged) return respond(FromError(purged.error()));
    respond(
        JsonResponse(200, json::object{{"purged", *purged}, {"before", FormatIso8601(before)}}));
  });
}

}  // namespace graphpost::gateway
