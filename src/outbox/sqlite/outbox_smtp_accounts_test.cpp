// SqliteOutboxStore: SMTP accounts (schema version 2), and a file made by schema version 1
// gaining them.
#include <gtest/gtest.h>

#include "outbox/sqlite/outbox_test_support.hpp"
#include "outbox/sqlite/schema.hpp"
#include "sqlite/sqlite.hpp"

namespace graphpost::outbox {
namespace {

using namespace std::chrono_literals;

SmtpAccountRecord Account(std::string name, TimePoint now) {
  return SmtpAccountRecord{.name = std::move(name),
                           .password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA",
                           .connections = {"contoso", "fabrikam"},
                           .senders = {"billing@contoso.com", "@fabrikam.com"},
                           .created_at = now,
                           .password_changed_at = now};
}

class OutboxSmtpAccountsTest : public test::OutboxFixture {
 protected:
  Status Put(SmtpAccountRecord account) {
    return test::Await<void>([&](auto done) { store_->PutSmtpAccount(std::move(account), done); });
  }
  Status Remove(std::string name) {
    return test::Await<void>([&](auto done) { store_->RemoveSmtpAccount(std::move(name), done); });
  }
  std::int64_t QueryInt(const char* sql) {
    auto db = sqlite::OpenDb(DbFile());
    auto stmt = sqlite::Prepare(db->get(), sql);
    EXPECT_EQ(sqlite::Step(stmt->get()), true);
    return sqlite::ColumnInt(stmt->get(), 0);
  }
};

TEST_F(OutboxSmtpAccountsTest, AStoredAccountIsFoundWithEveryField) {
  SmtpAccountRecord account = Account("scanner", Now());
  account.password_changed_at = Now() + 1s;
  ASSERT_TRUE(Put(account));

  auto found = store_->FindSmtpAccount("scanner");

  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "scanner");
  EXPECT_EQ((*found)->password_hash, account.password_hash);
  EXPECT_EQ((*found)->connections, account.connections);
  EXPECT_EQ((*found)->senders, account.senders);
  EXPECT_EQ((*found)->created_at, account.created_at);
  EXPECT_EQ((*found)->password_changed_at, account.password_changed_at);
}

TEST_F(OutboxSmtpAccountsTest, NamesAreFoundWithoutRegardToCase) {
  ASSERT_TRUE(Put(Account("Scanner-2F", Now())));

  auto found = store_->FindSmtpAccount("sCANNER-2f");

  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->name, "Scanner-2F");
}

TEST_F(OutboxSmtpAccountsTest, AnUnknownNameIsNotAnError) {
  auto found = store_->FindSmtpAccount("nobody");

  ASSERT_TRUE(found) << found.error().message;
  EXPECT_FALSE(found->has_value());
}

TEST_F(OutboxSmtpAccountsTest, PuttingTheSameNameInAnotherCaseReplacesTheAccount) {
  ASSERT_TRUE(Put(Account("printer", Now())));
  SmtpAccountRecord replacement = Account("PRINTER", Now());
  replacement.password_hash = "$argon2id$v=19$m=8,t=1,p=1$bmV3$bmV3";
  replacement.connections = {"contoso"};
  replacement.senders = {};

  ASSERT_TRUE(Put(replacement));

  auto listed = store_->ListSmtpAccounts();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().name, "PRINTER");
  EXPECT_EQ(listed->front().password_hash, replacement.password_hash);
  EXPECT_EQ(listed->front().connections, std::vector<std::string>{"contoso"});
  EXPECT_TRUE(listed->front().senders.empty());
}

TEST_F(OutboxSmtpAccountsTest, ListIsOrderedByNameIgnoringCase) {
  ASSERT_TRUE(Put(Account("zebra", Now())));
  ASSERT_TRUE(Put(Account("Alpha", Now())));
  ASSERT_TRUE(Put(Account("beta", Now())));

  auto listed = store_->ListSmtpAccounts();

  ASSERT_TRUE(listed);
  std::vector<std::string> names;
  for (const auto& a : *listed) names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Alpha", "beta", "zebra"}));
}

TEST_F(OutboxSmtpAccountsTest, RemoveDeletesByNameIgnoringCase) {
  ASSERT_TRUE(Put(Account("printer", Now())));

  ASSERT_TRUE(Remove("Printer"));

  EXPECT_FALSE(store_->FindSmtpAccount("printer")->has_value());
}

TEST_F(OutboxSmtpAccountsTest, RemovingAnUnknownAccountIsNotFound) {
  auto removed = Remove("ghost");

  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kNotFound);
}

TEST_F(OutboxSmtpAccountsTest, AListEntryWithALineBreakIsRefused) {
  SmtpAccountRecord bad = Account("printer", Now());
  bad.senders = {"a@contoso.com\nb@contoso.com"};

  auto put = Put(bad);

  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(store_->FindSmtpAccount("printer")->has_value());
}

TEST_F(OutboxSmtpAccountsTest, AccountsSurviveReopening) {
  ASSERT_TRUE(Put(Account("printer", Now())));

  Reopen();

  EXPECT_TRUE(store_->FindSmtpAccount("printer")->has_value());
}

// A file written by schema version 1 (before SMTP accounts): the smtp_accounts table is gone and
// user_version is 1, exactly what that build left. Opening it migrates; messages stay.
TEST_F(OutboxSmtpAccountsTest, AVersionOneFileGainsSmtpAccountsAndKeepsItsMessages) {
  ASSERT_TRUE(Submit(test::SampleSubmission({test::SampleMessage("m1", Now())})));
  store_.reset();
  {
    auto db = sqlite::OpenDb(DbFile());
    ASSERT_TRUE(sqlite::Exec(db->get(), "DROP TABLE smtp_accounts; PRAGMA user_version = 1"));
  }

  Reopen();

  EXPECT_EQ(QueryInt("PRAGMA user_version"), sqlite_store::kSchemaVersion);
  EXPECT_TRUE(store_->Get("m1", std::nullopt));
  EXPECT_TRUE(Put(Account("printer", Now())));
  EXPECT_TRUE(store_->FindSmtpAccount("printer")->has_value());
}

}  // namespace
}  // namespace graphpost::outbox
