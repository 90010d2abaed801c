// http/internal/request_rules.hpp — the server's rules about a request's framing and pace, as pure
// functions and values so they are tested without sockets or time. Not thread-safe (values).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace graphpost::http::internal {

// True when the Transfer-Encoding field values of a request (every field, in order; none when
// absent) are acceptable: absent, or exactly the one coding "chunked" (any case). Any other coding,
// a list of codings, "chunked" twice or an empty value is refused: the server would otherwise
// frame the body differently from a proxy in front of it (request smuggling).
bool TransferEncodingAcceptable(const std::vector<std::string_view>& values);

// True when a request of HTTP version `version` (11 for HTTP/1.1) has an acceptable number of Host
// fields: exactly one for HTTP/1.1, at most one before it (RFC 9112 §3.2: 400 otherwise).
bool HostFieldsAcceptable(unsigned version, std::size_t host_fields);

// Tells whether a request body keeps arriving: at each interval's end the body must have grown by
// at least `min_bytes` since the previous check.
class BodyProgress {
 public:
  explicit BodyProgress(std::uint64_t min_bytes) : min_bytes_(min_bytes) {}
  // Called at the end of an interval with the body bytes received so far: true when fewer than
  // min_bytes arrived during the interval.
  bool StalledAt(std::uint64_t received_total);

 private:
  std::uint64_t min_bytes_;
  std::uint64_t at_last_check_ = 0;
};

}  // namespace graphpost::http::internal
