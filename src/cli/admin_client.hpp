// cli/admin_client.hpp — the CLI's client of a running sandbox's admin API. Finds the sandbox
// through endpoint.json in its state directory, trusts its CA and sends the admin key. Not
// thread-safe; one per command run.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "http/http_transport.hpp"
#include "sandbox/server/state_dir.hpp"

namespace graphpost::cli {

class AdminClient {
 public:
  // kNotFound when no sandbox runs on `state_dir` (the message says how to start one).
  [[nodiscard]] static Result<std::unique_ptr<AdminClient>> Connect(
      const std::filesystem::path& state_dir);

  // Sends a request to /_sandbox/<path>; `body` is sent as JSON when not null. Returns the JSON
  // reply. An error reply becomes an Error with the sandbox's code and message.
  [[nodiscard]] Result<boost::json::value> Call(const std::string& method, const std::string& path,
                                                const boost::json::value& body = nullptr);

  const sandbox::Endpoint& endpoint() const { return endpoint_; }

 private:
  AdminClient(sandbox::Endpoint endpoint, std::string key,
              std::unique_ptr<http::HttpTransport> http)
      : endpoint_(std::move(endpoint)), key_(std::move(key)), http_(std::move(http)) {}
  sandbox::Endpoint endpoint_;
  std::string key_;
  std::unique_ptr<http::HttpTransport> http_;
};

// The default sandbox state directory: $GRAPHPOST_SANDBOX_DIR, else
// $XDG_STATE_HOME/graphpost/sandbox, else ~/.local/state/graphpost/sandbox.
std::filesystem::path DefaultSandboxDir();

}  // namespace graphpost::cli
