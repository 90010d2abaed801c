#include "cli/secret_input.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;
using graphpost::testing::TempDir;

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(CheckSecretValueTest, TrimsSurroundingWhitespace) {
  auto secret = CheckSecretValue("  Qx8Q~value.42\r\n", "standard input (--secret-stdin)");

  ASSERT_TRUE(secret) << secret.error().message;
  EXPECT_EQ(secret->Reveal(), "Qx8Q~value.42");
}

TEST(CheckSecretValueTest, RefusesAnEmptyValueNamingTheSource) {
  auto secret = CheckSecretValue("", "the environment variable GP_SECRET (--secret-env)");

  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(secret.error().message.starts_with(
      "secret from the environment variable GP_SECRET (--secret-env) is empty"))
      << secret.error().message;
}

TEST(CheckSecretValueTest, RefusesWhitespaceOnlyNamingTheSource) {
  auto secret = CheckSecretValue(" \t\n\r\n", "standard input (--secret-stdin)");

  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(secret.error().message.starts_with(
      "secret from standard input (--secret-stdin) is only whitespace"))
      << secret.error().message;
}

TEST(ReadSecretFileTest, ReadsASmallFile) {
  TempDir dir;
  WriteFile(dir.path() / "secret", "value\n");

  auto text = ReadSecretFile(dir.path() / "secret");

  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "value\n");
}

TEST(ReadSecretFileTest, ADirectoryGetsItsOwnMessage) {
  TempDir dir;

  auto text = ReadSecretFile(dir.path());

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(text.error().message, "secret: " + dir.path().string() +
                                      " is a directory; --secret-file takes the file that holds "
                                      "the secret");
}

TEST(ReadSecretFileTest, RefusesAFileOver64Kilobytes) {
  TempDir dir;
  WriteFile(dir.path() / "big", std::string(kMaxSecretBytes + 1, 'x'));

  auto text = ReadSecretFile(dir.path() / "big");

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(text.error().message.find("more than 64 KB"), std::string::npos);
  EXPECT_NE(text.error().message.find(dir.path().string()), std::string::npos);
}

TEST(ReadSecretFileTest, AcceptsAFileOfExactly64Kilobytes) {
  TempDir dir;
  WriteFile(dir.path() / "edge", std::string(kMaxSecretBytes, 'x'));

  auto text = ReadSecretFile(dir.path() / "edge");

  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->size(), kMaxSecretBytes);
}

TEST(ReadSecretFileTest, AMissingFileIsNotFoundAndNamed) {
  TempDir dir;

  auto text = ReadSecretFile(dir.path() / "nope");

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kNotFound);
  EXPECT_NE(text.error().message.find("nope"), std::string::npos);
}

TEST(ReadSecretStreamTest, StopsPast64Kilobytes) {
  std::istringstream in(std::string(10 * kMaxSecretBytes, 'x'));

  auto text = ReadSecretStream(in, "standard input (--secret-stdin)");

  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(text.error().message.find("standard input"), std::string::npos);
}

}  // namespace
}  // namespace graphpost::cli
