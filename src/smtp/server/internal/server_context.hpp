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
#include "core/server_gate.hpp"
#include "smtp/server/smtp_server.hpp"

namespace graphpost::smtp::internal {

using graphpost::ServerGate;  // core/server_gate.hpp

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
