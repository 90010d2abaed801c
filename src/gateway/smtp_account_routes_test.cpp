// The SMTP account operator routes, through OperatorApi (admin keys only) against a real
// SqliteOutboxStore in a temporary directory.
#include "gateway/smtp_account_routes.hpp"

#include <future>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/api_keys.hpp"
#include "api/api_test_fixture.hpp"
#include "core/json.hpp"
#include "crypto/password_hash.hpp"
#include "gateway/operator_api.hpp"
#include "outbox/sqlite/outbox_test_support.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;
using outbox::test::Await;

std::string Hash(const std::string& password) {
  return *crypto::HashPassword(Secret(password), crypto::PasswordHashLimits::Minimum());
}

class SmtpAccountRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    directory_.Add("contoso", "sales@contoso.com");
    directory_.Add("fabrikam", "info@fabrikam.com");
    api_ = std::make_unique<OperatorApi>(*store_, directory_, clock_, random_);
    admin_key_ = AddKey(true);
  }

  std::string AddKey(bool admin) {
    auto key =
        api::MakeApiKey(random_, clock_, {.name = "k", .connections = {"contoso"}, .admin = admin});
    EXPECT_TRUE(Await<void>([&](auto done) { store_->PutApiKey(key.record, done); }));
    return key.text.Reveal();
  }

  http::Response Call(std::string method, std::string path, std::string body = "",
                      std::optional<std::string> key = std::nullopt) {
    http::Request request;
    request.method = std::move(method);
    request.path = request.target = std::move(path);
    request.body = std::move(body);
    request.headers.Set("Authorization", "Bearer " + key.value_or(admin_key_));
    std::promise<http::Response> answer;
    api_->Handle(request, [&](http::Response r) { answer.set_value(std::move(r)); });
    auto future = answer.get_future();
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return future.get();
  }

  http::Response Create(const std::string& name, const std::string& hash,
                        const std::string& extra = R"("connections":["contoso"])") {
    return Call("POST", "/v1/admin/smtp-accounts",
                R"({"name":")" + name + R"(","passwordHash":")" + hash + R"(",)" + extra + "}");
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  api::MapDirectory directory_;
  std::unique_ptr<outbox::SqliteOutboxStore> store_;
  std::unique_ptr<OperatorApi> api_;
  std::string admin_key_;
};

TEST_F(SmtpAccountRoutesTest, CreatedAccountIsStoredWithItsHashWhichIsNeverAnswered) {
  const std::string hash = Hash("pw-1");

  auto created =
      Create("scanner", hash,
             R"("connections":["contoso"],"senders":["Billing@Contoso.com","@contoso.com"])");

  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find("argon2id"), std::string::npos);
  auto stored = store_->FindSmtpAccount("scanner");
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->password_hash, hash);
  EXPECT_EQ((*stored)->connections, std::vector<std::string>{"contoso"});
  EXPECT_EQ((*stored)->senders, (std::vector<std::string>{"billing@contoso.com", "@contoso.com"}));
  EXPECT_EQ((*stored)->created_at, clock_.WallNow());
  auto listed = Call("GET", "/v1/admin/smtp-accounts");
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find(R"("name":"scanner")"), std::string::npos) << listed.body;
  EXPECT_EQ(listed.body.find("argon2id"), std::string::npos);
}

TEST_F(SmtpAccountRoutesTest, ANameTakenInAnyCaseIsAConflict) {
  ASSERT_EQ(Create("scanner", Hash("pw-1")).status, 201);

  auto again = Create("Scanner", Hash("pw-2"));

  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(store_->FindSmtpAccount("scanner")->value().name, "scanner");
}

TEST_F(SmtpAccountRoutesTest, AnUnknownConnectionIsRefusedNamingIt) {
  auto created = Create("scanner", Hash("pw"), R"("connections":["contoso","typo"])");

  EXPECT_EQ(created.status, 400);
  EXPECT_NE(created.body.find("typo"), std::string::npos) << created.body;
  EXPECT_FALSE(store_->FindSmtpAccount("scanner")->has_value());
}

TEST_F(SmtpAccountRoutesTest, AnAccountNeedsAConnection) {
  EXPECT_EQ(Create("scanner", Hash("pw"), R"("connections":[])").status, 400);
}

TEST_F(SmtpAccountRoutesTest, APlainPasswordInsteadOfAHashIsRefusedWithoutEchoingIt) {
  auto created = Create("scanner", "hunter2-plain");

  EXPECT_EQ(created.status, 400);
  EXPECT_EQ(created.body.find("hunter2"), std::string::npos) << created.body;
}

