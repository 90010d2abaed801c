// `graphpost queue ls`: the filters become the API's list query.
#include <gtest/gtest.h>

#include "cli/gateway_commands.hpp"

namespace graphpost::cli {
namespace {

TEST(QueueListQueryTest, PassesTheRecipientPercentEncoded) {
  QueueListOptions o;
  o.recipient = "Bob+x@fabrikam.com";
  o.status = "failed";

  EXPECT_EQ(QueueListQuery(o), "limit=50&status=failed&recipient=Bob%2Bx%40fabrikam.com");
}

TEST(QueueListQueryTest, LeavesOutWhatIsNotGiven) {
  EXPECT_EQ(QueueListQuery(QueueListOptions{}), "limit=50");
}

}  // namespace
}  // namespace graphpost::cli
