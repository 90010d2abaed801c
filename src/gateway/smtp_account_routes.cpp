// The SMTP account operator routes; see smtp_account_routes.hpp.
#include "gateway/smtp_account_routes.hpp"

#include <boost/json.hpp>

#include "api/problem.hpp"
#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "crypto/password_hash.hpp"
#include "gateway/internal/operator_answers.hpp"
#include "message/email_address.hpp"

namespace graphpost::gateway {
namespace {

using internal::FromError;
using internal::Invalid;
using internal::JsonResponse;

constexpr std::string_view kAccounts = "/v1/admin/smtp-accounts";
constexpr std::string_view kPasswordSuffix = "/password";
constexpr std::size_t kMaxNameBytes = 128;
constexpr std::size_t kMaxListItems = 100;

// AUTH user names as devices type them: letters, digits and . _ - @ + (an e-mail-like name
// works); nothing that needs escaping in a URL, a log line or a config file.
bool IsAccountName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '@' || c == '+';
    if (!ok) return false;
  }
  return true;
}

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

json::object AccountJson(const outbox::SmtpAccountRecord& a) {
  return {{"name", a.name},
          {"connections", Strings(a.connections)},
          {"senders", Strings(a.senders)},
          {"createdAt", FormatIso8601(a.created_at)},
          {"passwordChangedAt", FormatIso8601(a.password_changed_at)}};
}

// `field` as a list of non-empty strings (absent = empty). Error text for a 400 otherwise.
Result<std::vector<std::string>> StringList(const json::value& body, std::string_view field) {
  std::vector<std::string> out;
  const auto* object = body.if_object();
  if (!object || !object->contains(field)) return out;
  const auto* list = object->at(field).if_array();
  if (!list || list->size() > kMaxListItems) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(field) + "' must be a list of at most 100 strings");
  }
  for (const auto& item : *list) {
    if (!item.is_string() || item.as_string().empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + std::string(field) + "' holds non-empty strings");
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

// Each connection exists: else the message names the first that does not.
Result<std::vector<std::string>> Connections(const json::value& body,
                                             api::ConnectionDirectory& directory) {
  auto connections = StringList(body, "connections");
  if (!connections) return connections;
  if (connections->empty()) {
    return Fail(ErrorCode::kInvalidArgument, "an SMTP account needs at least one connection");
  }
  for (const auto& c : *connections) {
    if (!directory.MailboxOf(c)) {
      return Fail(
          ErrorCode::kInvalidArgument,
          "no connection named '" + c + "' (`graphpost connection list` shows the saved ones)");
    }
  }
  return connections;
}

// Addresses ("billing@contoso.com") or domains ("@contoso.com"), stored lower case.
Result<std::vector<std::string>> Senders(const json::value& body) {
  auto senders = StringList(body, "senders");
  if (!senders) return senders;
  for (auto& s : *senders) {
    s = AsciiLower(s);
    const std::string as_address = s.starts_with('@') ? "postmaster" + s : s;
    if (auto problem = message::AddressProblem(as_address)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'senders' holds addresses or @domains: " + *problem);
    }
  }
  return senders;
}

Result<std::string> PasswordHash(const json::value& body) {
  auto hash = JsonString(body, "passwordHash");
  if (!hash || !crypto::LooksLikeArgon2idHash(*hash)) {
    return Fail(ErrorCode::kInvalidArgument,
                "'passwordHash' must be an Argon2id hash ($argon2id$v=19$...); "
                "`graphpost smtp-account` makes one from the password");
  }
  return *hash;
}

Result<json::value> ObjectBody(const http::Request& request,
                               std::initializer_list<std::string_view> allowed) {
  auto body = ParseJson(request.body);
  if (!body || !body->is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  if (auto unknown = UnknownKey(*body, allowed)) {
    return Fail(ErrorCode::kInvalidArgument, "unknown field '" + *unknown + "'");
  }
  return body;
}

Error NoAccount(const std::string& name) {
  return Error{.code = ErrorCode::kNotFound,
               .message = "no SMTP account named '" + name + "'",
               .retry_after = std::nullopt,
               .remote_code = ""};
}

}  // namespace

bool SmtpAccountRoutes::Serves(std::string_view path) {
  return path == kAccounts || path.starts_with(std::string(kAccounts) + "/");
}

void SmtpAccountRoutes::Handle(const http::Request& request, http::Respond respond) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == kAccounts && method == "GET") return List(std::move(respond));
  if (path == kAccounts && method == "POST") return Create(request, std::move(respond));
  std::string rest = path.size() > kAccounts.size() ? path.substr(kAccounts.size() + 1) : "";
  const bool password = rest.ends_with(kPasswordSuffix);
  if (password) rest.resize(rest.size() - kPasswordSuffix.size());
  auto name = PercentDecode(rest, false);  // "%40" from a client that encodes '@'
  if (!name || !IsAccountName(*name)) return respond(api::ProblemResponse(api::RouteNotFound()));
  if (password && method == "PUT") return SetPassword(*name, request, std::move(respond));
  if (!password && method == "PATCH") return Change(*name, request, std::move(respond));
  if (!password && method == "DELETE") return Remove(*name, std::move(respond));
  respond(api::ProblemResponse(api::MethodNotAllowed(password ? "PUT" : "PATCH, DELETE")));
}

