// Fuzzes the classification of untrusted Graph responses: the body (Graph or OAuth error JSON) and
// the Retry-After / Date headers. Input: 2 bytes of status, then "retry-after\ndate\nbody".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "graph/graph_errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  graphpost::http::ClientResponse response;
  response.status = 100 + (data[0] << 8 | data[1]) % 500;
  std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::size_t first = rest.find('\n');
  const std::size_t second = first == std::string_view::npos ? first : rest.find('\n', first + 1);
  if (second != std::string_view::npos) {
    response.headers.Set("Retry-After", std::string(rest.substr(0, first)));
    response.headers.Set("Date", std::string(rest.substr(first + 1, second - first - 1)));
    rest.remove_prefix(second + 1);
  }
  response.body = std::string(rest);
  graphpost::Error error = graphpost::graph::ClassifyGraphResponse(response, "fuzz");
  if (error.message.find('\n') != std::string::npos) __builtin_trap();  // one line, always
  return 0;
}
