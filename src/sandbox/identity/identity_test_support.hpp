// sandbox/identity/identity_test_support.hpp — a fixture for identity tests: a World holding the
// setup guide's tenant (app registration + enterprise app + one secret + one certificate), an
// IdentityService over it with FakeClock and FakeRandom, and helpers to build token requests and
// client assertions and to check ESTS error bodies. Test-only; not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/form.hpp"
#include "core/json.hpp"
#include "crypto/jwt.hpp"
#include "crypto/keys.hpp"
#include "sandbox/identity/identity_service.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::sandbox::identity::test {

inline constexpr char kTenantId[] = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";
inline constexpr char kAppId[] = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
inline constexpr char kAppObjectId[] = "5a1b2c3d-4e5f-4061-8a7b-9c0d1e2f3a4b";
inline constexpr char kSpObjectId[] = "0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c";
inline constexpr char kSecret[] = "Abc8Q~0123456789abcdefghijklmnopqrstuvwx";
inline constexpr char kSecretKeyId[] = "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9";
inline constexpr char kBaseUrl[] = "https://localhost:8443";
inline constexpr char kTokenPath[] = "/3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13/oauth2/v2.0/token";
inline constexpr char kGraphDefault[] = "https://graph.microsoft.com/.default";

// Keys and certificates are made once per test binary (RSA generation is slow).
const crypto::Key& TokenSigningKey();
const crypto::Key& AppCertificateKey();
const crypto::Certificate& AppCertificate();  // registered on the app
const crypto::Key& OtherKey();
const crypto::Certificate& OtherCertificate();  // never registered

struct AssertionSpec {
  crypto::JwtAlgorithm alg = crypto::JwtAlgorithm::kPs256;
  bool sha256_thumbprint = true;                     // x5t#S256, else x5t
  const crypto::Certificate* certificate = nullptr;  // thumbprint source; default AppCertificate
  const crypto::Key* key = nullptr;                  // signer; default AppCertificateKey
  std::string iss = kAppId;
  std::string sub = kAppId;
  std::string aud = std::string(kBaseUrl) + kTokenPath;
  long long nbf = 0;  // 0: now
  long long exp = 0;  // 0: now + 600
  std::string jti;    // empty: a fresh one
};

class IdentityTest : public ::testing::Test {
 protected:
  IdentityTest();

  Tenant& tenant() { return world.tenants.front(); }
  Application& app() { return tenant().applications.front(); }
  ServicePrincipal& service_principal() { return tenant().service_principals.front(); }

  // The form msal-node sends for a secret (with its telemetry extras).
  FormFields SecretForm() const;
  FormFields AssertionForm(const std::string& assertion) const;
  std::string MakeAssertion(const AssertionSpec& spec);

  http::Response Post(std::string_view path, const FormFields& form,
                      std::string_view authorization = "");
  http::Response PostToken(const FormFields& form) { return Post(kTokenPath, form); }
  http::Response Get(std::string_view target);

  testing::FakeClock clock;
  testing::FakeRandom random;
  World world;
  IdentityService service{world, clock, random};

 private:
  int next_jti_ = 0;
};

// Replaces (or appends) a form field.
FormFields With(FormFields form, std::string_view key, std::string value);
FormFields Without(FormFields form, std::string_view key);

json::value Body(const http::Response& response);
// The payload of the access token in a 200 token response, after checking its signature.
json::value TokenClaims(const http::Response& response, const crypto::Key& key);

// Asserts an ESTS error: status, `error`, error_codes == [code], and error_description starting
// with "AADSTS<code>: <message_prefix>" followed by the Trace ID / Correlation ID / Timestamp.
void ExpectEstsError(const http::Response& response, int status, std::string_view error, int code,
                     std::string_view message_prefix);

}  // namespace graphpost::sandbox::identity::test
