// auth/token_test_fixtures.hpp — credentials, access tokens and Entra replies for the auth
// tests (test-only; not part of graphpost_auth). The RSA key and certificate are made once per
// test binary because RSA generation costs ~50-100 ms.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "auth/client_credentials.hpp"
#include "core/base64.hpp"
#include "core/json.hpp"
#include "crypto/keys.hpp"
#include "testing/fake_http_transport.hpp"
#include "testing/test_keys.hpp"

namespace graphpost::auth::test {

inline constexpr char kTenant[] = "0b5a5f8e-6c1d-4c1a-9d1e-3f2a1b0c9d8e";
inline constexpr char kClientId[] = "11111111-2222-3333-4444-555555555555";
// Unreserved characters only, so the secret would appear verbatim if a message leaked it.
inline constexpr char kSecretValue[] = "Zq8~Secret.Value_0123456789-abcdef";

// Committed test keys: generating RSA keys would cost 50-200 ms in every test process.
inline const crypto::Key& AppKey() { return graphpost::testing::TestRsaKey(1); }
inline const crypto::Key& OtherKey() { return graphpost::testing::TestRsaKey(2); }
inline const crypto::Certificate& AppCertificate() {
  using namespace std::chrono_literals;
  static const crypto::Certificate certificate = [] {
    auto not_before = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
    return *crypto::Certificate::SelfSigned({.common_name = "graphpost app",
                                             .not_before = not_before,
                                             .not_after = not_before + 24h * 730},
                                            AppKey());
  }();
  return certificate;
}

inline AppCredential SecretCredential() {
  AppCredential credential;
  credential.tenant = kTenant;
  credential.client_id = kClientId;
  credential.client_secret = Secret(kSecretValue);
  return credential;
}

inline AppCredential CertificateCredential() {
  AppCredential credential;
  credential.tenant = kTenant;
  credential.client_id = kClientId;
  credential.certificate_pem = AppCertificate().Pem();
  credential.private_key_pem = Secret(AppKey().PrivatePem());
  return credential;
}

// An unsigned JWT-shaped access token whose payload carries `roles` and `tid`; `label` makes
// tokens distinct.
inline std::string FakeAccessToken(const std::string& label,
                                   const std::vector<std::string>& roles = {"Mail.Send"},
                                   const std::string& tid = kTenant) {
  json::array role_array;
  for (const auto& role : roles) role_array.emplace_back(role);
  json::object payload{
      {"aud", "https://graph.microsoft.com"}, {"tid", tid}, {"roles", role_array}, {"uti", label}};
  return Base64UrlEncode(R"({"typ":"JWT","alg":"RS256"})") + "." +
         Base64UrlEncode(ToJson(payload)) + "." + Base64UrlEncode("signature");
}

inline http::ClientResponse TokenReply(const std::string& access_token,
                                       std::chrono::seconds expires_in) {
  json::object body{{"token_type", "Bearer"},
                    {"expires_in", expires_in.count()},
                    {"ext_expires_in", expires_in.count()},
                    {"access_token", access_token}};
  return testing::JsonResponse(200, ToJson(body));
}

// An Entra error reply as protocol.md §1.4 shows it.
inline http::ClientResponse EntraErrorReply(int status, const std::string& error, long long code,
                                            const std::string& description) {
  json::object body{
      {"error", error},
      {"error_description", "AADSTS" + std::to_string(code) + ": " + description +
                                "\r\nTrace ID: 7d2f0f8e-0000-0000-0000-000000000000\r\n"
                                "Correlation ID: 1c9f0f8e-0000-0000-0000-000000000000\r\n"
                                "Timestamp: 2026-11-26 09:00:00Z"},
      {"error_codes", json::array{code}},
      {"timestamp", "2026-11-26 09:00:00Z"},
      {"trace_id", "7d2f0f8e-0000-0000-0000-000000000000"},
      {"correlation_id", "1c9f0f8e-0000-0000-0000-000000000000"}};
  return testing::JsonResponse(status, ToJson(body));
}

}  // namespace graphpost::auth::test
