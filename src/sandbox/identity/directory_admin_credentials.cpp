// Certificates & secrets: client secrets (only a SHA-256 of the value is kept) and certificate
// credentials (public part only).
#include <algorithm>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "crypto/digest.hpp"
#include "crypto/keys.hpp"
#include "sandbox/identity/directory_admin.hpp"
#include "sandbox/identity/internal/directory_lookup.hpp"
#include "sandbox/state/state_json.hpp"

namespace graphpost::sandbox::identity {

Result<CreatedClientSecret> AddClientSecret(Tenant& tenant, std::string_view app_id,
                                            std::string display_name, WallTime end, Random& random,
                                            WallTime now) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  if (end <= now) {
    return Fail(ErrorCode::kInvalidArgument, "a client secret must expire in the future");
  }
  std::string value = NewClientSecretValue(random);
  PasswordCredential credential;
  credential.key_id = NewGuid(random);
  credential.display_name = std::move(display_name);
  credential.hint = value.substr(0, 3);
  credential.value_sha256 = crypto::HexLower(crypto::Sha256(value));
  credential.start = now;
  credential.end = end;
  CreatedClientSecret created{credential.key_id, Secret(std::move(value)), credential.hint, now,
                              end};
  (*app)->secrets.push_back(std::move(credential));
  return created;
}

Status RemoveClientSecret(Tenant& tenant, std::string_view app_id, std::string_view key_id) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  std::size_t removed = std::erase_if(
      (*app)->secrets, [&](const PasswordCredential& s) { return AsciiIEquals(s.key_id, key_id); });
  if (removed == 0) {
    return Fail(ErrorCode::kNotFound, "app '" + (*app)->display_name +
                                          "' has no client secret with ID '" + std::string(key_id) +
                                          "'");
  }
  return Ok();
}

Result<KeyCredential> AddCertificate(Tenant& tenant, std::string_view app_id, std::string_view pem,
                                     std::string display_name, Random& random) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                "upload only the certificate (public part); the private key stays with the client");
  }
  auto cert = crypto::Certificate::FromPem(pem);
  if (!cert) {
    return Fail(ErrorCode::kInvalidArgument, "not a PEM certificate: " + cert.error().message);
  }
  std::string thumbprint = cert->ThumbprintSha1Hex();
  auto& certificates = (*app)->certificates;
  if (std::any_of(certificates.begin(), certificates.end(), [&](const KeyCredential& k) {
        return AsciiIEquals(k.thumbprint_sha1_hex, thumbprint);
      })) {
    return Fail(ErrorCode::kAlreadyExists, "certificate " + thumbprint + " is already uploaded");
  }
  KeyCredential credential;
  credential.key_id = NewGuid(random);
  credential.display_name =
      display_name.empty() ? "CN=" + cert->SubjectCommonName() : std::move(display_name);
  credential.certificate_pem = cert->Pem();
  credential.thumbprint_sha1_hex = std::move(thumbprint);
  credential.x5t = cert->X5t();
  credential.x5t_s256 = cert->X5tS256();
  credential.start = cert->NotBefore();
  credential.end = cert->NotAfter();
  certificates.push_back(credential);
  return credential;
}

Status RemoveCertificate(Tenant& tenant, std::string_view app_id,
                         std::string_view key_id_or_thumbprint) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  std::size_t removed = std::erase_if((*app)->certificates, [&](const KeyCredential& k) {
    return AsciiIEquals(k.key_id, key_id_or_thumbprint) ||
           AsciiIEquals(k.thumbprint_sha1_hex, key_id_or_thumbprint);
  });
  if (removed == 0) {
    return Fail(ErrorCode::kNotFound, "app '" + (*app)->display_name +
                                          "' has no certificate with ID or thumbprint '" +
                                          std::string(key_id_or_thumbprint) + "'");
  }
  return Ok();
}

}  // namespace graphpost::sandbox::identity
