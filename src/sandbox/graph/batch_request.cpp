#include "sandbox/graph/batch_request.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "core/json.hpp"

namespace graphpost::sandbox::graph {
namespace {

GraphError Invalid(std::string message) { return errors::BatchInvalid(std::move(message)); }

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A string member of `item`, matched without regard to case as Graph reads batch JSON.
std::optional<std::string> Member(const json::object& item, std::string_view name) {
  for (const auto& [key, value] : item) {
    if (AsciiIEquals(key, name) && value.is_string()) return std::string(value.get_string());
  }
  return std::nullopt;
}

const json::value* MemberValue(const json::object& item, std::string_view name) {
  for (const auto& [key, value] : item) {
    if (AsciiIEquals(key, name)) return &value;
  }
  return nullptr;
}

GraphResult<http::Headers> ReadHeaders(const json::object& item, std::string_view where) {
  http::Headers headers;
  const json::value* v = MemberValue(item, "headers");
  if (v == nullptr || v->is_null()) return headers;
  if (!v->is_object())
    return GraphFail(Invalid(std::string(where) + ": headers is not an object."));
  for (const auto& [name, value] : v->get_object()) {
    if (value.is_string()) {
      headers.Add(std::string(name), std::string(value.get_string()));
    } else if (value.is_number() || value.is_bool()) {
      headers.Add(std::string(name), ToJson(value));
    } else {
      return GraphFail(
          Invalid(std::string(where) + ": header '" + std::string(name) + "' is not a string."));
    }
  }
  return headers;
}

// A JSON body is passed on as JSON text; a string body (base64 MIME, base64 bytes) as it is.
std::optional<std::string> ReadBody(const json::object& item) {
  const json::value* v = MemberValue(item, "body");
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  return ToJson(*v);
}

GraphResult<BatchItem> ReadItem(const json::value& value, std::size_t index) {
  std::string where = "Request " + std::to_string(index);
  const json::object* item = value.if_object();
  if (item == nullptr) return GraphFail(Invalid(where + " is not a JSON object."));
  auto id = Member(*item, "id");
  auto method = Member(*item, "method");
  auto url = Member(*item, "url");
  if (!id || id->empty()) return GraphFail(Invalid(where + ": the id is missing."));
  if (!method || method->empty()) return GraphFail(Invalid(where + ": the method is missing."));
  if (!url || url->empty()) return GraphFail(Invalid(where + ": the url is missing."));
  auto headers = ReadHeaders(*item, where);
  if (!headers) return GraphFail(headers.error());
  BatchItem out{*id, Upper(*method), *url, std::move(*headers), ReadBody(*item), {}};
  if (out.body && !out.headers.Get("Content-Type")) {
    return GraphFail(Invalid("Request '" + *id +
                             "': a Content-Type header is required when a "
                             "body is present."));
  }
  return out;
}

std::optional<std::size_t> IndexOf(const std::vector<BatchItem>& items, std::string_view id) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (AsciiIEquals(items[i].id, id)) return i;
  }
  return std::nullopt;
}

GraphStatus ReadDependencies(const json::array& requests, std::vector<BatchItem>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json::value* v = MemberValue(requests[i].get_object(), "dependsOn");
    if (v == nullptr || v->is_null()) continue;
    if (!v->is_array()) {
      return GraphFail(Invalid("Request '" + items[i].id + "': dependsOn is not an array."));
    }
    for (const auto& dep : v->get_array()) {
      auto index = dep.is_string() ? IndexOf(items, dep.get_string()) : std::nullopt;
      if (!index || *index == i) {
        return GraphFail(Invalid("Request '" + items[i].id +
                                 "': dependsOn names a request that is not in the batch."));
      }
      items[i].depends_on.push_back(*index);
    }
  }
  return {};
}

// Depth-first search for a cycle (at most 20 nodes, so recursion depth is bounded).
bool ReachesItself(const std::vector<BatchItem>& items, std::size_t from, std::size_t at,
                   std::vector<bool>& seen) {
  for (std::size_t dep : items[at].depends_on) {
    if (dep == from) return true;
    if (seen[dep]) continue;
    seen[dep] = true;
    if (ReachesItself(items, from, dep, seen)) return true;
  }
  return false;
}

GraphStatus CheckAcyclic(const std::vector<BatchItem>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::vector<bool> seen(items.size(), false);
    if (ReachesItself(items, i, i, seen)) {
      return GraphFail(Invalid("Request '" + items[i].id + "': dependsOn makes a cycle."));
    }
  }
  return {};
}

}  // namespace

GraphResult<std::vector<BatchItem>> ParseBatch(std::string_view body) {
  auto parsed = ParseJson(body);
  const json::array* requests = parsed ? JsonArray(*parsed, "requests") : nullptr;
  if (requests == nullptr) return GraphFail(Invalid("Invalid batch payload format."));
  if (requests->size() > kMaxBatchRequests) return GraphFail(errors::BatchTooManyRequests());
  if (requests->empty()) return GraphFail(Invalid("The batch contains no requests."));
  std::vector<BatchItem> items;
  for (std::size_t i = 0; i < requests->size(); ++i) {
    auto item = ReadItem((*requests)[i], i);
    if (!item) return GraphFail(item.error());
    if (IndexOf(items, item->id)) {
      return GraphFail(Invalid("Request id '" + item->id + "' appears more than once."));
    }
    items.push_back(std::move(*item));
  }
  if (auto s = ReadDependencies(*requests, items); !s) return GraphFail(s.error());
  if (auto s = CheckAcyclic(items); !s) return GraphFail(s.error());
  return items;
}

http::Request InnerRequest(const BatchItem& item, const http::Request& batch) {
  http::Request r;
  r.method = item.method;
  std::string_view url = item.url;
  r.target = "/v1.0" + std::string(url.starts_with('/') ? "" : "/") + std::string(url);
  std::size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  r.query = q == std::string::npos ? "" : r.target.substr(q + 1);
  r.headers = item.headers;
  r.headers.Remove("Authorization");
  if (auto auth = batch.headers.Get("Authorization"))
    r.headers.Set("Authorization", std::string(*auth));
  r.body = item.body.value_or("");
  r.remote_address = batch.remote_address;
  return r;
}

bool IsNestedBatch(std::string_view url) {
  std::string_view path = url.substr(0, url.find('?'));
  while (path.starts_with('/')) path.remove_prefix(1);
  return AsciiIEquals(path, "$batch");
}

}  // namespace graphpost::sandbox::graph
