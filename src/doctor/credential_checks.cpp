// The credential: whether Entra accepted the secret or certificate (AADSTS7000215 and friends,
// protocol.md §1.5), and how long it has left. A stored secret shaped like a GUID is the Secret ID
// the portal shows beside the Value, the most common paste mistake (peers.md, need 4).
#include <chrono>

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "crypto/keys.hpp"
#include "doctor/internal/checks.hpp"
#include "doctor/internal/fix_text.hpp"

namespace graphpost::doctor::internal {
namespace {

using connections::AuthType;
using connections::Connection;
using std::chrono::days;

constexpr days kExpiryWarning{30};

std::string Thumbprint(const Connection& c) {
  auto cert = crypto::Certificate::FromPem(c.certificate_pem);
  return cert ? cert->ThumbprintSha1Hex() : std::string("(unreadable certificate)");
}

std::string UploadCertificateFix(const Connection& c) {
  return AppRegistrationPath(c) +
         " > Certificates & secrets > Certificates > Upload certificate: upload the connection's "
         "certificate (the public .cer/.pem only, never the private key). The list must then show "
         "thumbprint " +
         Thumbprint(c) + ".";
}

CheckResult SecretRejected(const Connection& c) {
  // IsGuid on the value decides the wording only; the value itself never reaches the text.
  if (IsGuid(c.client_secret.Reveal())) {
    return Make(kCredentialId, CheckStatus::kFail,
                "Entra ID rejected the client secret (AADSTS7000215). The stored secret has the "
                "shape of a GUID: this is the secret's ID, not its value.",
                NewSecretFix(c));
  }
  return Make(kCredentialId, CheckStatus::kFail,
              "Entra ID rejected the client secret (AADSTS7000215): it is not a current secret of "
              "app " +
                  c.client_id + " (mistyped, copied from another app, or deleted).",
              NewSecretFix(c));
}

CheckResult CredentialFailure(const Connection& c, const Error& e) {
  switch (AadstsNumber(e)) {
    case 7000215:
      return SecretRejected(c);
    case 7000222:
      return Make(kCredentialId, CheckStatus::kFail,
                  "The client secret has expired (AADSTS7000222).", NewSecretFix(c));
    case 7000218:
    case 7000216:
      return Make(kCredentialId, CheckStatus::kFail,
                  "Entra ID received no secret or certificate (" + e.remote_code + ").",
                  "Store the credential: " + RotateSecretCommand(c));
    case 700027:
      return Make(kCredentialId, CheckStatus::kFail,
                  "Entra ID does not accept the connection's certificate (AADSTS700027): it is not "
                  "registered on app " +
                      c.client_id + " (never uploaded, removed or expired).",
                  UploadCertificateFix(c));
    case 700024:
      return Make(kCredentialId, CheckStatus::kFail,
                  "The signed client assertion's time is out of range (AADSTS700024): this "
                  "machine's clock is probably wrong.",
                  "Set this machine's clock right (turn on NTP, e.g. `timedatectl set-ntp true`) "
                  "and run the test again.");
    case 700023:
      return Make(kCredentialId, CheckStatus::kFail,
                  "The client assertion's audience is not this tenant's token endpoint "
                  "(AADSTS700023).",
                  "Set the connection's cloud (or login URL) to the tenant's. " + CloudHint(c));
    case 700021:
    case 50027:
      return Make(kCredentialId, CheckStatus::kFail,
                  "Entra ID could not use the signed client assertion (" + e.remote_code + ").",
                  "Check the connection's Client ID is the app's Application (client) ID (Step 4) "
                  "and re-import the certificate and private key as a pair. If it persists, "
                  "report it as a graphpost bug with the code.");
    default:
      return Make(
          kCredentialId, CheckStatus::kFail, "Entra ID refused the token request: " + e.message,
          "Compare the connection with Steps 1-4 of the setup guide. " +
              (AadstsNumber(e) == 0 ? std::string()
                                    : "Microsoft explains " + e.remote_code +
                                          " at https://login.microsoftonline.com/error?code=" +
                                          std::to_string(AadstsNumber(e)) + "."));
  }
}

std::string CredentialName(const Connection& c) {
  return c.auth_type == AuthType::kCertificate ? "certificate" : "client secret";
}

std::optional<WallTime> ExpiryOf(const Connection& c) {
  if (c.auth_type == AuthType::kClientSecret) return c.secret_expires_on;
  auto cert = crypto::Certificate::FromPem(c.certificate_pem);
  if (!cert) return std::nullopt;
  return cert->NotAfter();
}

std::string RenewFix(const Connection& c) {
  if (c.auth_type == AuthType::kClientSecret) return NewSecretFix(c);
  return "Create a new certificate and key, upload the certificate under " +
         AppRegistrationPath(c) +
         " > Certificates & secrets > Certificates, and replace the connection's certificate and "
         "private key with the new pair.";
}

}  // namespace

CheckResult CheckCredential(const Connection& c, const TokenOutcome& token) {
  TokenStage stage = StageOf(token);
  if (stage == TokenStage::kOk) {
    return Make(kCredentialId, CheckStatus::kPass,
                "Entra ID accepted the " + CredentialName(c) + " and issued an access token.");
  }
  if (stage == TokenStage::kCredential || stage == TokenStage::kOther) {
    return CredentialFailure(c, token.error());
  }
  return Skipped(kCredentialId, "An earlier check failed, so Entra ID never looked at the " +
                                    CredentialName(c) + ".");
}

CheckResult CheckCredentialExpiry(const Connection& c, WallTime now) {
  std::optional<WallTime> expires = ExpiryOf(c);
  const std::string name = CredentialName(c);
  if (!expires) {
    if (c.auth_type == AuthType::kCertificate) {
      return Skipped(kCredentialExpiryId, "The connection's certificate could not be read.");
    }
    return Make(kCredentialExpiryId, CheckStatus::kSkipped,
                "The connection has no expiry date for its client secret, so graphpost cannot "
                "warn before it expires (sending then fails with AADSTS7000222).",
                "Look the date up under " + AppRegistrationPath(c) +
                    " > Certificates & secrets > Client secrets (column Expires) and record it "
                    "as the connection's secret expiry date.");
  }
  const std::string date = FormatDate(*expires);
  if (*expires <= now) {
    return Make(kCredentialExpiryId, CheckStatus::kFail,
                "The " + name + " expired on " + date + ".", RenewFix(c));
  }
  const auto left = std::chrono::floor<days>(*expires - now).count();
  const std::string in_days = " (in " + std::to_string(left) + (left == 1 ? " day)." : " days).");
  if (*expires - now <= kExpiryWarning) {
    return Make(kCredentialExpiryId, CheckStatus::kWarn,
                "The " + name + " expires soon: on " + date + in_days, RenewFix(c));
  }
  return Make(kCredentialExpiryId, CheckStatus::kPass,
              "The " + name + " expires on " + date + in_days);
}

}  // namespace graphpost::doctor::internal
