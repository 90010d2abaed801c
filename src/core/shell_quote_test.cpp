#include "core/shell_quote.hpp"

#include <gtest/gtest.h>

namespace graphpost {
namespace {

TEST(ShellQuoteTest, QuotesSoTheShellExpandsNothing) {
  EXPECT_EQ(ShellQuote("plain"), "'plain'");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("$(rm -rf /) `x` \"y\""), "'$(rm -rf /) `x` \"y\"'");
}

}  // namespace
}  // namespace graphpost
