// AccountAuthenticator over a real SqliteOutboxStore: accounts, the cache, the failure limit and
// where the Argon2id work runs. Hashes use libsodium's minimum limits so each test stays fast.
#include "smtp/access/account_authenticator.hpp"

#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::smtp::access {
namespace {

using namespace std::chrono_literals;

const crypto::PasswordHashLimits kFast = crypto::PasswordHashLimits::Minimum();

struct Answer {
  Result<Principal> principal = Fail(ErrorCode::kInternal, "no answer");
  std::thread::id thread;
};

class AccountAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auth_ = std::make_unique<AccountAuthenticator>(
        *store_, clock_, random_, AuthenticatorOptions{.verify_threads = 2, .hash_limits = kFast});
  }

  void PutAccount(std::string name, const std::string& password) {
    outbox::SmtpAccountRecord account{
        .name = std::move(name),
        .password_hash = *crypto::HashPassword(Secret(password), kFast),
        .connections = {"contoso"},
        .senders = {"@contoso.com"}};
    ASSERT_TRUE(outbox::test::Await<void>(
        [&](auto done) { store_->PutSmtpAccount(std::move(account), done); }));
  }

  Answer Login(const std::string& name, const std::string& password,
               const std::string& address = "192.0.2.10") {
    std::promise<Answer> promise;
    auth_->Verify(Peer{.address = address, .port = 50000, .loopback = false}, name,
                  Secret(password), [&](Result<Principal> principal) {
                    promise.set_value(Answer{std::move(principal), std::this_thread::get_id()});
                  });
    auto future = promise.get_future();
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);  // a failure guard
    return future.get();
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  SystemRandom random_;
  std::unique_ptr<outbox::SqliteOutboxStore> store_;
  std::unique_ptr<AccountAuthenticator> auth_;
};

TEST_F(AccountAuthenticatorTest, TheRightPasswordGivesTheAccountsPrincipal) {
  PutAccount("scanner", "pw-1");

  auto answer = Login("scanner", "pw-1");

  ASSERT_TRUE(answer.principal) << answer.principal.error().message;
  EXPECT_EQ(answer.principal->kind, Principal::Kind::kAccount);
  EXPECT_EQ(answer.principal->name, "scanner");
  EXPECT_EQ(answer.principal->connections, std::vector<std::string>{"contoso"});
  EXPECT_EQ(answer.principal->senders, std::vector<std::string>{"@contoso.com"});
}

TEST_F(AccountAuthenticatorTest, TheNameMatchesWithoutRegardToCase) {
  PutAccount("Scanner", "pw-1");

  auto answer = Login("sCANNER", "pw-1");

  ASSERT_TRUE(answer.principal);
  EXPECT_EQ(answer.principal->name, "Scanner");
}

TEST_F(AccountAuthenticatorTest, AWrongPasswordAndAnUnknownNameFailAlike) {
  PutAccount("scanner", "pw-1");

  auto wrong_password = Login("scanner", "pw-2");
  auto unknown_name = Login("nobody", "pw-1");

  ASSERT_FALSE(wrong_password.principal);
  ASSERT_FALSE(unknown_name.principal);
  EXPECT_EQ(wrong_password.principal.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown_name.principal.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong_password.principal.error().message, unknown_name.principal.error().message);
  // Both were checked on a worker (an Argon2id verification), not answered on the spot.
  EXPECT_NE(wrong_password.thread, std::this_thread::get_id());
  EXPECT_NE(unknown_name.thread, std::this_thread::get_id());
}

TEST_F(AccountAuthenticatorTest, TheFirstLoginIsVerifiedOffTheCallersThread) {
  PutAccount("scanner", "pw-1");

  auto answer = Login("scanner", "pw-1");

  ASSERT_TRUE(answer.principal);
  EXPECT_NE(answer.thread, std::this_thread::get_id());
}

