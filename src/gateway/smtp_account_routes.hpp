// gateway/smtp_account_routes.hpp — the operator routes for SMTP accounts (docs/gateway.md,
// "Operations"; docs/smtp.md, "Accounts and who may submit"), behind OperatorApi's admin-key check:
//   GET    /v1/admin/smtp-accounts                  → 200 {"smtpAccounts":[account…]}
//   POST   /v1/admin/smtp-accounts                  {name, passwordHash, connections[], senders[]}
//                                                   → 201 account; 409 when the name is taken
//   PUT    /v1/admin/smtp-accounts/{name}/password  {passwordHash} → 200 account
//   PATCH  /v1/admin/smtp-accounts/{name}           {connections?, senders?} → 200 account
//   DELETE /v1/admin/smtp-accounts/{name}           → 200 {name, removed:true}
// account = {name, connections, senders, createdAt, passwordChangedAt}. The client sends an
// Argon2id hash (the CLI hashes the password, so it never travels); the hash is never answered.
// Connections must exist (400 naming the first that does not). Unknown names: 404.
// Read-then-write (POST's 409, PUT, PATCH) is not atomic against a second operator changing the
// same account at the same moment: the last write wins. Thread-safe; `outbox`, `connections` and
// `clock` must outlive it.
#pragma once

#include <string_view>

#include "api/connection_directory.hpp"
#include "core/clock.hpp"
#include "http/message.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::gateway {

class SmtpAccountRoutes {
 public:
  SmtpAccountRoutes(outbox::OutboxStore& outbox, api::ConnectionDirectory& connections,
                    Clock& clock)
      : outbox_(outbox), connections_(connections), clock_(clock) {}

  // True for /v1/admin/smtp-accounts and the paths below it.
  static bool Serves(std::string_view path);
  // Answers now, or (writes) once the outbox has committed. The caller has checked the key.
  void Handle(const http::Request& request, http::Respond respond);

 private:
  void List(http::Respond respond);
  void Create(const http::Request& request, http::Respond respond);
  void SetPassword(const std::string& name, const http::Request& request, http::Respond respond);
  void Change(const std::string& name, const http::Request& request, http::Respond respond);
  void Remove(const std::string& name, http::Respond respond);
  void Store(outbox::SmtpAccountRecord account, int status, http::Respond respond);

  outbox::OutboxStore& outbox_;
  api::ConnectionDirectory& connections_;
  Clock& clock_;
};

}  // namespace graphpost::gateway
