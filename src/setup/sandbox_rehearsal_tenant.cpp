// PrepareRehearsalTenant: a blank sandbox tenant given the domains and mailboxes the answers
// name, so the runbook finds what a real tenant already has.
#include <cctype>
#include <set>

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "setup/internal/sandbox_steps.hpp"
#include "setup/sandbox_runner.hpp"

namespace graphpost::setup {
namespace {

namespace json = boost::json;

constexpr std::string_view kOnMicrosoft = ".onmicrosoft.com";
constexpr std::size_t kMaxPrefix = 27;  // the sandbox's limit for an initial domain's prefix

bool IsOnMicrosoft(std::string_view domain) {
  return domain.size() > kOnMicrosoft.size() &&
         AsciiIEquals(domain.substr(domain.size() - kOnMicrosoft.size()), kOnMicrosoft);
}

std::string_view LocalPart(std::string_view address) {
  return address.substr(0, address.find('@'));
}

// The initial domain's prefix: that of an onmicrosoft.com domain of the answers, else the
// letters and digits of the first domain's first label.
std::string InitialPrefix(const std::vector<std::string>& domains) {
  for (const std::string& d : domains) {
    if (IsOnMicrosoft(d)) return AsciiLower(d.substr(0, d.size() - kOnMicrosoft.size()));
  }
  std::string prefix;
  for (char c : domains.front().substr(0, domains.front().find('.'))) {
    if (std::isalnum(static_cast<unsigned char>(c)) && prefix.size() < kMaxPrefix)
      prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return prefix.empty() ? "rehearsal" : prefix;
}

// Creates the tenant; when the initial domain is taken (an earlier rehearsal in the same
// sandbox) a number is appended to the prefix.
Result<std::string> CreateTenant(AdminPort& admin, const std::vector<std::string>& domains,
                                 std::string* prefix) {
  std::string base = InitialPrefix(domains);
  for (int n = 1; n <= 50; ++n) {
    std::string suffix = n == 1 ? "" : std::to_string(n);
    *prefix = base.substr(0, kMaxPrefix - suffix.size()) + suffix;
    auto made =
        admin.Call("POST", "tenants",
                   json::object{{"displayName", domains.front()}, {"domainPrefix", *prefix}});
    if (made) return JsonString(*made, "id").value_or("");
    if (made.error().code != ErrorCode::kAlreadyExists || IsOnMicrosoft(domains.front()))
      return Fail(made.error().code, "rehearsal tenant: " + made.error().message);
  }
  return Fail(ErrorCode::kAlreadyExists, "rehearsal tenant: every domain prefix tried is taken");
}

Status AddDomains(AdminPort& admin, const std::string& tenant,
                  const std::vector<std::string>& domains, const std::string& prefix) {
  for (const std::string& d : domains) {
    if (AsciiIEquals(d, prefix + std::string(kOnMicrosoft))) continue;
    if (IsOnMicrosoft(d)) {
      return Fail(
          ErrorCode::kInvalidArgument,
          "rehearsal tenant: a tenant has one onmicrosoft.com domain; " + d + " is a second one");
    }
    auto added =
        admin.Call("POST", internal::TenantPath(tenant) + "/domains", json::object{{"domain", d}});
    if (!added)
      return Fail(added.error().code,
                  "rehearsal tenant: domain " + d + ": " + added.error().message);
  }
  return Ok();
}

Status AddUser(AdminPort& admin, const std::string& tenant, const std::string& address) {
  auto made = admin.Call(
      "POST", internal::TenantPath(tenant) + "/users",
      json::object{
          {"userPrincipalName", address}, {"displayName", LocalPart(address)}, {"licensed", true}});
  if (!made) {
    return Fail(made.error().code,
                "rehearsal tenant: user mailbox " + address + ": " + made.error().message);
  }
  return Ok();
}

Status AddShared(AdminPort& admin, const std::string& tenant, const std::string& address) {
  auto made = internal::RunCmdlet(admin, tenant, "New-Mailbox",
                                  {{"Shared", "true"},
                                   {"Name", std::string(LocalPart(address))},
                                   {"PrimarySmtpAddress", address}});
  if (!made) {
    return Fail(made.error().code,
                "rehearsal tenant: shared mailbox " + address + ": " + made.error().message);
  }
  return Ok();
}

Status AddAlias(AdminPort& admin, const std::string& tenant, const MailboxAnswer& m) {
  auto set = internal::RunCmdlet(
      admin, tenant, "Set-Mailbox",
      {{"Identity", m.alias_of}, {"EmailAddresses", "@{Add='smtp:" + m.address + "'}"}});
  if (!set) {
    return Fail(set.error().code,
                "rehearsal tenant: alias " + m.address + ": " + set.error().message);
  }
  return Ok();
}

// Users first (alias owners and the canary included), then shared mailboxes, then aliases.
Status AddMailboxes(AdminPort& admin, const std::string& tenant, const Answers& answers,
                    const std::string& canary) {
  std::set<std::string> taken;
  for (const MailboxAnswer& m : answers.mailboxes) {
    if (m.kind == MailboxKind::kShared) taken.insert(AsciiLower(m.address));
  }
  std::vector<std::string> users;
  auto want_user = [&](const std::string& address) {
    if (taken.insert(AsciiLower(address)).second) users.push_back(address);
  };
  for (const MailboxAnswer& m : answers.mailboxes) {
    if (m.kind == MailboxKind::kUser) want_user(m.address);
    if (m.kind == MailboxKind::kAlias) want_user(m.alias_of);
  }
  for (const MailboxAnswer& m : answers.mailboxes) {
    if (m.kind == MailboxKind::kAlias) taken.insert(AsciiLower(m.address));
  }
  want_user(canary);
  for (const std::string& u : users) {
    if (auto ok = AddUser(admin, tenant, u); !ok) return ok;
  }
  for (const MailboxAnswer& m : answers.mailboxes) {
    if (m.kind != MailboxKind::kShared) continue;
    if (auto ok = AddShared(admin, tenant, m.address); !ok) return ok;
  }
  for (const MailboxAnswer& m : answers.mailboxes) {
    if (m.kind != MailboxKind::kAlias) continue;
    if (auto ok = AddAlias(admin, tenant, m); !ok) return ok;
  }
  return Ok();
}

}  // namespace

Result<std::string> PrepareRehearsalTenant(const Answers& answers, AdminPort& admin) {
  std::vector<std::string> domains = EffectiveDomains(answers);
  if (domains.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "rehearsal tenant: the answers name no mail domain (give domains, or the tenant "
                "as a domain)");
  }
  std::string prefix;
  auto tenant = CreateTenant(admin, domains, &prefix);
  if (!tenant) return tenant;
  if (auto ok = AddDomains(admin, *tenant, domains, prefix); !ok) return Fail(ok.error());
  std::string canary = "canary@" + AsciiLower(domains.front());
  if (auto ok = AddMailboxes(admin, *tenant, answers, canary); !ok) return Fail(ok.error());
  return tenant;
}

}  // namespace graphpost::setup
