#include "message/stored_mime.hpp"

#include <gtest/gtest.h>

namespace graphpost::message {
namespace {

StoredMime Sample() {
  StoredMime m;
  m.mail_from = "printer@contoso.com";
  m.rcpt_to = {"a@fabrikam.com", "b@fabrikam.com"};
  m.principal = "account:printer";
  m.client = "10.1.2.3";
  m.session_id = "s-1";
  m.save_to_sent_items = false;
  static constexpr char kBytes[] = "Subject: x\r\n\r\nbody\n\0\xff bytes\r\n";
  m.mime = std::string(kBytes, sizeof kBytes - 1);  // a NUL and a non-UTF-8 byte survive
  return m;
}

TEST(StoredMimeTest, RoundTripsEveryFieldAndTheBytes) {
  const std::string payload = EncodeStoredMime(Sample());
  EXPECT_TRUE(IsStoredMime(payload));
  auto back = DecodeStoredMime(payload);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, Sample());
}

TEST(StoredMimeTest, ApiJsonIsNotStoredMime) {
  EXPECT_FALSE(IsStoredMime(R"({"subject":"x"})"));
  auto r = DecodeStoredMime(R"({"subject":"x"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(StoredMimeTest, RefusesAMissingField) {
  auto r = DecodeStoredMime(std::string(kStoredMimeMagic) + R"({"mailFrom":""})" + "\nx");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("lacks a field"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::message
