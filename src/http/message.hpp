// http/message.hpp — HTTP requests and responses as plain values, shared by the server (Beast),
// the client port (HttpTransport) and every handler. No Boost here, so handlers compile fast.
// Plain value types; thread-compatible.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace graphpost::http {

struct Header {
  std::string name;
  std::string value;
};

// An ordered header list with case-insensitive lookup.
class Headers {
 public:
  // The first value named `name` (any case), or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Replaces every header named `name` with one.
  void Set(std::string name, std::string value);
  void Add(std::string name, std::string value);
  void Remove(std::string_view name);
  const std::vector<Header>& all() const { return items_; }

 private:
  std::vector<Header> items_;
};

struct Request {
  std::string method;  // upper-case, e.g. "POST"
  std::string target;  // as received: path plus "?query"
  std::string path;    // target up to '?', not percent-decoded
  std::string query;   // after '?', not decoded; empty when absent
  Headers headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1"
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Fault injection: wait this long before writing the response.
  std::chrono::milliseconds delay{0};
  // Fault injection: close the connection without writing anything.
  bool drop_connection = false;
  // Called once the response was written (or dropped), from a server thread.
  std::function<void()> on_complete;
};

// Handlers run on server threads, possibly concurrently; they must be thread-safe.
using Handler = std::function<Response(const Request&)>;

// Sends the answer to one request. May be called from any thread, later than the handler returns
// (a deferred response); only the first call counts. If every copy is destroyed without a call,
// the server answers 500 (a handler bug). Calling it after the connection or the server went away
// does nothing.
using Respond = std::function<void(Response)>;
// A handler that answers through `respond`, now or later: the connection waits (the next request
// on it is not read until then), within ServerLimits::handler. Runs on server threads, possibly
// concurrently; must be thread-safe and must not block.
using DeferredHandler = std::function<void(Request request, Respond respond)>;

// What the server does with a request whose head (method, target, headers, remote address; no
// body yet) has arrived: read a body of at most `body_limit` bytes and call the Handler, or answer
// `refusal` at once without reading the body (and without `100 Continue`).
struct Admission {
  static Admission Accept(std::size_t body_limit) { return {body_limit, std::nullopt}; }
  static Admission Refuse(Response response) { return {0, std::move(response)}; }

  std::size_t body_limit = 0;       // a larger Content-Length, or a body growing past it: 413
  std::optional<Response> refusal;  // delay, drop_connection and on_complete are honoured
};

// Called on a server thread with the request head (Request::body empty); must be thread-safe and
// quick (it runs before every request).
using AdmissionHook = std::function<Admission(const Request& head)>;

// Builds a response with a body and Content-Type.
Response MakeResponse(int status, std::string content_type, std::string body);

}  // namespace graphpost::http
