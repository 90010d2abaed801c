// Checks of the answers (CheckTenant, CheckMailboxAddress, EffectiveDomains, ValidateAnswers).
// Every message starts with the field, says what is wrong and what is allowed, and fits one line
// (the prompts print it as the reason an answer is refused).
#include <algorithm>
#include <set>

#include "auth/cloud.hpp"
#include "connections/connection.hpp"
#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "setup/answers.hpp"

namespace graphpost::setup {
namespace {

using connections::IsConnectionName;
using connections::IsDomainName;

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

std::string Quoted(std::string_view text) { return QuoteValue(text); }

std::string JoinDomains(const std::vector<std::string>& domains) {
  std::string out;
  for (const auto& d : domains) out += (out.empty() ? "" : ", ") + d;
  return out;
}

bool ContainsIgnoringCase(const std::vector<std::string>& list, std::string_view item) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& d) { return AsciiIEquals(d, item); });
}

// A C1 control (U+0080..U+009F, UTF-8 C2 80..9F) or a line or paragraph separator (U+2028,
// U+2029, UTF-8 E2 80 A8..A9): never part of a name, and text some editors and tools take as a
// line break, which must not happen inside the scripts' comments and strings.
bool HasUnicodeBreakOrControl(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return true;
    if (a == 0xE2 && b == 0x80 && i + 2 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if (c == 0xA8 || c == 0xA9) return true;
    }
  }
  return false;
}

bool IsSpaceQuoteOrControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '`';
}

// Why `address` is not a sending address of `domains`; empty when it is one.
std::string AddressProblem(std::string_view address, const std::vector<std::string>& domains) {
  auto at = address.find('@');
  if (address.empty()) return "is empty; give an e-mail address like name@company.com";
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return "is not an e-mail address (one @ between a name and a domain, like name@company.com)";
  }
  std::string_view local = address.substr(0, at), domain = address.substr(at + 1);
  if (local.size() > 64) return "the name before @ is longer than 64 characters";
  if (std::any_of(address.begin(), address.end(), IsSpaceQuoteOrControl) ||
      HasUnicodeBreakOrControl(address)) {
    return "has a space, quote or control character; give the primary SMTP address as is";
  }
  if (!IsDomainName(domain)) {
    return "the part after @ (" + QuoteValue(domain) + ") is not a domain name like company.com";
  }
  if (domains.empty()) {
    return "no mail domains of the tenant are known; give them first (domains, --domain)";
  }
  if (!ContainsIgnoringCase(domains, domain)) {
    return "the domain " + std::string(domain) + " is not one of the tenant's domains (" +
           JoinDomains(domains) + ")";
  }
  return {};
}

