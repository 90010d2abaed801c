// The sentItemsDelayMs setting: a send's own copy reaches the sender's Sent Items only after the
// delay (by the sandbox's clock), while recipients get theirs at once.
#include <gtest/gtest.h>

#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using namespace std::chrono_literals;
using testing::GraphFixture;

class SentItemsDelayTest : public GraphFixture {
 protected:
  SentItemsDelayTest() { world_.settings.sent_items_delay = 5000ms; }

  std::size_t CountIn(std::string_view mailbox, std::string_view folder) {
    service_->DeliverDue();
    return Folder(mailbox, folder).size();
  }
};

TEST_F(SentItemsDelayTest, TheSentItemsCopyAppearsOnlyOnceTheDelayHasPassed) {
  ASSERT_EQ(Send("adele@contoso.com", SendBody("late", {"alex@contoso.com"})).status, 202);

  EXPECT_EQ(CountIn("adele@contoso.com", "sentitems"), 0u);
  EXPECT_EQ(CountIn("alex@contoso.com", "inbox"), 1u);
  clock_.Advance(4999ms);
  EXPECT_EQ(CountIn("adele@contoso.com", "sentitems"), 0u);
  clock_.Advance(1ms);
  ASSERT_EQ(CountIn("adele@contoso.com", "sentitems"), 1u);
  EXPECT_EQ(Folder("adele@contoso.com", "sentitems")[0].at("subject"), "late");
  EXPECT_EQ(CountIn("alex@contoso.com", "inbox"), 1u);
}

TEST_F(SentItemsDelayTest, ASendWithoutSavingToSentItemsFilesNothingLater) {
  std::string body =
      R"({"message":{"subject":"x","toRecipients":[{"emailAddress":{"address":"alex@contoso.com"}}]},)"
      R"("saveToSentItems":false})";
  ASSERT_EQ(Send("adele@contoso.com", body).status, 202);

  clock_.Advance(10s);

  EXPECT_EQ(CountIn("adele@contoso.com", "sentitems"), 0u);
}

TEST_F(SentItemsDelayTest, ASentDraftLeavesDraftsAtOnceAndReachesSentItemsLaterWithItsId) {
  auto draft = Call(Request("POST", "/v1.0/users/adele@contoso.com/messages",
                            R"({"subject":"d","toRecipients":[{"emailAddress":)"
                            R"({"address":"alex@contoso.com"}}]})"));
  std::string id = JsonString(Body(draft), "id").value();

  ASSERT_EQ(Call(Request("POST", "/v1.0/users/adele@contoso.com/messages/" + id + "/send")).status,
            202);

  EXPECT_EQ(CountIn("adele@contoso.com", "drafts"), 0u);
  EXPECT_EQ(CountIn("adele@contoso.com", "sentitems"), 0u);
  clock_.Advance(5s);
  ASSERT_EQ(CountIn("adele@contoso.com", "sentitems"), 1u);
  EXPECT_EQ(Folder("adele@contoso.com", "sentitems")[0].at("id").as_string(), id);
  EXPECT_EQ(Folder("adele@contoso.com", "sentitems")[0].at("isDraft"), false);
}

TEST_F(SentItemsDelayTest, ALateCopySurvivesASaveAndLoad) {
  Send("adele@contoso.com", SendBody("late", {"alex@contoso.com"}));
  auto saved = service_->SaveJson();

  auto restarted = std::make_unique<GraphService>(world_, authorizer_, clock_, random_);
  ASSERT_TRUE(restarted->LoadJson(saved));
  clock_.Advance(5s);
  restarted->DeliverDue();

  auto sent = restarted->ListFolder(testing::kTenantId, "adele@contoso.com", "sentitems");
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->at("value").as_array().size(), 1u);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
