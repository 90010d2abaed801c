// http/internal/http_session.hpp — one accepted connection of http::Server: read a request, call
// the handler, write the response, repeat while keep-alive. Private to http_server.cpp; Boost
// stays out of the public headers. A session owns its socket and keeps itself alive through the
// completion handlers it has pending; stopping the io_context abandons it.
#pragma once

#include <cstddef>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "core/clock.hpp"
#include "http/message.hpp"

namespace graphpost::http::internal {

// Shared by every session of one server; owned by the server and outlives its sessions.
struct SessionConfig {
  const Handler* handler = nullptr;
  std::size_t max_body_bytes = 0;
  Clock* clock = nullptr;  // for the Date header
};

// Serves `socket` (whose executor must be a strand) as plain HTTP/1.1.
void ServePlain(boost::asio::ip::tcp::socket socket, const SessionConfig& config);

// Serves `socket` (whose executor must be a strand) as HTTPS; `tls` outlives the session.
void ServeTls(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
              const SessionConfig& config);

}  // namespace graphpost::http::internal
