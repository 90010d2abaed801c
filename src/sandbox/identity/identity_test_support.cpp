#include "sandbox/identity/identity_test_support.hpp"

#include <algorithm>

#include "core/base64.hpp"
#include "core/time_format.hpp"
#include "crypto/digest.hpp"

namespace graphpost::sandbox::identity::test {
namespace {

crypto::Certificate MakeCertificate(const crypto::Key& key, std::string common_name) {
  crypto::CertificateRequest request;
  request.common_name = std::move(common_name);
  request.not_before = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  request.not_after = std::chrono::sys_days{std::chrono::year{2028} / 1 / 1};
  return *crypto::Certificate::SelfSigned(request, key);
}

KeyCredential Credential(const crypto::Certificate& cert) {
  KeyCredential k;
  k.key_id = "2c3d4e5f-6071-4829-93a4-b5c6d7e8f9a0";
  k.display_name = "CN=graphpost-test";
  k.certificate_pem = cert.Pem();
  k.thumbprint_sha1_hex = cert.ThumbprintSha1Hex();
  k.x5t = cert.X5t();
  k.x5t_s256 = cert.X5tS256();
  k.start = cert.NotBefore();
  k.end = cert.NotAfter();
  return k;
}

Tenant SetupGuideTenant(WallTime now) {
  Tenant t;
  t.id = kTenantId;
  t.display_name = "Company";
  t.domains = {"company.onmicrosoft.com", "company.com"};
  Application app;
  app.app_id = kAppId;
  app.object_id = kAppObjectId;
  app.display_name = "SlapFive Email Automation";
  app.required_permissions = {
      {std::string(kGraphAppId), "Mail.Send", PermissionKind::kApplication},
      {std::string(kGraphAppId), "Mail.ReadWrite", PermissionKind::kApplication}};
  app.secrets.push_back(PasswordCredential{
      kSecretKeyId, "graphpost", "Abc", crypto::HexLower(crypto::Sha256(kSecret)),
      now - std::chrono::hours(24), now + std::chrono::hours(24 * 365)});
  app.certificates.push_back(Credential(AppCertificate()));
  t.applications.push_back(std::move(app));
  ServicePrincipal sp;
  sp.object_id = kSpObjectId;
  sp.app_id = kAppId;
  sp.display_name = "SlapFive Email Automation";
  t.service_principals.push_back(std::move(sp));
  return t;
}

}  // namespace

const crypto::Certificate& AppCertificate() {
  static const crypto::Certificate cert = MakeCertificate(AppCertificateKey(), "graphpost-test");
  return cert;
}
const crypto::Certificate& OtherCertificate() {
  static const crypto::Certificate cert = MakeCertificate(OtherKey(), "someone-else");
  return cert;
}

IdentityTest::IdentityTest() {
  world.settings.base_url = kBaseUrl;
  world.signing_key = SigningKey{"sandbox-signing-key", TokenSigningKey()};
  world.tenants.push_back(SetupGuideTenant(clock.WallNow()));
}

FormFields IdentityTest::SecretForm() const {
  return {{"client_id", kAppId},
          {"scope", kGraphDefault},
          {"grant_type", "client_credentials"},
          {"x-client-SKU", "msal.js.node"},
          {"x-client-VER", "2.15.0"},
          {"x-ms-lib-capability", "retry-after, h429"},
          {"client-request-id", "6c57f9e6-1b2c-4d3e-8f40-5a6b7c8d9e0f"},
          {"client_secret", kSecret}};
}

FormFields IdentityTest::AssertionForm(const std::string& assertion) const {
  FormFields form = Without(SecretForm(), "client_secret");
  form.emplace_back("client_assertion_type", std::string(kJwtBearerAssertionType));
  form.emplace_back("client_assertion", assertion);
  return form;
}

std::string IdentityTest::MakeAssertion(const AssertionSpec& spec) {
  const crypto::Certificate& cert = spec.certificate ? *spec.certificate : AppCertificate();
  const crypto::Key& key = spec.key ? *spec.key : AppCertificateKey();
  long long now = ToUnixSeconds(clock.WallNow());
  json::object header;
  if (spec.sha256_thumbprint) {
    header["x5t#S256"] = cert.X5tS256();
  } else {
    header["x5t"] = cert.X5t();
  }
  json::object payload;
  payload["aud"] = spec.aud;
  payload["exp"] = spec.exp != 0 ? spec.exp : now + 600;
  payload["iss"] = spec.iss;
  payload["sub"] = spec.sub;
  payload["nbf"] = spec.nbf != 0 ? spec.nbf : now;
  payload["jti"] = spec.jti.empty() ? "jti-" + std::to_string(++next_jti_) : spec.jti;
  payload["iat"] = now;
  return *crypto::SignJwt(header, payload, key, spec.alg);
}

http::Response IdentityTest::Post(std::string_view path, const FormFields& form,
                                  std::string_view authorization) {
  http::Request request;
  request.method = "POST";
  request.target = std::string(path);
  request.path = std::string(path);
  request.headers.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8");
  if (!authorization.empty()) request.headers.Set("Authorization", std::string(authorization));
  request.body = EncodeForm(form);
  auto response = service.Handle(request);
  EXPECT_TRUE(response.has_value()) << path;
  return response ? *response : http::Response{};
}

http::Response IdentityTest::Get(std::string_view target) {
  http::Request request;
  request.method = "GET";
  request.target = std::string(target);
  std::size_t q = target.find('?');
  request.path = std::string(target.substr(0, q));
  request.query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
  auto response = service.Handle(request);
  EXPECT_TRUE(response.has_value()) << target;
  return response ? *response : http::Response{};
}

FormFields With(FormFields form, std::string_view key, std::string value) {
  for (auto& field : form) {
    if (field.first == key) {
      field.second = std::move(value);
      return form;
    }
  }
  form.emplace_back(std::string(key), std::move(value));
  return form;
}

FormFields Without(FormFields form, std::string_view key) {
  std::erase_if(form, [&](const auto& field) { return field.first == key; });
  return form;
}

json::value Body(const http::Response& response) {
  auto parsed = ParseJson(response.body);
  EXPECT_TRUE(parsed.has_value()) << response.body;
  return parsed ? *parsed : json::value();
}

json::value TokenClaims(const http::Response& response, const crypto::Key& key) {
  auto token = JsonString(Body(response), "access_token");
  if (!token) {
    ADD_FAILURE() << "no access_token in " << response.body;
    return {};
  }
  auto jwt = crypto::ParseJwt(*token);
  if (!jwt) {
    ADD_FAILURE() << jwt.error().message;
    return {};
  }
  EXPECT_TRUE(crypto::VerifyJwtSignature(*jwt, key).has_value());
  return jwt->payload;
}

void ExpectEstsError(const http::Response& response, int status, std::string_view error, int code,
                     std::string_view message_prefix) {
  EXPECT_EQ(response.status, status) << response.body;
  json::value body = Body(response);
  EXPECT_EQ(JsonString(body, "error").value_or(""), error);
  const json::array* codes = JsonArray(body, "error_codes");
  ASSERT_NE(codes, nullptr) << response.body;
  ASSERT_EQ(codes->size(), 1u);
  EXPECT_EQ((*codes)[0].as_int64(), code);
  std::string description = JsonString(body, "error_description").value_or("");
  std::string prefix = "AADSTS" + std::to_string(code) + ": " + std::string(message_prefix);
  EXPECT_EQ(description.substr(0, prefix.size()), prefix) << description;
  EXPECT_NE(description.find("\r\nTrace ID: "), std::string::npos);
  EXPECT_NE(description.find("\r\nCorrelation ID: "), std::string::npos);
  EXPECT_NE(description.find("\r\nTimestamp: "), std::string::npos);
  EXPECT_EQ(JsonString(body, "error_uri").value_or(""),
            "https://login.microsoftonline.com/error?code=" + std::to_string(code));
}

}  // namespace graphpost::sandbox::identity::test
