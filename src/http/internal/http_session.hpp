// http/internal/http_session.hpp — one accepted connection of http::Server: (TLS handshake,) read a
// request head, admit it, read its body, call the handler, write the response, repeat while
// keep-alive; every wait has a deadline from ServerLimits. Private to http_server.cpp; Boost stays
// out of the public headers. A session owns its socket and its connection slot and keeps itself
// alive through the completion handlers it has pending; stopping the io_context abandons it.
#pragma once

#include <memory>
#include <mutex>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/clock.hpp"
#include "core/server_gate.hpp"
#include "http/http_server.hpp"
#include "http/internal/connection_slots.hpp"
#include "http/message.hpp"

namespace graphpost::http::internal {

using graphpost::ServerGate;  // core/server_gate.hpp

// Shared by every session of one server; owned by the server and outlives its sessions.
struct SessionConfig {
  const DeferredHandler* handler = nullptr;
  // Shared with every pending answer, which may outlive the server.
  std::shared_ptr<ServerGate> gate;
  const AdmissionHook* admit = nullptr;     // points to an empty hook when there is none
  const ErrorBodyFn* error_body = nullptr;  // points to an empty function when there is none
  ServerLimits limits;
  Clock* clock = nullptr;  // for the Date header
};

// Serves `socket` (whose executor must be a strand) as plain HTTP/1.1. A kRefuse slot gets a 503
// and is closed.
void ServePlain(boost::asio::ip::tcp::socket socket, const SessionConfig& config,
                ConnectionSlots::Slot slot);

// Serves `socket` (whose executor must be a strand) as HTTPS; `tls` outlives the session.
void ServeTls(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
              const SessionConfig& config, ConnectionSlots::Slot slot);

}  // namespace graphpost::http::internal
