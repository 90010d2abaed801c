#include "sandbox/state/request_log.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace graphpost::sandbox {
namespace {

TEST(RequestLogTest, DroppedCallIsShownAsDroppedWithStatusZero) {
  RequestLog log;
  log.Add({.method = "POST", .path = "/v1.0/users/a/sendMail", .status = 0, .dropped = true});

  json::value entry = RequestLogEntryToJson(log.Since(0, 10).at(0));

  EXPECT_EQ(JsonBool(entry, "dropped"), true);
  EXPECT_EQ(JsonInt(entry, "status"), 0);
}

TEST(RequestLogTest, AnsweredCallIsNotDropped) {
  RequestLog log;
  log.Add({.method = "GET", .path = "/v1.0/users/a", .status = 200});

  json::value entry = RequestLogEntryToJson(log.Since(0, 10).at(0));

  EXPECT_EQ(JsonBool(entry, "dropped"), false);
  EXPECT_EQ(JsonInt(entry, "status"), 200);
}

}  // namespace
}  // namespace graphpost::sandbox
