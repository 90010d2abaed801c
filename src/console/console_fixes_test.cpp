// Regression tests for the console's foundation (docs/console.md, "Signing in", "Security"):
// credentials that stop standing, the sign-in form's CSRF binding, `next`, the audit log.
#include <gtest/gtest.h>

#include "console/console_test_fixture.hpp"

namespace graphpost::console {
namespace {

using test::ConsoleFixture;
using test::kAdminToken;

class ConsoleFixesTest : public ConsoleFixture {};

TEST_F(ConsoleFixesTest, APastedTokenOrKeyWithWhitespaceAroundItSignsIn) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  MakeRouter();

  EXPECT_EQ(PostLogin("  " + std::string(kAdminToken) + "\r\n").status, 303);
  EXPECT_EQ(PostLogin("\t" + key + " \n").status, 303);
  EXPECT_EQ(PostLogin(" \n ").status, 401);
}

}  // namespace
}  // namespace graphpost::console
