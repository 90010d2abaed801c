// app/client_runtime.hpp — the composition root of the client side: it turns a saved Connection
// into a working Graph mail client. It owns one HTTP transport and one token cache per CA bundle,
// so every connection that uses the same app credential shares one cached token. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "auth/client_credentials.hpp"
#include "auth/token_store.hpp"
#include "connections/connection.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/reliable_send.hpp"
#include "http/http_transport.hpp"

namespace graphpost::app {

// One connection ready to use. Owned by the caller; must not outlive its ClientRuntime.
struct ConnectionSession {
  connections::Connection connection;  // as opened (holds its secrets; never print it whole)
  auth::AppCredential credential;
  std::string graph_base;
  http::HttpTransport* http = nullptr;
  std::unique_ptr<auth::ClientCredentialsTokenProvider> tokens;
  std::unique_ptr<graph::GraphMailClient> graph;
};

// Makes the HTTP transport for connections that trust `ca_file` (empty: the system CAs).
using TransportFactory =
    std::function<std::unique_ptr<http::HttpTransport>(const std::string& ca_file)>;

struct ClientRuntimeOptions {
  // Where token caches keep tokens between processes; null = memory only. Must outlive the runtime.
  auth::TokenStore* token_store = nullptr;
  // Null: libcurl (http::CurlTransport). Tests pass fakes.
  TransportFactory transport_factory;
  std::chrono::milliseconds graph_timeout{std::chrono::seconds{60}};  // per Graph request
};

class ClientRuntime {
 public:
  ClientRuntime(Clock& clock, Random& random, ClientRuntimeOptions options = {})
      : clock_(clock), random_(random), options_(options) {}
  // Builds the session for `connection`: login and Graph base URLs from its cloud or explicit
  // URLs, its CA bundle. kInvalidArgument for an unknown cloud.
  [[nodiscard]] Result<std::unique_ptr<ConnectionSession>> Open(
      const connections::Connection& connection);
  // Token requests sent so far by every cache (diagnostics and tests).
  std::size_t token_requests() const;

 private:
  struct Channel {
    std::unique_ptr<http::HttpTransport> http;
    std::unique_ptr<auth::TokenCache> tokens;
  };
  Channel& ChannelFor(const std::string& ca_file);

  Clock& clock_;
  Random& random_;
  const ClientRuntimeOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, Channel> channels_;  // by CA file. Guarded by mu_.
};

// The Wait that really sleeps, for graph::SendWithRetries in a command (tests pass their own).
graph::Wait SleepingWait();

// Where a connection's tokens and Graph calls go, and the token scope to ask for.
struct ConnectionEndpoints {
  std::string login_base;  // no trailing '/'
  std::string graph_base;  // no trailing '/'
  std::string scope;       // e.g. "https://graph.microsoft.us/.default"
};

// Explicit URLs win, else the cloud's (auth/cloud). The scope is always the cloud's Graph scope
// (a "custom" connection, such as one to the sandbox, speaks as the global cloud).
// kInvalidArgument for an unknown cloud without both URLs.
[[nodiscard]] Result<ConnectionEndpoints> EndpointsOf(const connections::Connection& c);

}  // namespace graphpost::app
