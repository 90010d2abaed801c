// gateway/operator_api.hpp — the gateway's operator routes under /v1/admin/, for admin API keys
// only (what `graphpost apikey ...` and `graphpost queue purge` call; docs/gateway.md,
// "Operations"):
//   GET  /v1/admin/apikeys                 →
//   {"apiKeys":[{id,name,admin,connections,createdAt,revoked}]} POST /v1/admin/apikeys {name,
//   connections[], admin} → 201 {id, key, ...}: the key, once POST /v1/admin/apikeys/{id}/revoke →
//   200 {id, revoked:true} POST /v1/admin/purge {"olderThan":"7d"} → 200 {purged, before}
// Errors are application/problem+json; they never carry a key. Keys are stored hashed (SHA-256).
// Thread-safe; `outbox`, `clock` and `random` must outlive it.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::gateway {

// A new API key: its text ("gpk_" + 32 random bytes, base64url), shown once, and its record
// (the text's SHA-256, never the text).
struct NewApiKey {
  std::string text;
  outbox::ApiKeyRecord record;
};
NewApiKey MakeApiKey(Random& random, Clock& clock, std::string name,
                     std::vector<std::string> connections, bool admin);
// Hex SHA-256 of a key's text, as ApiKeyRecord::hash stores it.
std::string ApiKeyHash(std::string_view key_text);

class OperatorApi {
 public:
  OperatorApi(outbox::OutboxStore& outbox, Clock& clock, Random& random)
      : outbox_(outbox), clock_(clock), random_(random) {}

  // True for paths this class serves (/v1/admin/...).
  static bool Serves(std::string_view path);
  // From the head: 401 problem without a valid key, 403 for a key that is not admin; else a
  // 64 KB body limit.
  http::Admission Admit(const http::Request& head);
  // Answers now, or (writes) once the outbox has committed.
  void Handle(http::Request request, http::Respond respond);

 private:
  void ListKeys(http::Respond respond);
  void CreateKey(const http::Request& request, http::Respond respond);
  void RevokeKey(std::string id, http::Respond respond);
  void Purge(const http::Request& request, http::Respond respond);
  // nullopt when the request's key is a valid admin key; else the problem to answer.
  std::optional<http::Response> Refusal(const http::Request& request);

  outbox::OutboxStore& outbox_;
  Clock& clock_;
  Random& random_;
};

// An RFC 9457 problem response (application/problem+json).
http::Response Problem(int status, std::string title, std::string detail);

}  // namespace graphpost::gateway
