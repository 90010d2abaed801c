#include "cli/admin_client.hpp"

#include <cstdlib>

#include <boost/json.hpp>

#include "core/files.hpp"
#include "core/json.hpp"
#include "http/curl_transport.hpp"

namespace graphpost::cli {

std::filesystem::path DefaultSandboxDir() {
  if (const char* dir = std::getenv("GRAPHPOST_SANDBOX_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "graphpost" / "sandbox";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : ".") / ".local" / "state" / "graphpost" / "sandbox";
}

Result<std::unique_ptr<AdminClient>> AdminClient::Connect(const std::filesystem::path& state_dir) {
  auto endpoint = sandbox::StateDir::ReadEndpoint(state_dir);
  if (!endpoint) return Fail(endpoint.error());
  auto key = ReadFileText(endpoint->admin_key_path);
  if (!key)
    return Fail(ErrorCode::kPermissionDenied,
                "cannot read the sandbox admin key " + endpoint->admin_key_path);
  auto http =
      std::make_unique<http::CurlTransport>(http::CurlOptions{.ca_file = endpoint->ca_path});
  return std::unique_ptr<AdminClient>(
      new AdminClient(std::move(*endpoint), std::move(*key), std::move(http)));
}

Result<boost::json::value> AdminClient::Call(const std::string& method, const std::string& path,
                                             const boost::json::value& body) {
  http::ClientRequest req{.method = method, .url = endpoint_.base_url + "/_sandbox/" + path};
  req.headers.Set("Authorization", "Bearer " + key_);
  if (!body.is_null()) {
    req.headers.Set("Content-Type", "application/json");
    req.body = ToJson(body);
  }
  auto resp = http_->Send(req);
  if (!resp) {
    return Fail(resp.error().code, "cannot reach the sandbox at " + endpoint_.base_url + ": " +
                                       resp.error().message +
                                       " (is `graphpost sandbox serve` running?)");
  }
  auto doc = ParseJson(resp->body);
  if (!doc)
    return Fail(ErrorCode::kInternal,
                "sandbox answered " + std::to_string(resp->status) + " with non-JSON");
  if (resp->status >= 300) {
    std::string message =
        JsonObject(*doc, "error") ? JsonString(doc->at("error"), "message").value_or("") : "";
    ErrorCode code = resp->status == 404   ? ErrorCode::kNotFound
                     : resp->status == 409 ? ErrorCode::kAlreadyExists
                     : resp->status == 412 ? ErrorCode::kFailedPrecondition
                     : resp->status == 400 ? ErrorCode::kInvalidArgument
                                           : ErrorCode::kInternal;
    return Fail(code,
                message.empty() ? "sandbox answered " + std::to_string(resp->status) : message);
  }
  return doc;
}

}  // namespace graphpost::cli
