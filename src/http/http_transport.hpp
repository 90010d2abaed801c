// http/http_transport.hpp — the client port: send one HTTP request, get the response. The Graph
// client, the token provider and the CLI's admin calls use it; CurlTransport is the real adapter
// and tests use fakes. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"

namespace graphpost::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;  // absolute, https://host[:port]/path?query
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{std::chrono::seconds{60}};
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any HTTP status is a success here. kUnavailable when the request was not sent (connection,
  // DNS, TLS failures): repeating it is safe. kDeadlineExceeded when it was sent (in whole or in
  // part) and no complete answer came back (timeout, connection closed): the server may have acted
  // on it. kInvalidArgument for a malformed URL. A request is sent at most once per call.
  [[nodiscard]] virtual Result<ClientResponse> Send(const ClientRequest& request) = 0;
};

}  // namespace graphpost::http
