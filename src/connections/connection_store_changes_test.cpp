// ConnectionStore::Update (what `connection edit` saves) and RotateCertificate (what
// `connection rotate-certificate --activate` saves).
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "connections/connection_store.hpp"
#include "connections/sample_connections_test.hpp"
#include "testing/fake_clock.hpp"

namespace graphpost::connections {
namespace {

using namespace std::chrono_literals;
using test::CertificateConnection;
using test::MakeCertificate;
using test::SecretConnection;
using test::TestVault;

class ConnectionStoreChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = ConnectionStore::Open(":memory:", TestVault(), clock_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  Connection Saved(const char* name) {
    auto c = store_->Get(name);
    EXPECT_TRUE(c) << name;
    return c ? *c : Connection{};
  }

  testing::FakeClock clock_;
  std::unique_ptr<ConnectionStore> store_;
};

TEST_F(ConnectionStoreChangesTest, UpdateChangesTheMailboxAndKeepsTheCreationTime) {
  ASSERT_TRUE(store_->Add(SecretConnection("sales", "advocacy@contoso.com")));
  const auto created = clock_.WallNow();
  clock_.Advance(1h);
  Connection c = Saved("sales");
  c.user_id = "references@contoso.com";

  ASSERT_TRUE(store_->Update(c));

  Connection got = Saved("sales");
  EXPECT_EQ(got.user_id, "references@contoso.com");
  EXPECT_EQ(got.client_secret.Reveal(), test::kSecretValue);
  EXPECT_EQ(got.created, created);
  EXPECT_EQ(got.updated, clock_.WallNow());
}

TEST_F(ConnectionStoreChangesTest, UpdateMatchesTheNameWithoutRegardToCase) {
  ASSERT_TRUE(store_->Add(SecretConnection("Sales", "advocacy@contoso.com")));
  Connection c = Saved("Sales");
  c.name = "sales";
  c.cloud = "usgov";

  ASSERT_TRUE(store_->Update(c));

  EXPECT_EQ(Saved("Sales").name, "Sales");
  EXPECT_EQ(Saved("Sales").cloud, "usgov");
}

TEST_F(ConnectionStoreChangesTest, AnInvalidUpdateChangesNothing) {
  ASSERT_TRUE(store_->Add(SecretConnection()));
  Connection c = Saved("sales");
  c.cloud = "mars";

  auto updated = store_->Update(c);

  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(updated.error().message.rfind("cloud", 0), 0u) << updated.error().message;
  EXPECT_EQ(Saved("sales").cloud, "global");
}

TEST_F(ConnectionStoreChangesTest, UpdatingAnUnknownConnectionIsNotFound) {
  auto updated = store_->Update(SecretConnection("nobody"));

  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
}

TEST_F(ConnectionStoreChangesTest, TheExpiryDateIsThatOfTheSharedCredential) {
  ASSERT_TRUE(store_->Add(SecretConnection("advocacy", "advocacy@contoso.com")));
  ASSERT_TRUE(store_->Add(SecretConnection("news", "news@contoso.com")));
  Connection c = Saved("news");
  c.secret_expires_on = clock_.WallNow() + 24h * 365;

  ASSERT_TRUE(store_->Update(c));
  EXPECT_EQ(Saved("advocacy").secret_expires_on, c.secret_expires_on);

  c.secret_expires_on.reset();
  ASSERT_TRUE(store_->Update(c));
  EXPECT_EQ(Saved("advocacy").secret_expires_on, std::nullopt);
}

TEST_F(ConnectionStoreChangesTest, ANewTenantLeavesTheSharedCredential) {
  ASSERT_TRUE(store_->Add(SecretConnection("advocacy", "advocacy@contoso.com")));
  ASSERT_TRUE(store_->Add(SecretConnection("news", "news@contoso.com")));
  Connection c = Saved("news");
  c.tenant = "fabrikam.onmicrosoft.com";

  ASSERT_TRUE(store_->Update(c));

  EXPECT_EQ(Saved("news").tenant, "fabrikam.onmicrosoft.com");
  EXPECT_EQ(Saved("advocacy").tenant, test::kTenant);
  auto rotated = store_->RotateSecret("advocacy", Secret("the-new-secret"), std::nullopt);
  ASSERT_TRUE(rotated);
  EXPECT_EQ(*rotated, std::vector<std::string>{"advocacy"});
  EXPECT_EQ(Saved("news").client_secret.Reveal(), test::kSecretValue);
}

TEST_F(ConnectionStoreChangesTest, RotateCertificateMovesEveryConnectionOfTheAppOntoIt) {
  ASSERT_TRUE(store_->Add(SecretConnection("advocacy", "advocacy@contoso.com")));
  ASSERT_TRUE(store_->Add(SecretConnection("news", "news@contoso.com")));
  Connection older = SecretConnection("older", "older@contoso.com");
  older.client_secret = Secret("an-older-secret-of-the-same-app");
  ASSERT_TRUE(store_->Add(older));
  Connection other_app = SecretConnection("other", "other@contoso.com");
  other_app.client_id = "11111111-2222-3333-4444-555555555555";
  ASSERT_TRUE(store_->Add(other_app));
  Connection c = Saved("news");
  c.secret_expires_on = clock_.WallNow() + 24h * 30;
  ASSERT_TRUE(store_->Update(c));
  clock_.Advance(1h);
  auto cert = MakeCertificate();

  auto updated =
      store_->RotateCertificate("news", cert.certificate_pem, Secret(cert.private_key_pem));

  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(*updated, (std::vector<std::string>{"advocacy", "news", "older"}));
  for (const char* name : {"advocacy", "news", "older"}) {
    Connection got = Saved(name);
    EXPECT_EQ(got.auth_type, AuthType::kCertificate) << name;
    EXPECT_EQ(got.certificate_pem, cert.certificate_pem) << name;
    EXPECT_EQ(got.private_key_pem.Reveal(), cert.private_key_pem) << name;
    EXPECT_TRUE(got.client_secret.empty()) << name;
    EXPECT_EQ(got.secret_expires_on, std::nullopt) << name;
    EXPECT_EQ(got.updated, clock_.WallNow()) << name;
  }
  EXPECT_EQ(Saved("other").auth_type, AuthType::kClientSecret);
}

TEST_F(ConnectionStoreChangesTest, RotateCertificateReplacesAnOlderCertificate) {
  ASSERT_TRUE(store_->Add(CertificateConnection(MakeCertificate("old"))));
  auto next = MakeCertificate("new");

  auto updated =
      store_->RotateCertificate("cert", next.certificate_pem, Secret(next.private_key_pem));

  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(Saved("cert").certificate_pem, next.certificate_pem);
}

TEST_F(ConnectionStoreChangesTest, AKeyOfAnotherCertificateIsRefusedAndNothingChanges) {
  ASSERT_TRUE(store_->Add(SecretConnection()));
  auto one = MakeCertificate("one");
  auto two = MakeCertificate("two");

  auto updated =
      store_->RotateCertificate("sales", one.certificate_pem, Secret(two.private_key_pem));

  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Saved("sales").auth_type, AuthType::kClientSecret);
  EXPECT_EQ(Saved("sales").client_secret.Reveal(), test::kSecretValue);
}

TEST_F(ConnectionStoreChangesTest, RotatingTheCertificateOfAnUnknownConnectionIsNotFound) {
  auto cert = MakeCertificate();

  auto updated =
      store_->RotateCertificate("nobody", cert.certificate_pem, Secret(cert.private_key_pem));

  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace graphpost::connections
