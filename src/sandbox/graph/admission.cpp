// GraphService::AdmitHead: what the sandbox decides about a Graph request before reading its body
// (docs/sandbox.md "The HTTPS server under load"). Credentials are checked here so an
// unauthenticated body is never read and `100 Continue` is never sent to it; Handle() checks them
// again (the verified token is cached, so the second check is a lookup).
#include <algorithm>

#include "core/form.hpp"
#include "sandbox/graph/graph_service.hpp"

namespace graphpost::sandbox::graph {
namespace {

constexpr std::size_t kUploadControlBytes = 64 * 1024;  // DELETE and other non-PUT upload calls

std::size_t UploadBodyLimit(const http::Request& head) {
  if (head.method != "PUT") return kUploadControlBytes;
  auto header = head.headers.Get("Content-Range");
  auto range = header ? ParseContentRange(*header) : std::nullopt;
  const std::size_t chunk = range ? range->last - range->first + 1 : 0;
  return std::min(std::max(chunk, kMaxUploadChunkBytes), kMaxUploadRequestBytes);
}

}  // namespace

std::optional<http::Admission> GraphService::AdmitHead(const http::Request& head) {
  if (head.path.starts_with("/upload/")) {
    std::string id = head.path.substr(std::string_view("/upload/").size());
    auto form = ParseForm(head.query);
    const std::string* token = form ? FindField(*form, "authtoken") : nullptr;
    std::optional<GraphError> refusal;
    {
      std::lock_guard lock(store_mu_);
      auto it = uploads_.find(id);
      if (it == uploads_.end() || it->second.expires < clock_.WallNow()) {
        refusal = errors::ItemNotFound();
      } else if (token == nullptr || *token != it->second.auth_token) {
        refusal = errors::TokenInvalid("Access token validation failure.");
      }
    }
    if (refusal) return http::Admission::Refuse(RenderGraphError(*refusal, NewContext(head)));
    return http::Admission::Accept(UploadBodyLimit(head));
  }
  if (!ParseGraphRoute(head.method, head.path)) return std::nullopt;
  auto claims = tokens_.Verify(head.headers.Get("Authorization"), clock_.WallNow());
  if (!claims) {
    return http::Admission::Refuse(RenderGraphError(claims.error(), NewContext(head)));
  }
  return http::Admission::Accept(2 * max_request_bytes_.load());
}

}  // namespace graphpost::sandbox::graph
