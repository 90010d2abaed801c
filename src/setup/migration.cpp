// The starting point of `graphpost setup migrate`: the answers derived from the saved connections
// that share one app, and (on the sandbox) what the app is granted today.
#include "setup/migration.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace graphpost::setup {
namespace {

namespace json = boost::json;

bool SameApp(const connections::Connection& a, const connections::Connection& b) {
  return AsciiIEquals(a.tenant, b.tenant) && AsciiIEquals(a.client_id, b.client_id);
}

// The connections that move together: `target` first, then the others of its app by name.
std::vector<const connections::Connection*> AppConnections(
    const connections::Connection& target, const std::vector<connections::Connection>& all) {
  std::vector<const connections::Connection*> others;
  for (const auto& c : all) {
    if (c.name != target.name && SameApp(c, target)) others.push_back(&c);
  }
  std::sort(others.begin(), others.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  others.insert(others.begin(), &target);
  return others;
}

std::string DomainOf(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? "" : AsciiLower(address.substr(at + 1));
}

// A mail role of Microsoft Graph that grants mailbox access tenant-wide (Mail.Send,
// Mail.ReadWrite, Mail.Read, Mail.ReadBasic...).
bool IsMailRole(std::string_view value) { return AsciiIStartsWith(value, "Mail."); }

Result<std::vector<std::string>> GrantedMailRoles(AdminPort& admin, const std::string& tenant_id,
                                                  const std::string& app_id) {
  auto app = admin.Call("GET", "tenants/" + tenant_id + "/apps/" + app_id, nullptr);
  if (!app) {
    return Fail(app.error().code,
                "reading app " + app_id + " in tenant " + tenant_id + ": " + app.error().message);
  }
  std::vector<std::string> roles;
  const json::array* permissions = JsonArray(*app, "permissions");
  if (permissions == nullptr) return roles;
  for (const auto& p : *permissions) {
    std::string value = JsonString(p, "value").value_or("");
    bool application = JsonString(p, "type").value_or("") == "Application";
    // Configured without consent still has to come off the registration.
    bool present = JsonString(p, "status").value_or("") == "Granted" ||
                   JsonBool(p, "configured").value_or(false);
    if (application && present && IsMailRole(value) &&
        std::find(roles.begin(), roles.end(), value) == roles.end()) {
      roles.push_back(value);
    }
  }
  return roles;
}

Result<bool> HasAccessPolicy(AdminPort& admin, const std::string& tenant_id,
                             const std::string& app_id) {
  json::object body{{"cmdlet", "Get-ApplicationAccessPolicy"}, {"params", json::array{}}};
  auto out = admin.Call("POST", "tenants/" + tenant_id + "/exchange", body);
  if (!out) {
    return Fail(out.error().code,
                "Get-ApplicationAccessPolicy in tenant " + tenant_id + ": " + out.error().message);
  }
  const json::array* objects = JsonArray(*out, "objects");
  if (objects == nullptr) return false;
  std::string wanted = AsciiLower(app_id);
  for (const auto& o : *objects) {
    if (AsciiLower(JsonString(o, "AppId").value_or("")).find(wanted) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<Answers> MigrationAnswers(const connections::Connection& target,
                                 const std::vector<connections::Connection>& all,
                                 const std::string& app_name, const std::string& group_name) {
  Answers answers;
  answers.tenant = target.tenant;
  // The sandbox's "custom" connections speak as the global cloud.
  answers.cloud = target.cloud == "custom" ? "global" : target.cloud;
  answers.app_name = app_name.empty() ? "graphpost app " + target.client_id.substr(0, 8) : app_name;
  answers.group_name = group_name;
  answers.credential = target.auth_type == connections::AuthType::kCertificate
                           ? CredentialKind::kCertificate
                           : CredentialKind::kClientSecret;
  answers.mode = Mode::kRecommended;
  std::set<std::string> domains, addresses;
  if (!IsGuid(target.tenant)) domains.insert(AsciiLower(target.tenant));
  for (const auto* c : AppConnections(target, all)) {
    if (DomainOf(c->user_id).empty()) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "connection '" + c->name +
                      "': its mailbox is not an e-mail address; the migration puts mailboxes "
                      "into a group by address (use `graphpost connection edit " +
                      c->name + " --user-id ADDRESS`)");
    }
    if (!addresses.insert(AsciiLower(c->user_id)).second) continue;  // same mailbox twice
    domains.insert(DomainOf(c->user_id));
    answers.mailboxes.push_back(
        {.address = c->user_id, .kind = MailboxKind::kUser, .alias_of = "", .connection = c->name});
  }
  answers.domains.assign(domains.begin(), domains.end());
  if (auto valid = ValidateAnswers(answers); !valid) {
    return Fail(valid.error().code,
                "migration of connection '" + target.name + "': " + valid.error().message);
  }
  return answers;
}

Result<MigrationInput> InspectOnSandbox(Answers answers, const std::string& app_id,
                                        AdminPort& admin, const std::string& tenant_id) {
  auto roles = GrantedMailRoles(admin, tenant_id, app_id);
  if (!roles) return Fail(roles.error());
  auto policy = HasAccessPolicy(admin, tenant_id, app_id);
  if (!policy) return Fail(policy.error());
  MigrationInput input;
  input.answers = std::move(answers);
  input.app_id = app_id;
  input.granted_mail_roles = std::move(*roles);
  input.has_access_policy = *policy;
  return input;
}

}  // namespace graphpost::setup
