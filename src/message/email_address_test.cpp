#include "message/email_address.hpp"

#include <string>

#include <gtest/gtest.h>

namespace graphpost::message {
namespace {

TEST(AddressProblemTest, AcceptsOrdinaryAddresses) {
  for (const char* ok :
       {"alice@contoso.com", "first.last+tag@mail.contoso.co.uk", "o'brien@contoso.com",
        "x_y-z@sub-domain.contoso.onmicrosoft.com", "jörg@bücher.de"}) {
    EXPECT_EQ(AddressProblem(ok), std::nullopt) << ok;
  }
}

TEST(AddressProblemTest, RefusesMalformedAddresses) {
  for (const char* bad : {"",
                          "alice",
                          "@contoso.com",
                          "alice@",
                          "alice@localhost",
                          "a b@contoso.com",
                          "alice@contoso .com",
                          "a..b@contoso.com",
                          ".a@contoso.com",
                          "a.@contoso.com",
                          "a@b@contoso.com",
                          "\"quoted\"@contoso.com",
                          "alice@[10.0.0.1]",
                          "alice@10.0.0.1",
                          "alice@-contoso.com",
                          "alice@contoso-.com",
                          "alice@contoso..com",
                          "alice@contoso.com.",
                          "Alice <alice@contoso.com>",
                          "alice@contoso.com\r\nBcc: x@y.z",
                          "a,b@contoso.com",
                          "alice\t@contoso.com",
                          "alice\u00a0x@contoso.com",
                          "alice@con\u200btoso.com",
                          "\ufeffalice@contoso.com"}) {
    EXPECT_NE(AddressProblem(bad), std::nullopt) << bad;
  }
}

TEST(AddressProblemTest, EnforcesSmtpLengthLimits) {
  const std::string label63(63, 'a');
  EXPECT_EQ(AddressProblem(std::string(64, 'l') + "@contoso.com"), std::nullopt);
  EXPECT_NE(AddressProblem(std::string(65, 'l') + "@contoso.com"), std::nullopt);
  EXPECT_EQ(AddressProblem("a@" + label63 + ".com"), std::nullopt);
  EXPECT_NE(AddressProblem("a@" + label63 + "a.com"), std::nullopt);
  const std::string long_domain = label63 + "." + label63 + "." + label63 + "." + label63;
  EXPECT_NE(AddressProblem("a@" + long_domain), std::nullopt);  // 255 > 253
}

TEST(AddressProblemTest, NeverRepeatsTheAddress) {
  auto problem = AddressProblem("gpk_secretsecret@@x");

  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->find("gpk_"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::message
