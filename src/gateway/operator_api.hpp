// gateway/operator_api.hpp — the gateway's operator routes under /v1/admin/, for admin API keys
// only (what `graphpost apikey ...`, `graphpost smtp-account ...` and `graphpost queue purge`
// call; docs/gateway.md, "Operations"):
//   GET  /v1/admin/apikeys → {"apiKeys":[{id,name,admin,connections,createdAt,revoked}]}
//   POST /v1/admin/apikeys {name, connections[], admin} → 201 {id, key, ...}: the key, once
//   POST /v1/admin/apikeys/{id}/revoke   → 200 {id, revoked:true}
//   POST /v1/admin/purge {"olderThan":"7d"} → 200 {purged, before}
//   /v1/admin/smtp-accounts...           → SmtpAccountRoutes (gateway/smtp_account_routes.hpp)
// Errors are the API's problems (api/problem.hpp); they never carry a key. Keys are made and
// hashed by api/api_keys.hpp.
// A key's connections must exist in `connections` (400 naming the first that does not), so a
// typo cannot make a key that can send through nothing.
// Thread-safe; `outbox`, `connections`, `clock` and `random` must outlive it.
#pragma once

#include <string>
#include <string_view>

#include "api/connection_directory.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "gateway/smtp_account_routes.hpp"
#include "http/message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::gateway {

class OperatorApi {
 public:
  OperatorApi(outbox::OutboxStore& outbox, api::ConnectionDirectory& connections, Clock& clock,
              Random& random)
      : outbox_(outbox),
        connections_(connections),
        clock_(clock),
        random_(random),
        smtp_accounts_(outbox, connections, clock) {}

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
  api::ConnectionDirectory& connections_;
  Clock& clock_;
  Random& random_;
  SmtpAccountRoutes smtp_accounts_;
};

}  // namespace graphpost::gateway
