#include "sandbox/graph/internal/request_body.hpp"

#include "core/ascii.hpp"
#include "core/json.hpp"

namespace graphpost::sandbox::graph {

bool IsMimeRequest(const http::Request& request) {
  auto type = request.headers.Get("Content-Type");
  return type && AsciiIStartsWith(TrimAscii(*type), "text/plain");
}

GraphResult<boost::json::value> ParseJsonBody(const http::Request& request) {
  auto type = request.headers.Get("Content-Type");
  if (!type || AsciiLower(*type).find("json") == std::string::npos) {
    return GraphFail(errors::InvalidJson());
  }
  auto parsed = ParseJson(request.body);
  if (!parsed) return GraphFail(errors::InvalidJson());
  return std::move(*parsed);
}

std::optional<std::string> PreferredBodyType(const http::Request& request) {
  auto prefer = request.headers.Get("Prefer");
  if (!prefer) return std::nullopt;
  for (std::string_view item : Split(*prefer, ',')) {
    item = TrimAscii(item);
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos ||
        !AsciiIEquals(TrimAscii(item.substr(0, eq)), "outlook.body-content-type")) {
      continue;
    }
    std::string value = AsciiLower(TrimAscii(item.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (value == "text" || value == "html") return value;
  }
  return std::nullopt;
}

}  // namespace graphpost::sandbox::graph