// App and group names end up in PowerShell strings and Entra display names: 1..64 characters
// (UTF-8 counted by character), no control characters, no quotes, no leading or trailing space.
Status CheckDisplayName(std::string_view field, std::string_view name) {
  const std::string head = std::string(field) + ": " + Quoted(name) + " ";
  if (name.empty()) return Invalid(std::string(field) + ": is empty; give 1 to 64 characters");
  auto chars = std::count_if(name.begin(), name.end(),
                             [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  if (chars > 64) return Invalid(std::string(field) + ": is longer than 64 characters");
  if (HasUnicodeBreakOrControl(name)) {
    return Invalid(std::string(field) + ": has a control character or a line separator");
  }
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return Invalid(std::string(field) + ": has a control character");
    if (c == '"' || c == '\'' || c == '`') {
      return Invalid(head + "has a quote; use letters, digits, spaces and . _ - ( ) and the like");
    }
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return Invalid(head + "starts or ends with a space");
  }
  return Ok();
}

size_t CharCount(std::string_view text) {  // UTF-8 characters
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Exchange names the role assignment after the app (AssignmentName: "<app> Mail.Send") and
// refuses a name over 64 characters, so the app's name has room for 54.
Status CheckAppName(const Answers& a) {
  if (auto s = CheckDisplayName("app_name", a.app_name); !s) return s;
  constexpr size_t kMaxAssignmentName = 64;
  const std::string assignment = AssignmentName(a);
  if (CharCount(assignment) <= kMaxAssignmentName) return Ok();
  return Invalid("app_name: is longer than " +
                 std::to_string(kMaxAssignmentName - (assignment.size() - a.app_name.size())) +
                 " characters; Exchange's role assignment is named after it ('<app name> "
                 "Mail.Send', at most 64 characters)");
}

// The group's name, given or derived (app_name + " Senders"); Exchange names the management
// scope after it (ScopeName: "<group> Scope") and refuses a name over 64 characters.
Status CheckGroupName(const Answers& a) {
  const bool derived = a.group_name.empty();
  const std::string group = GroupName(a);
  Status s = CheckDisplayName("group_name", group);
  constexpr size_t kMaxScopeName = 64;
  const std::string scope = ScopeName(a);
  if (s && CharCount(scope) > kMaxScopeName) {
    s = Invalid("group_name: is longer than " +
                std::to_string(kMaxScopeName - (scope.size() - group.size())) +
                " characters; Exchange's management scope is named after it ('<group name> "
                "Scope', at most 64 characters)");
  }
  if (s || !derived) return s;
  return Invalid(s.error().message + " (derived from app_name; give a shorter group_name)");
}

Status CheckDomains(const Answers& a) {
  for (size_t i = 0; i < a.domains.size(); ++i) {
    if (!IsDomainName(a.domains[i])) {
      return Invalid("domains[" + std::to_string(i) + "]: " + Quoted(a.domains[i]) +
                     " is not a domain name like company.com");
    }
  }
  if (a.domains.empty() && IsGuid(a.tenant)) {
    return Invalid("domains: the tenant is given by its ID, so give its mail domains too");
  }
  return Ok();
}

Status CheckCloud(const Answers& a) {
  if (auth::ParseCloud(a.cloud)) return Ok();
  return Invalid("cloud: " + Quoted(a.cloud) + " is not one of global, usgov, usgov-dod, china");
}

Status CheckAdminUpn(const Answers& a) {
  if (a.admin_upn.empty()) return Ok();
  auto at = a.admin_upn.find('@');
  bool ok = at != std::string::npos && at > 0 && IsDomainName(a.admin_upn.substr(at + 1)) &&
            std::none_of(a.admin_upn.begin(), a.admin_upn.end(), IsSpaceQuoteOrControl);
  if (ok) return Ok();
  return Invalid("admin_upn: " + Quoted(a.admin_upn) +
                 " is not a user principal name like admin@company.onmicrosoft.com");
}

Status CheckOneMailbox(const MailboxAnswer& m, const std::string& field,
                       const std::vector<std::string>& domains) {
  if (auto why = AddressProblem(m.address, domains); !why.empty()) {
    return Invalid(field + ".address: " + Quoted(m.address) + ": " + why);
  }
  if (m.kind != MailboxKind::kAlias) {
    if (m.alias_of.empty()) return Ok();
    return Invalid(field + ".alias_of: only an alias (kind alias) has alias_of; this one is " +
                   std::string(MailboxKindName(m.kind)));
  }
  if (m.alias_of.empty()) {
    return Invalid(field + ".alias_of: an alias needs the primary address of its mailbox");
  }
  if (auto why = AddressProblem(m.alias_of, domains); !why.empty()) {
    return Invalid(field + ".alias_of: " + Quoted(m.alias_of) + ": " + why);
  }
  if (AsciiIEquals(m.alias_of, m.address)) {
    return Invalid(field + ".alias_of: is the alias itself; give the mailbox it belongs to");
  }
  return Ok();
}

Status CheckMailboxes(const Answers& a) {
  if (a.mailboxes.empty()) return Invalid("mailboxes: give at least one sending mailbox");
  const auto domains = EffectiveDomains(a);
  std::set<std::string> addresses, connections;
  for (size_t i = 0; i < a.mailboxes.size(); ++i) {
    const auto& m = a.mailboxes[i];
    const std::string field = "mailboxes[" + std::to_string(i) + "]";
    if (auto s = CheckOneMailbox(m, field, domains); !s) return s;
    if (!addresses.insert(AsciiLower(m.address)).second) {
      return Invalid(field + ".address: " + Quoted(m.address) + " is given twice");
    }
    const std::string name = ConnectionName(m);
    if (!IsConnectionName(name)) {
      return Invalid(field + ".connection: " + Quoted(name) +
                     " is not a connection name (1 to 64 of A-Z a-z 0-9 . _ -)");
    }
    if (!connections.insert(name).second) {
      return Invalid(field + ".connection: " + Quoted(name) +
                     " is another mailbox's connection too; give each mailbox its own name");
    }
  }
  return Ok();
}

Status CheckMonths(const Answers& a) {
  if (a.credential_months >= 1 && a.credential_months <= 24) return Ok();
  return Invalid("credential_months: " + std::to_string(a.credential_months) +
                 " is outside 1 to 24 (months the credential stays valid)");
}

}  // namespace

Status CheckTenant(std::string_view tenant) {
  if (tenant.empty()) {
    return Invalid(
        "tenant: is empty; give the directory (tenant) ID (a GUID) or a domain like "
        "contoso.com");
  }
  if (IsGuid(tenant) || IsDomainName(tenant)) return Ok();
  return Invalid("tenant: " + Quoted(tenant) +
                 " is neither a directory (tenant) ID (a GUID) nor a domain name like contoso.com");
}

Status CheckMailboxAddress(std::string_view address, const std::vector<std::string>& domains) {
  if (auto why = AddressProblem(address, domains); !why.empty()) {
    return Invalid("mailbox " + Quoted(address) + ": " + why);
  }
  return Ok();
}

std::vector<std::string> EffectiveDomains(const Answers& answers) {
  if (!answers.domains.empty()) return answers.domains;
  if (IsDomainName(answers.tenant)) return {answers.tenant};
  return {};
}

Status ValidateAnswers(const Answers& answers) {
  if (auto s = CheckTenant(answers.tenant); !s) return s;
  if (auto s = CheckDomains(answers); !s) return s;
  if (auto s = CheckCloud(answers); !s) return s;
  if (auto s = CheckAppName(answers); !s) return s;
  if (auto s = CheckGroupName(answers); !s) return s;
  if (auto s = CheckMailboxes(answers); !s) return s;
  if (auto s = CheckMonths(answers); !s) return s;
  return CheckAdminUpn(answers);
}

}  // namespace graphpost::setup
