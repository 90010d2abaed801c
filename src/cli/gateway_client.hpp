// cli/gateway_client.hpp — the CLI's client of a running gateway (`graphpost serve`): finds it
// through gateway.json in the data directory, authenticates with the operator's admin key that
// serve keeps in operator.key (0600), and turns problem+json answers into Errors. The key is
// never printed. Not thread-safe; one per command run.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "http/http_transport.hpp"

namespace graphpost::cli {

class GatewayClient {
 public:
  // kUnavailable when no gateway runs on `data_dir` (no gateway.json; the message says how to
  // start one) — the code a stale gateway.json also gives, when Call cannot reach it;
  // kPermissionDenied when the operator key cannot be read.
  // With `api_key_file`, that file's key (owner-only, like operator.key) is used instead of the
  // operator's.
  [[nodiscard]] static Result<std::unique_ptr<GatewayClient>> Connect(
      const std::filesystem::path& data_dir, const std::filesystem::path& api_key_file = {});

  // Sends `method path` (path from the root, e.g. "/v1/messages?status=failed") with `body` as
  // JSON when not null; returns the JSON answer. An error answer becomes an Error whose code
  // follows the status (400 kInvalidArgument, 401 kUnauthenticated, 403 kPermissionDenied, 404
  // kNotFound, 409 kFailedPrecondition, 503 kUnavailable) and whose message is the problem's
  // detail (and each invalid field).
  [[nodiscard]] Result<boost::json::value> Call(const std::string& method, const std::string& path,
                                                const boost::json::value& body = nullptr);
  // As Call, with `body_json` sent as it is (byte for byte, as an Idempotency-Key replay needs)
  // and an `Idempotency-Key` header when `idempotency_key` is not empty.
  [[nodiscard]] Result<boost::json::value> CallJsonText(const std::string& method,
                                                        const std::string& path,
                                                        std::string body_json,
                                                        const std::string& idempotency_key);

  // The lane pacing the gateway announces in gateway.json for `connection` (its override, else
  // the default); nullopt from a gateway that does not say.
  std::optional<int> MessagesPerMinute(const std::string& connection) const;

  const std::string& base_url() const { return base_url_; }

 private:
  GatewayClient(std::string base_url, Secret key, std::unique_ptr<http::HttpTransport> http,
                boost::json::value endpoint)
      : base_url_(std::move(base_url)),
        key_(std::move(key)),
        http_(std::move(http)),
        endpoint_(std::move(endpoint)) {}

  [[nodiscard]] Result<boost::json::value> Send(http::ClientRequest request);

  std::string base_url_;
  Secret key_;
  std::unique_ptr<http::HttpTransport> http_;
  boost::json::value endpoint_;  // gateway.json
};

}  // namespace graphpost::cli
