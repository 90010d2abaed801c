// app/client.hpp — the composition root of the client side. A Client owns the long-lived objects
// every command and the gateway share — clock, randomness, the connection store with its secret
// vault, the sealed token store, the HTTP transports and token caches (ClientRuntime) — and keeps
// one ConnectionSession per connection, rebuilt when the connection changes (secret rotated, URLs
// edited) and dropped when it is removed. It is the MailSender of the process. Members are declared
// in dependency order, so they are destroyed in reverse. Thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "app/client_runtime.hpp"
#include "app/mail_sender.hpp"
#include "app/sealed_token_store.hpp"
#include "connections/connection_store.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "log/logger.hpp"

namespace graphpost::app {

struct ClientOptions {
  std::filesystem::path data_dir;         // graphpost.db, master.key and tokens/ live here
  std::optional<std::string> master_key;  // GRAPHPOST_MASTER_KEY, read by the caller (main)
  std::chrono::milliseconds graph_timeout{std::chrono::seconds{60}};  // per Graph request
  // False: tokens are kept in memory only, so the first request of each credential goes to Entra
  // (the doctor must test the credential, not a token saved by an earlier run).
  bool tokens_on_disk = true;
  // Applied to each connection as it is read, before its session is built (the CLI points
  // sandbox connections at the sandbox now running). Null: none.
  std::function<connections::Connection(connections::Connection)> resolve;
};

// The seams of the process. Each null member means the real thing, owned by the Client.
struct ClientSeams {
  Clock* clock = nullptr;              // SystemClock
  Random* random = nullptr;            // SystemRandom
  TransportFactory transport_factory;  // curl
  graph::Wait wait;                    // really sleeps (SleepingWait)
  log::Logger* log = nullptr;          // NullLogger
};

class Client final : public MailSender {
 public:
  // Opens the connection store in options.data_dir (sealed with master_key, or with
  // <data_dir>/master.key, created while the store is empty). Failures as
  // connections::ConnectionStore::Open / OpenWithKeyFile.
  [[nodiscard]] static Result<std::unique_ptr<Client>> Open(ClientOptions options,
                                                            ClientSeams seams = {});
  // Only Open can make the key; public so Open can use std::make_unique.
  class OpenKey {
    friend class Client;
    OpenKey() = default;
  };
  Client(OpenKey, ClientOptions options, ClientSeams seams);
  ~Client() override;

  connections::ConnectionStore& connections() { return *store_; }
  Clock& clock() { return clock_; }
  Random& random() { return random_; }
  log::Logger& log() { return log_; }
  MailSender& mail_sender() { return *this; }

  // The session of connection `name` (options.resolve applied): the cached one while the
  // connection's `updated` time and credential are unchanged, else a new one (the old one stays
  // valid for whoever still holds it). kNotFound (and the cached session dropped) when there is
  // no such connection; kInvalidArgument for an unknown cloud; store failures as
  // ConnectionStore::Get. The pointer is shared between the cache and callers, so a session in use
  // survives its replacement.
  [[nodiscard]] Result<std::shared_ptr<const ConnectionSession>> Session(std::string_view name);

  // Connection `name` (options.resolve applied) on a runtime of its own, built for this call and
  // not cached: its token cache is in memory only and starts empty, so the first token request
  // goes to Entra ID whatever earlier sessions saved (the doctor tests the credential, not a
  // token). `client_secret`, when given, replaces the stored secret for this session only (the
  // console checks a new secret before it is saved). Failures as Session.
  struct IsolatedSession {
    std::unique_ptr<ClientRuntime> runtime;      // outlives `session` (declared first)
    std::unique_ptr<ConnectionSession> session;  // uses `runtime`'s transport and token cache
  };
  [[nodiscard]] Result<IsolatedSession> OpenIsolatedSession(std::string_view name,
                                                            const Secret* client_secret = nullptr);

  // MailSender: SendWithRetries over Session(request.connection). Logs "message sent" (info) or
  // "send failed" (warn) with the message id, connection and mailbox.
  [[nodiscard]] Expected<graph::SendReport, graph::SendFailure> Send(
      const MailSendRequest& request) override;

  // Token requests sent so far by every token cache (diagnostics and tests).
  std::size_t token_requests() const { return runtime_->token_requests(); }

 private:
  struct CachedSession {
    std::string version;  // the connection's updated time and credential fingerprint
    std::shared_ptr<const ConnectionSession> session;
  };

  std::string VersionOf(const connections::Connection& c) const;

  const ClientOptions options_;
  std::unique_ptr<SystemClock> own_clock_;    // when no clock was given
  std::unique_ptr<SystemRandom> own_random_;  // when no random was given
  std::unique_ptr<log::NullLogger> own_log_;  // when no log was given
  Clock& clock_;
  Random& random_;
  log::Logger& log_;
  const graph::Wait wait_;
  TransportFactory transport_factory_;  // seams.transport_factory, for isolated runtimes
  std::unique_ptr<connections::ConnectionStore> store_;
  std::unique_ptr<SealedTokenStore> tokens_;
  std::unique_ptr<ClientRuntime> runtime_;  // uses tokens_
  std::mutex mu_;
  std::map<std::string, CachedSession, std::less<>> sessions_;  // by name. Guarded by mu_.
};

}  // namespace graphpost::app
