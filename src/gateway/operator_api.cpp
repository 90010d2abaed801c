// Operator routes: parse the small JSON bodies here, act through the outbox port, answer JSON.
#include "gateway/operator_api.hpp"

#include <boost/json.hpp>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "crypto/digest.hpp"
#include "gateway/gateway_config.hpp"

namespace graphpost::gateway {
namespace {

constexpr std::string_view kPrefix = "/v1/admin/";
constexpr std::string_view kKeys = "/v1/admin/apikeys";
constexpr std::size_t kBodyLimit = 64 * 1024;

http::Response JsonResponse(int status, const json::value& body) {
  return http::MakeResponse(status, "application/json", ToJson(body));
}

http::Response FromError(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound:
      return Problem(404, "Not found", e.message);
    case ErrorCode::kInvalidArgument:
      return Problem(400, "Invalid request", e.message);
    case ErrorCode::kUnavailable: {
      auto p = Problem(503, "Unavailable", e.message);
      p.headers.Set("Retry-After", "5");
      return p;
    }
    default:
      return Problem(500, "Internal error", "the outbox failed; see the gateway's log");
  }
}

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

std::optional<std::string_view> BearerOf(const http::Request& request) {
  auto auth = request.headers.Get("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!auth || auth->size() <= kBearer.size() || !auth->starts_with(kBearer)) return std::nullopt;
  return auth->substr(kBearer.size());
}

}  // namespace

http::Response Problem(int status, std::string title, std::string detail) {
  json::object body{{"type", "about:blank"},
                    {"title", std::move(title)},
                    {"status", status},
                    {"detail", std::move(detail)}};
  return http::MakeResponse(status, "application/problem+json", ToJson(body));
}

std::string ApiKeyHash(std::string_view key_text) {
  return crypto::HexLower(crypto::Sha256(key_text));
}

NewApiKey MakeApiKey(Random& random, Clock& clock, std::string name,
                     std::vector<std::string> connections, bool admin) {
  NewApiKey key;
  key.text = "gpk_" + Base64UrlEncode(random.Bytes(32));
  key.record = {.id = "k_" + crypto::HexLower(random.Bytes(8)),
                .name = std::move(name),
                .hash = ApiKeyHash(key.text),
                .admin = admin,
                .connections = std::move(connections),
                .created_at = clock.WallNow(),
                .revoked = false};
  return key;
}

bool OperatorApi::Serves(std::string_view path) { return path.starts_with(kPrefix); }

std::optional<http::Response> OperatorApi::Refusal(const http::Request& request) {
  auto key = BearerOf(request);
  if (!key) {
    auto p = Problem(401, "Unauthorized", "send an admin API key: Authorization: Bearer <key>");
    p.headers.Set("WWW-Authenticate", "Bearer");
    return p;
  }
  auto found = outbox_.FindApiKeyByHash(ApiKeyHash(*key));
  if (!found) return FromError(found.error());
  if (!*found || (*found)->revoked) {
    auto p = Problem(401, "Unauthorized", "unknown or revoked API key");
    p.headers.Set("WWW-Authenticate", "Bearer");
    return p;
  }
  if (!(*found)->admin) return Problem(403, "Forbidden", "operator routes need an admin key");
  return std::nullopt;
}

http::Admission OperatorApi::Admit(const http::Request& head) {
  if (auto refusal = Refusal(head)) return http::Admission::Refuse(std::move(*refusal));
  return http::Admission::Accept(kBodyLimit);
}

void OperatorApi::Handle(http::Request request, http::Respond respond) {
  if (auto refusal = Refusal(request)) return respond(std::move(*refusal));
  const std::string& path = request.path;
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
  respond(Problem(404, "Not found", "no operator route " + request.method + " " + path));
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
    return respond(Problem(400, "Invalid request", "the body must be a JSON object"));
  }
  if (auto unknown = UnknownKey(*body, {"name", "connections", "admin"})) {
    return respond(Problem(400, "Invalid request", "unknown field '" + *unknown + "'"));
  }
  auto name = JsonString(*body, "name");
  if (!name || name->empty()) {
    return respond(Problem(400, "Invalid request", "'name' must be a non-empty string"));
  }
  std::vector<std::string> connections;
  if (const auto* list = JsonArray(*body, "connections")) {
    for (const auto& c : *list) {
      if (!c.is_string() || c.as_string().empty()) {
        return respond(Problem(400, "Invalid request", "'connections' holds connection names"));
      }
      connections.emplace_back(c.as_string());
    }
  }
  const bool admin = JsonBool(*body, "admin").value_or(false);
  if (!admin && connections.empty()) {
    return respond(
        Problem(400, "Invalid request", "a key that is not admin needs at least one connection"));
  }
  auto key = MakeApiKey(random_, clock_, std::move(*name), std::move(connections), admin);
  json::object answer = KeyJson(key.record);
  answer["key"] = key.text;
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
    return respond(Problem(400, "Invalid request",
                           "'olderThan' must be a duration such as \"7d\" or \"12h\""));
  }
  const auto before = clock_.WallNow() - *age;
  outbox_.Purge(before, [respond = std::move(respond), before](Result<std::int64_t> purged) {
    if (!purged) return respond(FromError(purged.error()));
    respond(
        JsonResponse(200, json::object{{"purged", *purged}, {"before", FormatIso8601(before)}}));
  });
}

}  // namespace graphpost::gateway