TEST_F(AccountAuthenticatorTest, ARepeatedLoginIsAnsweredFromTheCache) {
  PutAccount("scanner", "pw-1");
  ASSERT_TRUE(Login("scanner", "pw-1").principal);

  auto again = Login("SCANNER", "pw-1");

  ASSERT_TRUE(again.principal);
  EXPECT_EQ(again.thread, std::this_thread::get_id());  // no Argon2id: answered in Verify
}

TEST_F(AccountAuthenticatorTest, TheCachedLoginExpires) {
  PutAccount("scanner", "pw-1");
  ASSERT_TRUE(Login("scanner", "pw-1").principal);
  clock_.Advance(301s);

  auto again = Login("scanner", "pw-1");

  ASSERT_TRUE(again.principal);
  EXPECT_NE(again.thread, std::this_thread::get_id());
}

TEST_F(AccountAuthenticatorTest, AChangedPasswordEndsTheCachedLogin) {
  PutAccount("scanner", "pw-1");
  ASSERT_TRUE(Login("scanner", "pw-1").principal);

  PutAccount("scanner", "pw-2");

  EXPECT_FALSE(Login("scanner", "pw-1").principal);
  EXPECT_TRUE(Login("scanner", "pw-2").principal);
}

TEST_F(AccountAuthenticatorTest, ARemovedAccountCannotLogInEvenWhenCached) {
  PutAccount("scanner", "pw-1");
  ASSERT_TRUE(Login("scanner", "pw-1").principal);

  ASSERT_TRUE(
      outbox::test::Await<void>([&](auto done) { store_->RemoveSmtpAccount("scanner", done); }));

  auto answer = Login("scanner", "pw-1");
  ASSERT_FALSE(answer.principal);
  EXPECT_EQ(answer.principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccountAuthenticatorTest, FiveFailuresThrottleTheAddressForFiveMinutes) {
  PutAccount("scanner", "pw-1");
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(Login("scanner", "guess", "198.51.100.7").principal);

  auto throttled = Login("scanner", "pw-1", "198.51.100.7");

  ASSERT_FALSE(throttled.principal);
  EXPECT_EQ(throttled.principal.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(throttled.principal.error().retry_after, 300s);
  EXPECT_TRUE(Login("scanner", "pw-1", "198.51.100.8").principal);  // another address
  clock_.Advance(300s);
  EXPECT_TRUE(Login("scanner", "pw-1", "198.51.100.7").principal);
}

TEST_F(AccountAuthenticatorTest, UnknownNamesCountAsFailuresToo) {
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(Login("user" + std::to_string(i), "x").principal);

  EXPECT_EQ(Login("anyone", "x").principal.error().code, ErrorCode::kThrottled);
}

TEST_F(AccountAuthenticatorTest, AnOverlongNameFailsLikeAnyUnknownName) {
  auto answer = Login(std::string(10000, 'a'), "pw");

  ASSERT_FALSE(answer.principal);
  EXPECT_EQ(answer.principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccountAuthenticatorTest, ManyConcurrentLoginsAllGetTheirAnswer) {
  PutAccount("scanner", "pw-1");
  std::vector<std::future<bool>> results;
  std::vector<std::shared_ptr<std::promise<bool>>> promises;
  for (int i = 0; i < 40; ++i) {
    auto p = std::make_shared<std::promise<bool>>();
    results.push_back(p->get_future());
    auth_->Verify(Peer{.address = "192.0.2." + std::to_string(i), .port = 1, .loopback = false},
                  "scanner", Secret(i % 2 ? "pw-1" : "bad"),
                  [p](Result<Principal> r) { p->set_value(r.has_value()); });
  }

  int ok = 0;
  for (auto& r : results) {
    ASSERT_EQ(r.wait_for(30s), std::future_status::ready);
    ok += r.get() ? 1 : 0;
  }
  EXPECT_EQ(ok, 20);
}

}  // namespace
}  // namespace graphpost::smtp::access