TEST_F(SmtpAccountRoutesTest, BadNamesAndSendersAreRefused) {
  EXPECT_EQ(Create("has space", Hash("pw")).status, 400);
  EXPECT_EQ(Create("slash/name", Hash("pw")).status, 400);
  EXPECT_EQ(Create(std::string(129, 'a'), Hash("pw")).status, 400);
  EXPECT_EQ(
      Create("ok", Hash("pw"), R"("connections":["contoso"],"senders":["not an address"])").status,
      400);
  EXPECT_EQ(Create("ok", Hash("pw"), R"("connections":["contoso"],"extra":1)").status, 400);
}

TEST_F(SmtpAccountRoutesTest, SetPasswordReplacesTheHashAndStampsTheChange) {
  ASSERT_EQ(Create("scanner", Hash("pw-1")).status, 201);
  clock_.Advance(1h);
  const std::string hash = Hash("pw-2");

  auto changed = Call("PUT", "/v1/admin/smtp-accounts/SCANNER/password",
                      R"({"passwordHash":")" + hash + R"("})");

  ASSERT_EQ(changed.status, 200) << changed.body;
  auto stored = store_->FindSmtpAccount("scanner")->value();
  EXPECT_EQ(stored.password_hash, hash);
  EXPECT_EQ(stored.password_changed_at, clock_.WallNow());
  EXPECT_EQ(stored.created_at, clock_.WallNow() - 1h);
}

TEST_F(SmtpAccountRoutesTest, SetPasswordOfAnUnknownAccountIsNotFound) {
  auto changed = Call("PUT", "/v1/admin/smtp-accounts/ghost/password",
                      R"({"passwordHash":")" + Hash("pw") + R"("})");

  EXPECT_EQ(changed.status, 404);
  EXPECT_NE(changed.body.find("ghost"), std::string::npos);
}

TEST_F(SmtpAccountRoutesTest, PatchChangesOnlyTheFieldsGiven) {
  ASSERT_EQ(Create("scanner", Hash("pw"), R"("connections":["contoso"],"senders":["@contoso.com"])")
                .status,
            201);

  auto patched =
      Call("PATCH", "/v1/admin/smtp-accounts/scanner", R"({"connections":["contoso","fabrikam"]})");

  ASSERT_EQ(patched.status, 200) << patched.body;
  auto stored = store_->FindSmtpAccount("scanner")->value();
  EXPECT_EQ(stored.connections, (std::vector<std::string>{"contoso", "fabrikam"}));
  EXPECT_EQ(stored.senders, std::vector<std::string>{"@contoso.com"});
  EXPECT_EQ(Call("PATCH", "/v1/admin/smtp-accounts/scanner", R"({"connections":["nope"]})").status,
            400);
}

TEST_F(SmtpAccountRoutesTest, DeleteRemovesTheAccount) {
  ASSERT_EQ(Create("scanner", Hash("pw")).status, 201);

  auto removed = Call("DELETE", "/v1/admin/smtp-accounts/scanner");

  EXPECT_EQ(removed.status, 200) << removed.body;
  EXPECT_FALSE(store_->FindSmtpAccount("scanner")->has_value());
  EXPECT_EQ(Call("DELETE", "/v1/admin/smtp-accounts/scanner").status, 404);
}

TEST_F(SmtpAccountRoutesTest, AKeyThatIsNotAdminIsForbidden) {
  const std::string user = AddKey(false);

  EXPECT_EQ(Call("GET", "/v1/admin/smtp-accounts", "", user).status, 403);
  EXPECT_EQ(Create("x", Hash("pw")).status, 201);  // the admin still can
}

TEST_F(SmtpAccountRoutesTest, APercentEncodedNameInThePathIsDecoded) {
  ASSERT_EQ(Create("scan@contoso.com", Hash("pw")).status, 201);

  EXPECT_EQ(Call("DELETE", "/v1/admin/smtp-accounts/scan%40contoso.com").status, 200);
}

TEST_F(SmtpAccountRoutesTest, UnknownPathsAndMethodsAreRefused) {
  EXPECT_EQ(Call("GET", "/v1/admin/smtp-accounts/scanner/other").status, 404);
  EXPECT_EQ(Call("POST", "/v1/admin/smtp-accounts/scanner").status, 405);
}

}  // namespace
}  // namespace graphpost::gateway
