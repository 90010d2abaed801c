// connections/sample_connections_test.hpp — sample connections, certificates and vaults shared by
// the connections tests (test-only; not part of the library). Not thread-safe.
#pragma once

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "connections/connection.hpp"
#include "connections/secret_vault.hpp"
#include "core/base64.hpp"
#include "crypto/keys.hpp"

namespace graphpost::connections::test {

inline constexpr char kTenant[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
inline constexpr char kClientId[] = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
inline constexpr char kSecretValue[] = "Qx8Q~s3cr3t.Value_from-the-Entra-portal~42";

// A P-256 key and a self-signed certificate for it (P-256 keeps key generation fast).
struct CertificateAndKey {
  std::string certificate_pem;
  std::string private_key_pem;
};

inline CertificateAndKey MakeCertificate(const std::string& common_name = "graphpost-app") {
  auto key = crypto::Key::GenerateP256();
  EXPECT_TRUE(key.has_value());
  auto not_before = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  auto cert = crypto::Certificate::SelfSigned({.common_name = common_name,
                                               .not_before = not_before,
                                               .not_after = not_before + std::chrono::days{730}},
                                              *key);
  EXPECT_TRUE(cert.has_value());
  return {cert->Pem(), key->PrivatePem()};
}

inline Connection SecretConnection(std::string name = "sales",
                                   std::string user_id = "advocacy@contoso.com") {
  Connection c;
  c.name = std::move(name);
  c.tenant = kTenant;
  c.user_id = std::move(user_id);
  c.client_id = kClientId;
  c.client_secret = Secret(kSecretValue);
  return c;
}

inline Connection CertificateConnection(const CertificateAndKey& cert, std::string name = "cert") {
  Connection c;
  c.name = std::move(name);
  c.tenant = "contoso.onmicrosoft.com";
  c.auth_type = AuthType::kCertificate;
  c.user_id = "news@contoso.com";
  c.client_id = kClientId;
  c.certificate_pem = cert.certificate_pem;
  c.private_key_pem = Secret(cert.private_key_pem);
  return c;
}

// A vault from a fixed base64 master key; `fill` varies the key.
inline SecretVault TestVault(char fill = 'k') {
  auto vault = SecretVault::FromMasterKey(Base64Encode(std::string(32, fill)), "test-salt");
  EXPECT_TRUE(vault.has_value());
  return *vault;
}

// The base64 body of a PEM block (the lines between BEGIN and END), for searching raw bytes.
inline std::string PemBodyLine(const std::string& pem) {
  auto first = pem.find('\n') + 1;
  return pem.substr(first, pem.find('\n', first) - first);
}

}  // namespace graphpost::connections::test
