// setup/answers.hpp — what `graphpost setup` needs to know about a tenant (docs/setup.md
// "The answers"): the tenant, its cloud and mail domains, the app's name, the sending mailboxes,
// the group that scopes them, the credential and the mode. The same value comes from prompts
// (setup/prompts.hpp), flags, or an answers file (TOML), and is written back into the runbook as
// answers.toml so a run can be repeated. Plain values and pure functions; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::setup {

// recommended: Exchange RBAC for Applications only, no Entra mail permission (least privilege).
// as-the-guide: Entra Mail.Send + Mail.ReadWrite with admin consent plus the RBAC scope, exactly
// as the setup guide leaves a tenant; the app can then send as ANY mailbox (the doctor warns).
enum class Mode { kRecommended, kAsTheGuide };
// "recommended" / "as-the-guide"; Parse also accepts "guide".
std::string_view ModeName(Mode mode);
[[nodiscard]] Result<Mode> ParseMode(std::string_view text);

// client-secret: Entra makes the secret (shown once). certificate: graphpost makes the key pair
// locally; only the certificate (public part) is uploaded to Entra.
enum class CredentialKind { kClientSecret, kCertificate };
std::string_view CredentialKindName(CredentialKind kind);  // "client-secret" / "certificate"
[[nodiscard]] Result<CredentialKind> ParseCredentialKind(std::string_view text);

// What a sending address is in the tenant. Only `--rehearse` needs it: the blank sandbox tenant is
// given these mailboxes before the runbook runs, since a real tenant already has them. The
// generated scripts find out for themselves (Get-Mailbox) and stop on anything else.
enum class MailboxKind { kUser, kShared, kAlias };
std::string_view MailboxKindName(MailboxKind kind);  // "user" / "shared" / "alias"
[[nodiscard]] Result<MailboxKind> ParseMailboxKind(std::string_view text);

struct MailboxAnswer {
  std::string address;  // as the admin typed it: a primary SMTP address or (kAlias) an alias
  MailboxKind kind = MailboxKind::kUser;
  // kAlias only: the primary SMTP address of the mailbox the alias belongs to (a user mailbox in
  // the rehearsal). The connection sends as this address, never as the alias (guide step 6).
  std::string alias_of;
  std::string connection;  // connection name; empty: ConnectionName() derives one
};

struct Answers {
  std::string tenant;                // Directory (tenant) ID (GUID) or a domain of the tenant
  std::vector<std::string> domains;  // the tenant's mail domains; empty: {tenant} when a domain
  std::string cloud = "global";      // auth/cloud.hpp names: global | usgov | usgov-dod | china
  std::string app_name = "graphpost mail sender";
  std::vector<MailboxAnswer> mailboxes;
  std::string group_name;  // mail-enabled security group; empty: app_name + " Senders"
  CredentialKind credential = CredentialKind::kClientSecret;
  int credential_months = 12;  // 1..24 (Entra's portal offers up to 24 months for secrets)
  Mode mode = Mode::kRecommended;
  std::string admin_upn;  // for Connect-ExchangeOnline -UserPrincipalName; may be empty
};

// A tenant as the admin may give it: a GUID, or a DNS domain name (e.g. company.com or
// company.onmicrosoft.com). kInvalidArgument "tenant: ..." saying which of the two it is not.
[[nodiscard]] Status CheckTenant(std::string_view tenant);

// A sending address: one @, a local part without spaces or quotes, and a domain among `domains`
// (ignoring case). kInvalidArgument "mailbox 'x@y': ..." naming the domains it may use.
[[nodiscard]] Status CheckMailboxAddress(std::string_view address,
                                         const std::vector<std::string>& domains);

// The mail domains addresses are checked against: answers.domains, else {tenant} when it is a
// domain, else empty (a GUID tenant with no domains: every address is refused).
std::vector<std::string> EffectiveDomains(const Answers& answers);

// Everything at once, first problem first: tenant, domains (DNS names), cloud (known name), app
// and group names (1..64 printable characters, no quotes), at least one mailbox, each address in
// the domains, no address twice, an alias with its alias_of in the domains, connection names
// unique and valid (connections/connection.hpp's rule), credential months 1..24.
// kInvalidArgument whose message starts with the field ("mailboxes[2].address: ...").
[[nodiscard]] Status ValidateAnswers(const Answers& answers);

// Names derived from the answers, used by the plan and the README alike.
std::string GroupName(const Answers& answers);       // group_name or app_name + " Senders"
std::string GroupAlias(const Answers& answers);      // letters and digits of GroupName, lower-case
std::string ScopeName(const Answers& answers);       // GroupName + " Scope"
std::string AssignmentName(const Answers& answers);  // app_name + " Mail.Send"
// The address a connection sends as: alias_of for an alias, else the address.
std::string SendingAddress(const MailboxAnswer& mailbox);
// mailbox.connection, else SendingAddress's local part with characters outside [A-Za-z0-9._-]
// replaced by '-'.
std::string ConnectionName(const MailboxAnswer& mailbox);
// A value as error messages show it: in single quotes, cut after 64 characters (UTF-8 counted by
// character) with the full length named, so a huge value cannot flood the message.
std::string QuoteValue(std::string_view text);

// An answers file (TOML, docs/setup.md "The answers file"):
//   tenant = "company.com"   domains = ["company.com"]   cloud = "global"
//   app_name = "..."   group_name = "..."   credential = "client-secret" | "certificate"
//   credential_months = 12   mode = "recommended" | "as-the-guide"   admin_upn = "..."
//   [[mailbox]] address = "..." kind = "user" | "shared" | "alias" alias_of = "..." connection =
//   ".."
// Unknown keys are refused. Errors: kInvalidArgument "<file>:<line>:<column>: <key>: <what>"
// (line and column of the value at fault; of the file for TOML syntax errors). Not validated
// beyond types: call ValidateAnswers.
[[nodiscard]] Result<Answers> ParseAnswersToml(std::string_view text, std::string_view file_name);

// The answers as a TOML file that ParseAnswersToml reads back to the same value.
std::string AnswersToToml(const Answers& answers);

}  // namespace graphpost::setup
