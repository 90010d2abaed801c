// The token request's outcome, read as four checks: tenant, app, credential (which AADSTS code
// stopped it, protocol.md §1.5) and permissions (the token's roles, §2 and §6.3); plus
// credential-expiry from the stored date. Entra stops at the first problem, so a failure at one
// stage confirms the stages before it and leaves the later ones unknown.
#include <algorithm>
#include <charconv>

#include "core/ascii.hpp"
#include "doctor/internal/checks.hpp"
#include "doctor/internal/fix_text.hpp"

namespace graphpost::doctor::internal {
using connections::Connection;

long AadstsNumber(const Error& e) {
  constexpr std::string_view kPrefix = "AADSTS";
  std::string_view code = e.remote_code;
  if (!AsciiIStartsWith(code, kPrefix)) return 0;
  code.remove_prefix(kPrefix.size());
  long n = 0;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), n);
  return ec == std::errc() && end == code.data() + code.size() ? n : 0;
}

namespace {

TokenStage StageOfCode(long code) {
  switch (code) {
    case 90002:
    case 900023:
    case 9001023:
    case 500011:
      return TokenStage::kTenant;
    case 700016:
    case 7000112:
      return TokenStage::kApp;
    case 7000215:
    case 7000222:
    case 7000218:
    case 7000216:
    case 700027:
    case 700024:
    case 50027:
    case 700021:
    case 700023:
      return TokenStage::kCredential;
    default:
      return TokenStage::kOther;
  }
}

}  // namespace

TokenStage StageOf(const TokenOutcome& token) {
  if (token) return TokenStage::kOk;
  const Error& e = token.error();
  if (TokenStage stage = StageOfCode(AadstsNumber(e)); stage != TokenStage::kOther) return stage;
  if (e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kDeadlineExceeded ||
      e.code == ErrorCode::kThrottled) {
    return TokenStage::kUnreachable;
  }
  if (!e.remote_code.empty()) return TokenStage::kOther;
  // No AADSTS code: fall back on the OAuth error's class (token_response.hpp's table).
  switch (e.code) {
    case ErrorCode::kNotFound:
      return TokenStage::kTenant;  // invalid_tenant
    case ErrorCode::kPermissionDenied:
      return TokenStage::kApp;  // unauthorized_client
    case ErrorCode::kUnauthenticated:
      return TokenStage::kCredential;  // invalid_client
    default:
      return TokenStage::kOther;
  }
}

namespace {

std::string TenantFailureCause(const Connection& c, const Error& e) {
  switch (AadstsNumber(e)) {
    case 900023:
      return "'" + c.tenant + "' is neither a tenant ID (GUID) nor a domain (AADSTS900023).";
    case 9001023:
      return "'" + c.tenant +
             "' is not a single tenant (AADSTS9001023); app-only tokens need "
             "the Directory (tenant) ID or a verified domain.";
    case 500011:
      return "Entra ID does not know Microsoft Graph in tenant '" + c.tenant +
             "' (AADSTS500011): the connection's cloud probably differs from the tenant's.";
    default:
      return "Entra ID has no tenant '" + c.tenant + "' in this cloud (" +
             (e.remote_code.empty() ? std::string("invalid_tenant") : e.remote_code) +
             "): the Tenant ID/Domain is wrong, or the tenant lives in another cloud.";
  }
}

CheckResult UnreachableTenant(const Connection& c, const Error& e) {
  std::string wait =
      e.retry_after ? " Entra ID asked to wait " + std::to_string(e.retry_after->count()) + " s."
                    : "";
  return Make(kTenantId, CheckStatus::kFail,
              "Could not get an answer from Entra ID, so nothing could be checked: " + e.message +
                  "." + wait,
              "Check that this machine reaches the sign-in URL over HTTPS (DNS, proxy, firewall) "
              "and trusts its certificate (CA bundle: " +
                  (c.ca_file.empty() ? std::string("system default") : c.ca_file) +
                  "), then run the test again. " + CloudHint(c));
}

std::string NotConfirmed(std::string_view what, const Error& e) {
  return "Not confirmed: Entra ID refused the token request for another reason (" + CodeOf(e) +
         ") before " + std::string(what) + " could be confirmed; see the credential check.";
}

}  // namespace

CheckResult CheckTenant(const Connection& c, const TokenOutcome& token) {
  TokenStage stage = StageOf(token);
  if (stage == TokenStage::kUnreachable) return UnreachableTenant(c, token.error());
  if (stage == TokenStage::kOther) {
    return Skipped(kTenantId, NotConfirmed("the tenant", token.error()));
  }
  if (stage == TokenStage::kTenant) {
    return Make(kTenantId, CheckStatus::kFail, TenantFailureCause(c, token.error()),
                "Step 4: in the Azure portal open " + AppRegistrationPath(c) +
                    " > Overview > Essentials, copy the Directory (tenant) ID and put it in the "
                    "connection's Tenant ID/Domain. (graphpost knows the app only by its client "
                    "ID, not by name.) If the tenant is in a national cloud, set the connection's "
                    "cloud to it (global, usgov, usgov-dod, china). " +
                    CloudHint(c));
  }
  std::string cause = "Entra ID knows tenant '" + c.tenant + "'";
  if (token && !token->tenant_id.empty() && !AsciiIEquals(token->tenant_id, c.tenant)) {
    cause += " (Directory (tenant) ID " + token->tenant_id + ")";
  }
  return Make(kTenantId, CheckStatus::kPass, cause + ".");
}

CheckResult CheckApp(const Connection& c, const TokenOutcome& token) {
  TokenStage stage = StageOf(token);
  if (stage == TokenStage::kUnreachable || stage == TokenStage::kTenant) {
    return Skipped(kAppId, "The tenant check failed, so the app could not be looked up.");
  }
  if (stage == TokenStage::kOther) return Skipped(kAppId, NotConfirmed("the app", token.error()));
  if (stage != TokenStage::kApp) {
    return Make(kAppId, CheckStatus::kPass,
                "Entra ID found the app with client ID " + c.client_id + " in the tenant.");
  }
  if (AadstsNumber(token.error()) == 7000112) {
    return Make(
        kAppId, CheckStatus::kFail,
        "The app with client ID " + c.client_id + " is disabled in this tenant (AADSTS7000112).",
        "Microsoft Entra ID > Enterprise applications > search for " + c.client_id +
            " > Properties > set \"Enabled for users to sign-in?\" to Yes > Save.");
  }
  return Make(kAppId, CheckStatus::kFail,
              "Entra ID has no app with client ID " + c.client_id + " in tenant '" + c.tenant +
                  "' (" +
                  (token.error().remote_code.empty() ? std::string("unauthorized_client")
                                                     : token.error().remote_code) +
                  "): wrong client ID, or the app is registered in another tenant.",
              "Step 4: in tenant '" + c.tenant +
                  "' open Microsoft Entra ID > App registrations > the app > Overview > "
                  "Essentials and copy the Application (client) ID (not the Object ID, a "
                  "different value). If the app is not listed there, it is registered in another "
                  "tenant: use that tenant's Directory (tenant) ID, or register the app here "
                  "(Step 1).");
}

bool HasRole(const std::vector<std::string>& roles, std::string_view role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

}  // namespace graphpost::doctor::internal
