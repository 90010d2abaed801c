// smtp/server/internal/server_context.hpp — what every connection of one SmtpServer shares: the
// configuration, the ports, the live counters and the gate through which port callbacks reach
// connections. Owned by the server; outlives its connections (the gate is shared with callbacks
// that may outlive the server). Private to smtp/server. Thread-safe as noted per member.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "core/clock.hpp"
#include "smtp/server/smtp_server.hpp"

namespace graphpost::smtp::internal {

// Lets port callbacks (Authenticator::Verify, SubmissionSink::Submit, answered on any thread)
// reach their connection only while the server's I/O context exists: SmtpServer::Stop() closes it
// before destroying the context, so a late answer is dropped. Thread-safe.
class ServerGate {
 public:
  // Runs `post` under the gate's lock unless the gate is closed.
  template <class F>
  void RunIfOpen(F&& post) {
    std::lock_guard lock(mu_);
    if (!closed_) post();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
  }

 private:
  std::mutex mu_;
  bool closed_ = false;  // Guarded by mu_.
};

// ServerStats as atomics, updated from the I/O threads.
struct LiveStats {
  std::atomic<std::int64_t> connections_total{0};
  std::atomic<std::int64_t> connections_refused{0};
  std::atomic<std::int64_t> tls_handshakes_failed{0};
  std::atomic<std::int64_t> auth_failures{0};
  std::atomic<std::int64_t> sessions_timed_out{0};
};

class ConnectionRegistry;

struct ServerContext {
  const ServerConfig& config;
  ServerDeps deps;
  ConnectionRegistry& registry;
  LiveStats& stats;
  std::shared_ptr<ServerGate> gate;
  Clock& clock;  // session durations in the log
};

}  // namespace graphpost::smtp::internal
