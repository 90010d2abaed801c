// Counting deliveries by header value: the oracle of the gateway's exactly-once tests.
#include "sandbox/graph/delivery_count.hpp"

#include <gtest/gtest.h>

#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using testing::GraphFixture;

constexpr std::string_view kIdProperty =
    "String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Id";

class DeliveryCountTest : public GraphFixture {
 protected:
  static std::string WithHeader(std::string value) {
    return R"(,"internetMessageHeaders":[{"name":"X-Graphpost-Id","value":")" + value + "\"}]";
  }
  static std::string WithProperty(std::string value) {
    return R"(,"singleValueExtendedProperties":[{"id":")" + std::string(kIdProperty) +
           R"(","value":")" + value + "\"}]";
  }
  boost::json::value Counts(std::string header = "X-Graphpost-Id") {
    return service_->CountDeliveries(header);
  }
};

TEST_F(DeliveryCountTest, CountsInboxSentItemsAndInternetCopiesByHeaderValue) {
  Send("adele@contoso.com",
       SendBody("a", {"alex@contoso.com", "partner@fabrikam.com"}, WithHeader("id-1")));
  Send("adele@contoso.com", SendBody("b", {"alex@contoso.com"}, WithProperty("id-2")));
  Send("adele@contoso.com", SendBody("b again", {"alex@contoso.com"}, WithProperty("id-2")));
  Send("adele@contoso.com", SendBody("untagged", {"alex@contoso.com"}));

  boost::json::value counts = Counts();

  EXPECT_EQ(counts.at("header"), "X-Graphpost-Id");
  EXPECT_EQ(ToJson(counts.at("counts").at("id-1")), "[1,1,1]");
  EXPECT_EQ(ToJson(counts.at("counts").at("id-2")), "[2,2,0]");
  EXPECT_EQ(ToJson(counts.at("totals")), "[3,3,1]");
  EXPECT_EQ(counts.at("counts").as_object().size(), 2u);
}

TEST_F(DeliveryCountTest, MatchesTheHeaderNameWithoutRegardToCase) {
  Send("adele@contoso.com", SendBody("a", {"alex@contoso.com"}, WithHeader("id-1")));

  EXPECT_EQ(ToJson(Counts("x-graphpost-id").at("counts").at("id-1")), "[1,1,0]");
}

TEST_F(DeliveryCountTest, CountsByInternetMessageIdWhenAskedTo) {
  Send("adele@contoso.com", SendBody("a", {"alex@contoso.com"}));
  std::string id(Folder("alex@contoso.com", "inbox").at(0).at("internetMessageId").as_string());

  EXPECT_EQ(ToJson(Counts("internetMessageId").at("counts").at(id)), "[1,1,0]");
}

TEST_F(DeliveryCountTest, CountsPacedDeliveriesOnceTheyAreDue) {
  world_.settings.limits.messages_per_minute_per_mailbox = 1;
  service_->ApplySettings();
  Send("adele@contoso.com", SendBody("a", {"alex@contoso.com"}, WithHeader("id-1")));
  Send("adele@contoso.com", SendBody("b", {"alex@contoso.com"}, WithHeader("id-2")));

  EXPECT_EQ(ToJson(Counts().at("counts").at("id-2")), "[0,1,0]");
  clock_.Advance(std::chrono::seconds{60});
  EXPECT_EQ(ToJson(Counts().at("counts").at("id-2")), "[1,1,0]");
}

}  // namespace
}  // namespace graphpost::sandbox::graph