void SmtpAccountRoutes::List(http::Respond respond) {
  auto accounts = outbox_.ListSmtpAccounts();
  if (!accounts) return respond(FromError(accounts.error()));
  json::array list;
  for (const auto& a : *accounts) list.push_back(AccountJson(a));
  respond(JsonResponse(200, json::object{{"smtpAccounts", std::move(list)}}));
}

void SmtpAccountRoutes::Create(const http::Request& request, http::Respond respond) {
  auto body = ObjectBody(request, {"name", "passwordHash", "connections", "senders"});
  if (!body) return respond(Invalid(body.error().message));
  auto name = JsonString(*body, "name");
  if (!name || !IsAccountName(*name)) {
    return respond(Invalid("'name' must be 1 to 128 letters, digits or . _ - @ +"));
  }
  auto hash = PasswordHash(*body);
  if (!hash) return respond(Invalid(hash.error().message));
  auto connections = Connections(*body, connections_);
  if (!connections) return respond(Invalid(connections.error().message));
  auto senders = Senders(*body);
  if (!senders) return respond(Invalid(senders.error().message));
  auto existing = outbox_.FindSmtpAccount(*name);
  if (!existing) return respond(FromError(existing.error()));
  if (*existing) {
    return respond(api::ProblemResponse(api::StateConflict(
        "an SMTP account named '" + (*existing)->name +
        "' exists; `graphpost smtp-account set-password` changes its password")));
  }
  const auto now = clock_.WallNow();
  Store({.name = std::move(*name),
         .password_hash = std::move(*hash),
         .connections = std::move(*connections),
         .senders = std::move(*senders),
         .created_at = now,
         .password_changed_at = now},
        201, std::move(respond));
}

void SmtpAccountRoutes::SetPassword(const std::string& name, const http::Request& request,
                                    http::Respond respond) {
  auto body = ObjectBody(request, {"passwordHash"});
  if (!body) return respond(Invalid(body.error().message));
  auto hash = PasswordHash(*body);
  if (!hash) return respond(Invalid(hash.error().message));
  auto existing = outbox_.FindSmtpAccount(name);
  if (!existing) return respond(FromError(existing.error()));
  if (!*existing) return respond(FromError(NoAccount(name)));
  outbox::SmtpAccountRecord account = std::move(**existing);
  account.password_hash = std::move(*hash);
  account.password_changed_at = clock_.WallNow();
  Store(std::move(account), 200, std::move(respond));
}

void SmtpAccountRoutes::Change(const std::string& name, const http::Request& request,
                               http::Respond respond) {
  auto body = ObjectBody(request, {"connections", "senders"});
  if (!body) return respond(Invalid(body.error().message));
  auto existing = outbox_.FindSmtpAccount(name);
  if (!existing) return respond(FromError(existing.error()));
  if (!*existing) return respond(FromError(NoAccount(name)));
  outbox::SmtpAccountRecord account = std::move(**existing);
  if (body->as_object().contains("connections")) {
    auto connections = Connections(*body, connections_);
    if (!connections) return respond(Invalid(connections.error().message));
    account.connections = std::move(*connections);
  }
  if (body->as_object().contains("senders")) {
    auto senders = Senders(*body);
    if (!senders) return respond(Invalid(senders.error().message));
    account.senders = std::move(*senders);
  }
  Store(std::move(account), 200, std::move(respond));
}

void SmtpAccountRoutes::Remove(const std::string& name, http::Respond respond) {
  outbox_.RemoveSmtpAccount(name, [respond = std::move(respond), name](Status removed) {
    if (!removed) {
      return respond(FromError(removed.error().code == ErrorCode::kNotFound ? NoAccount(name)
                                                                            : removed.error()));
    }
    respond(JsonResponse(200, json::object{{"name", name}, {"removed", true}}));
  });
}

void SmtpAccountRoutes::Store(outbox::SmtpAccountRecord account, int status,
                              http::Respond respond) {
  json::object answer = AccountJson(account);
  outbox_.PutSmtpAccount(std::move(account), [respond = std::move(respond),
                                              answer = std::move(answer), status](Status stored) {
    if (!stored) return respond(FromError(stored.error()));
    respond(JsonResponse(status, answer));
  });
}

}  // namespace graphpost::gateway
