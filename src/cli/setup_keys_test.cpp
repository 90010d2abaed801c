// MakeSetupKeyPair: the certificate matches the key written beside it, the files are private,
// the validity is counted in calendar months from the injected clock, and bad names are refused.
#include "cli/setup_keys.hpp"

#include <chrono>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/files.hpp"
#include "core/time_format.hpp"
#include "crypto/keys.hpp"
#include "testing/fake_clock.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;

unsigned ModeOf(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0xFFFF;
  return st.st_mode & 0777;
}

class SetupKeysTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  testing::FakeClock clock_;  // 2026-11-26T09:00:00Z
};

TEST_F(SetupKeysTest, WritesThePrivateKeyOwnerOnlyInAPrivateFolder) {
  auto pair = MakeSetupKeyPair(dir_.path(), "references", "graphpost references", 12, clock_);

  ASSERT_TRUE(pair) << pair.error().message;
  EXPECT_EQ(pair->private_key_path, dir_.path() / "setup-keys" / "references-20261126090000.key");
  EXPECT_EQ(ModeOf(pair->private_key_path), 0600u);
  EXPECT_EQ(ModeOf(dir_.path() / "setup-keys"), 0700u);
}

TEST_F(SetupKeysTest, TheCertificateIsForTheWrittenKey) {
  auto pair = MakeSetupKeyPair(dir_.path(), "references", "graphpost references", 12, clock_);
  ASSERT_TRUE(pair) << pair.error().message;

  auto certificate = crypto::Certificate::FromPem(pair->certificate_pem);
  auto key_text = ReadFileText(pair->private_key_path);
  ASSERT_TRUE(certificate && key_text);
  auto key = crypto::Key::FromPem(*key_text);
  ASSERT_TRUE(key) << key.error().message;

  EXPECT_TRUE(key->HasPrivate());
  EXPECT_TRUE(key->IsRsa());
  EXPECT_EQ(certificate->PublicKey().PublicPem(), key->PublicPem());
  EXPECT_EQ(certificate->SubjectCommonName(), "graphpost references");
  EXPECT_EQ(pair->thumbprint, certificate->ThumbprintSha1Hex());
  EXPECT_EQ(pair->thumbprint.size(), 40u);
  EXPECT_EQ(pair->certificate_pem.find("PRIVATE"), std::string::npos);
}

TEST_F(SetupKeysTest, IsValidForTheGivenCalendarMonthsFromTheClock) {
  auto pair = MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_);
  ASSERT_TRUE(pair) << pair.error().message;
  auto certificate = crypto::Certificate::FromPem(pair->certificate_pem);
  ASSERT_TRUE(certificate);

  EXPECT_EQ(pair->not_after, "2027-11-26");
  EXPECT_EQ(FormatIso8601(certificate->NotBefore()), "2026-11-26T09:00:00Z");
  EXPECT_EQ(FormatIso8601(certificate->NotAfter()), "2027-11-26T09:00:00Z");
}

TEST_F(SetupKeysTest, TheEndOfALongMonthClampsToTheEndOfAShortOne) {
  clock_.SetWall(std::chrono::sys_days{std::chrono::year{2027} / 1 / 31} + std::chrono::hours{8});

  auto pair = MakeSetupKeyPair(dir_.path(), "a", "cn", 1, clock_);

  ASSERT_TRUE(pair) << pair.error().message;
  EXPECT_EQ(pair->not_after, "2027-02-28");
}

TEST_F(SetupKeysTest, TwoPairsGetTwoFiles) {
  auto first = MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_);
  clock_.Advance(std::chrono::seconds{1});
  auto second = MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_);

  ASSERT_TRUE(first && second);
  EXPECT_NE(first->private_key_path, second->private_key_path);
  EXPECT_NE(first->thumbprint, second->thumbprint);
}

TEST_F(SetupKeysTest, AnExistingKeyFileIsNeverOverwritten) {
  auto first = MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_);
  ASSERT_TRUE(first);
  auto before = ReadFileText(first->private_key_path);
  ASSERT_TRUE(before);

  auto second = MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_);  // same second
  auto third = MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_);

  // A rerun in the same second gets a file of its own (it used to fail: "exists").
  ASSERT_TRUE(second && third);
  EXPECT_EQ(second->private_key_path.filename(), "a-20261126090000-2.key");
  EXPECT_EQ(third->private_key_path.filename(), "a-20261126090000-3.key");
  auto after = ReadFileText(first->private_key_path);
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, *before);
}

TEST_F(SetupKeysTest, AnOpenFolderIsMadePrivate) {
  fs::create_directories(dir_.path() / "setup-keys");
  fs::permissions(dir_.path() / "setup-keys", fs::perms::all);

  ASSERT_TRUE(MakeSetupKeyPair(dir_.path(), "a", "cn", 12, clock_));

  EXPECT_EQ(ModeOf(dir_.path() / "setup-keys"), 0700u);
}

TEST_F(SetupKeysTest, ANameThatIsNotAFileNameIsRefused) {
  for (const char* name : {"", "../x", "a/b", "a b", "a\nb"}) {
    auto pair = MakeSetupKeyPair(dir_.path(), name, "cn", 12, clock_);

    ASSERT_FALSE(pair) << name;
    EXPECT_EQ(pair.error().code, ErrorCode::kInvalidArgument) << name;
  }
  EXPECT_FALSE(fs::exists(dir_.path() / "setup-keys"));
}

TEST_F(SetupKeysTest, ADotNameStaysInsideTheFolder) {
  auto pair = MakeSetupKeyPair(dir_.path(), "..", "cn", 12, clock_);

  ASSERT_TRUE(pair) << pair.error().message;
  EXPECT_EQ(pair->private_key_path.parent_path(), dir_.path() / "setup-keys");
}

TEST_F(SetupKeysTest, MonthsOutOfRangeAreRefused) {
  EXPECT_FALSE(MakeSetupKeyPair(dir_.path(), "a", "cn", 0, clock_));
  EXPECT_FALSE(MakeSetupKeyPair(dir_.path(), "a", "cn", -3, clock_));
}

TEST_F(SetupKeysTest, AFolderThatCannotBeMadeIsAnError) {
  ASSERT_TRUE(WriteFileAtomic(dir_.path() / "file", "x", kOwnerOnly));

  auto pair = MakeSetupKeyPair(dir_.path() / "file", "a", "cn", 12, clock_);

  ASSERT_FALSE(pair);
}

}  // namespace
}  // namespace graphpost::cli
