#include "auth/token_request.hpp"

#include <boost/json/object.hpp>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/ids.hpp"
#include "crypto/digest.hpp"
#include "crypto/jwt.hpp"
#include "crypto/keys.hpp"

namespace graphpost::auth {
namespace {

constexpr char kAssertionType[] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

bool IsTenantChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

std::string LoginBase(const AppCredential& credential) {
  std::string base = credential.login_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

bool HasCertificate(const AppCredential& credential) {
  return !credential.certificate_pem.empty() || !credential.private_key_pem.empty();
}

Status ValidateTenant(const std::string& tenant) {
  if (tenant.empty()) return Fail(ErrorCode::kInvalidArgument, "the tenant is empty");
  for (char c : tenant) {
    if (!IsTenantChar(c)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "tenant '" + tenant + "' is neither a tenant ID (GUID) nor a domain name");
    }
  }
  return Ok();
}

// The certificate and its private key, checked to belong together.
struct CertificateKey {
  crypto::Certificate certificate;
  crypto::Key key;
};

Result<CertificateKey> LoadCertificateKey(const AppCredential& credential) {
  auto certificate = crypto::Certificate::FromPem(credential.certificate_pem);
  if (!certificate) {
    return Fail(ErrorCode::kInvalidArgument,
                "the certificate PEM does not parse: " + certificate.error().message);
  }
  auto key = crypto::Key::FromPem(credential.private_key_pem.Reveal());
  if (!key || !key->HasPrivate()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the private key is not an unencrypted PEM private key");
  }
  if (!key->IsRsa()) {
    return Fail(ErrorCode::kInvalidArgument, "the certificate's private key must be RSA (PS256)");
  }
  if (key->RsaModulus() != certificate->PublicKey().RsaModulus()) {
    return Fail(ErrorCode::kInvalidArgument, "the private key does not match the certificate");
  }
  return CertificateKey{*std::move(certificate), *std::move(key)};
}

Result<std::string> Fingerprint(const AppCredential& credential) {
  if (!HasCertificate(credential)) {
    return crypto::HexLower(crypto::Sha256(credential.client_secret.Reveal()));
  }
  auto certificate = crypto::Certificate::FromPem(credential.certificate_pem);
  if (!certificate) {
    return Fail(ErrorCode::kInvalidArgument,
                "the certificate PEM does not parse: " + certificate.error().message);
  }
  return "x5t#S256:" + certificate->X5tS256();
}

long long EpochSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string TokenEndpointUrl(const AppCredential& credential) {
  return LoginBase(credential) + "/" + credential.tenant + "/oauth2/v2.0/token";
}

Status ValidateCredential(const AppCredential& credential) {
  auto invalid = [](const char* why) { return Fail(ErrorCode::kInvalidArgument, why); };
  if (LoginBase(credential).empty()) return invalid("the login base URL is empty");
  if (Status s = ValidateTenant(credential.tenant); !s) return s;
  if (credential.client_id.empty()) return invalid("the client ID is empty");
  if (credential.scope.empty()) return invalid("the scope is empty");
  bool has_secret = !credential.client_secret.empty();
  if (has_secret && HasCertificate(credential)) {
    return invalid("set either a client secret or a certificate, not both");
  }
  if (!has_secret && !HasCertificate(credential)) {
    return invalid("no client secret and no certificate is set");
  }
  if (HasCertificate(credential) &&
      (credential.certificate_pem.empty() || credential.private_key_pem.empty())) {
    return invalid("a certificate credential needs both the certificate and its private key");
  }
  return Ok();
}

Result<std::string> CredentialCacheKey(const AppCredential& credential) {
  if (Status s = ValidateCredential(credential); !s) return Fail(s.error());
  auto fingerprint = Fingerprint(credential);
  if (!fingerprint) return Fail(fingerprint.error());
  return AsciiLower(LoginBase(credential)) + "\n" + AsciiLower(credential.tenant) + "\n" +
         AsciiLower(credential.client_id) + "\n" + credential.scope + "\n" + *fingerprint;
}

Result<std::string> BuildClientAssertion(const AppCredential& credential,
                                         std::chrono::system_clock::time_point now,
                                         Random& random) {
  auto loaded = LoadCertificateKey(credential);
  if (!loaded) return Fail(loaded.error());
  boost::json::object header{{"typ", "JWT"}, {"x5t#S256", loaded->certificate.X5tS256()}};
  long long iat = EpochSeconds(now);
  boost::json::object payload{{"aud", TokenEndpointUrl(credential)},
                              {"iss", credential.client_id},
                              {"sub", credential.client_id},
                              {"jti", NewGuid(random)},
                              {"nbf", iat},
                              {"iat", iat},
                              {"exp", iat + kAssertionLifetime.count()}};
  return crypto::SignJwt(header, payload, loaded->key, crypto::JwtAlgorithm::kPs256);
}

Result<http::ClientRequest> BuildTokenRequest(const AppCredential& credential,
                                              std::chrono::system_clock::time_point now,
                                              Random& random) {
  if (Status s = ValidateCredential(credential); !s) return Fail(s.error());
  FormFields fields{{"grant_type", "client_credentials"},
                    {"client_id", credential.client_id},
                    {"scope", credential.scope}};
  if (!HasCertificate(credential)) {
    fields.emplace_back("client_secret", credential.client_secret.Reveal());
  } else {
    auto assertion = BuildClientAssertion(credential, now, random);
    if (!assertion) return Fail(assertion.error());
    fields.emplace_back("client_assertion_type", kAssertionType);
    fields.emplace_back("client_assertion", *std::move(assertion));
  }
  http::ClientRequest request;
  request.method = "POST";
  request.url = TokenEndpointUrl(credential);
  request.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  request.headers.Set("Accept", "application/json");
  request.body = EncodeForm(fields);
  return request;
}

}  // namespace graphpost::auth
