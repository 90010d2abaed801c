#include "cli/gateway_client.hpp"

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "gateway/gateway.hpp"
#include "http/curl_transport.hpp"

namespace graphpost::cli {
namespace {

ErrorCode CodeOfStatus(int status) {
  switch (status) {
    case 400:
    case 413:
      return ErrorCode::kInvalidArgument;
    case 401:
      return ErrorCode::kUnauthenticated;
    case 403:
      return ErrorCode::kPermissionDenied;
    case 404:
      return ErrorCode::kNotFound;
    case 409:
      return ErrorCode::kFailedPrecondition;
    case 429:
      return ErrorCode::kThrottled;
    case 503:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

// "detail (path: what; path: what)" from a problem+json body.
std::string ProblemText(const json::value& doc, int status) {
  std::string text = JsonString(doc, "detail").value_or("");
  if (text.empty()) text = JsonString(doc, "title").value_or("");
  if (text.empty()) text = "the gateway answered " + std::to_string(status);
  if (const auto* errors = JsonArray(doc, "errors"); errors && !errors->empty()) {
    std::string fields;
    for (const auto& e : *errors) {
      if (!fields.empty()) fields += "; ";
      fields += JsonString(e, "path").value_or("") + ": " + JsonString(e, "detail").value_or("");
    }
    text += " (" + fields + ")";
  }
  return text;
}

}  // namespace

Result<std::unique_ptr<GatewayClient>> GatewayClient::Connect(
    const std::filesystem::path& data_dir, const std::filesystem::path& api_key_file) {
  const auto endpoint_file = gateway::EndpointFile(data_dir);
  auto text = ReadFileText(endpoint_file);
  if (!text) {
    // kUnavailable, as when gateway.json is stale and nothing answers: one situation (no
    // gateway running), one exit code (5), however the gateway stopped.
    return Fail(ErrorCode::kUnavailable, "no gateway runs on " + data_dir.string() + " (no " +
                                             endpoint_file.string() +
                                             "); start one with `graphpost serve`");
  }
  auto doc = ParseJson(*text);
  auto base_url = doc ? JsonString(*doc, "baseUrl") : std::nullopt;
  if (!base_url) return Fail(ErrorCode::kInternal, endpoint_file.string() + " is not valid");
  const bool own_key = !api_key_file.empty();
  auto key = ReadOwnerOnlyFile(own_key ? api_key_file : gateway::OperatorKeyFile(data_dir), 256);
  if (!key) {
    return Fail(
        ErrorCode::kPermissionDenied,
        std::string(own_key ? "cannot read the API key file: " : "cannot read the operator key: ") +
            key.error().message);
  }
  http::CurlOptions options;
  options.ca_file = JsonString(*doc, "caPath").value_or("");
  return std::unique_ptr<GatewayClient>(
      new GatewayClient(*base_url, Secret(std::string(TrimAscii(*key))),
                        std::make_unique<http::CurlTransport>(options), std::move(*doc)));
}

std::optional<int> GatewayClient::MessagesPerMinute(const std::string& connection) const {
  const auto* lanes = JsonObject(endpoint_, "lanes");
  if (!lanes) return std::nullopt;
  if (const auto* by_connection = JsonObject(*lanes, "connections")) {
    if (auto rate = JsonInt(*by_connection, connection)) return static_cast<int>(*rate);
  }
  auto rate = JsonInt(*lanes, "messagesPerMinute");
  return rate ? std::optional<int>(static_cast<int>(*rate)) : std::nullopt;
}

Result<json::value> GatewayClient::Call(const std::string& method, const std::string& path,
                                        const json::value& body) {
  http::ClientRequest req{.method = method, .url = base_url_ + path};
  if (!body.is_null()) {
    req.headers.Set("Content-Type", "application/json");
    req.body = ToJson(body);
  }
  return Send(std::move(req));
}

Result<json::value> GatewayClient::CallJsonText(const std::string& method, const std::string& path,
                                                std::string body_json,
                                                const std::string& idempotency_key) {
  http::ClientRequest req{.method = method, .url = base_url_ + path};
  req.headers.Set("Content-Type", "application/json");
  if (!idempotency_key.empty()) req.headers.Set("Idempotency-Key", idempotency_key);
  req.body = std::move(body_json);
  return Send(std::move(req));
}

Result<json::value> GatewayClient::Send(http::ClientRequest req) {
  req.headers.Set("Authorization", "Bearer " + key_.Reveal());
  auto resp = http_->Send(req);
  if (!resp) {
    return Fail(resp.error().code, "cannot reach the gateway at " + base_url_ + ": " +
                                       resp.error().message + " (is `graphpost serve` running?)");
  }
  auto doc = ParseJson(resp->body);
  if (resp->status >= 300) {
    return Fail(CodeOfStatus(resp->status),
                doc ? ProblemText(*doc, resp->status)
                    : "the gateway answered " + std::to_string(resp->status));
  }
  if (!doc) return Fail(ErrorCode::kInternal, "the gateway answered with something not JSON");
  return doc;
}

}  // namespace graphpost::cli
