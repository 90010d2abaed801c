#include "connections/secret_vault.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "connections/sample_connections_test.hpp"
#include "core/base64.hpp"
#include "crypto/digest.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::connections {
namespace {

namespace fs = std::filesystem;
using graphpost::testing::FakeRandom;
using graphpost::testing::TempDir;
using test::TestVault;

const Secret kSecret(test::kSecretValue);

unsigned ModeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

void WriteFile(const fs::path& path, const std::string& text, fs::perms perms) {
  std::ofstream(path) << text;
  fs::permissions(path, perms, fs::perm_options::replace);
}

TEST(SecretVaultTest, OpensWhatItSealed) {
  SecretVault vault = TestVault();

  auto sealed = vault.Seal(kSecret, "graphpost-credential:1");
  ASSERT_TRUE(sealed.has_value());
  auto opened = vault.Open(*sealed, "graphpost-credential:1");

  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->Reveal(), test::kSecretValue);
  EXPECT_EQ(sealed->find(test::kSecretValue), std::string::npos);
}

TEST(SecretVaultTest, RefusesAnotherContextAsCorrupted) {
  SecretVault vault = TestVault();
  auto sealed = vault.Seal(kSecret, "graphpost-credential:1");
  ASSERT_TRUE(sealed.has_value());

  auto opened = vault.Open(*sealed, "graphpost-credential:2");

  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
}

TEST(SecretVaultTest, AChangedByteIsCorruptedNotAWrongKey) {
  SecretVault vault = TestVault();
  auto sealed = vault.Seal(kSecret, "ctx");
  ASSERT_TRUE(sealed.has_value());
  (*sealed)[sealed->size() - 1] ^= 0x01;

  auto opened = vault.Open(*sealed, "ctx");

  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(opened.error().message.find("corrupted"), std::string::npos);
  EXPECT_EQ(opened.error().message.find("not the master key"), std::string::npos);
}

TEST(SecretVaultTest, OpensValuesSealedInTheFirstFormat) {
  // Format 1 (no key id), as graphpost 0.1 wrote it: 0x01, nonce, ciphertext, tag.
  std::string key(32, 'k');
  auto body = crypto::SealAes256Gcm(key, test::kSecretValue, "ctx");
  ASSERT_TRUE(body);

  auto opened = TestVault().Open(std::string(1, '\x01') + *body, "ctx");

  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->Reveal(), test::kSecretValue);
}

TEST(SecretVaultTest, LoadKeyFileDoesNotCreateAMissingFile) {
  TempDir dir;

  auto vault = SecretVault::LoadKeyFile(dir.path() / "master.key");

  ASSERT_FALSE(vault);
  EXPECT_EQ(vault.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir.path() / "master.key"));
}

TEST(SecretVaultTest, WrongKeyIsPermissionDeniedNamingTheKeyNotTheSecret) {
  auto sealed = TestVault('a').Seal(kSecret, "ctx");
  ASSERT_TRUE(sealed.has_value());

  auto opened = TestVault('b').Open(*sealed, "ctx");

  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(opened.error().message.find("GRAPHPOST_MASTER_KEY"), std::string::npos);
  EXPECT_EQ(opened.error().message.find(test::kSecretValue), std::string::npos);
}

TEST(SecretVaultTest, RejectsBytesThatAreNotSealed) {
  auto opened = TestVault().Open("plain text", "ctx");

  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

TEST(SecretVaultTest, SamePassphraseAndSaltGiveTheSameKey) {
  auto a = SecretVault::FromMasterKey("correct horse battery staple", "salt-1");
  auto b = SecretVault::FromMasterKey("correct horse battery staple", "salt-1");
  auto other_salt = SecretVault::FromMasterKey("correct horse battery staple", "salt-2");
  ASSERT_TRUE(a && b && other_salt);

  auto sealed = a->Seal(kSecret, "ctx");
  ASSERT_TRUE(sealed.has_value());

  EXPECT_TRUE(b->Open(*sealed, "ctx").has_value());
  EXPECT_FALSE(other_salt->Open(*sealed, "ctx").has_value());
}

TEST(SecretVaultTest, IgnoresWhitespaceAroundTheMasterKey) {
  std::string base64 = Base64Encode(std::string(32, 'm'));
  auto plain = SecretVault::FromMasterKey(base64, "salt");
  auto with_newline = SecretVault::FromMasterKey(" " + base64 + "\n", "salt");
  auto passphrase = SecretVault::FromMasterKey("a long enough passphrase", "salt");
  auto passphrase_newline = SecretVault::FromMasterKey("a long enough passphrase\n", "salt");
  ASSERT_TRUE(plain && with_newline && passphrase && passphrase_newline);

  EXPECT_EQ(plain->Fingerprint("x"), with_newline->Fingerprint("x"));
  EXPECT_EQ(passphrase->Fingerprint("x"), passphrase_newline->Fingerprint("x"));
  EXPECT_NE(plain->Fingerprint("x"), passphrase->Fingerprint("x"));
}

TEST(SecretVaultTest, RejectsShortMasterKeyWithoutEchoingIt) {
  auto vault = SecretVault::FromMasterKey("hunter2-short", "salt");

  ASSERT_FALSE(vault.has_value());
  EXPECT_EQ(vault.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(vault.error().message.find("GRAPHPOST_MASTER_KEY"), std::string::npos);
  EXPECT_EQ(vault.error().message.find("hunter2"), std::string::npos);
}

TEST(SecretVaultTest, KeyFileIsCreatedOwnerOnlyInAPrivateDirectory) {
  TempDir tmp;
  FakeRandom random;
  fs::path file = tmp.path() / "data" / "master.key";

  auto vault = SecretVault::FromKeyFile(file, random);

  ASSERT_TRUE(vault.has_value()) << vault.error().message;
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(ModeOf(file.parent_path()), 0700u);
  EXPECT_EQ(vault->source(), "the key file " + file.string());
  EXPECT_EQ(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()),
            1);  // no temporary file left behind
}

TEST(SecretVaultTest, KeyFileIsReusedOnTheNextStart) {
  TempDir tmp;
  FakeRandom random;
  fs::path file = tmp.path() / "master.key";
  auto first = SecretVault::FromKeyFile(file, random);
  ASSERT_TRUE(first.has_value());
  auto sealed = first->Seal(kSecret, "ctx");
  ASSERT_TRUE(sealed.has_value());

  auto second = SecretVault::FromKeyFile(file, random);

  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->Open(*sealed, "ctx")->Reveal(), test::kSecretValue);
}

TEST(SecretVaultTest, KeyFileReadableByOthersIsRefused) {
  TempDir tmp;
  FakeRandom random;
  fs::path file = tmp.path() / "master.key";
  WriteFile(file, Base64Encode(std::string(32, 'z')) + "\n",
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

  auto vault = SecretVault::FromKeyFile(file, random);

  ASSERT_FALSE(vault.has_value());
  EXPECT_EQ(vault.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(vault.error().message.find("chmod 600"), std::string::npos);
}

TEST(SecretVaultTest, KeyFileWithoutA32ByteKeyIsRefused) {
  TempDir tmp;
  FakeRandom random;
  fs::path file = tmp.path() / "master.key";
  WriteFile(file, "not a key\n", fs::perms::owner_read | fs::perms::owner_write);

  auto vault = SecretVault::FromKeyFile(file, random);

  ASSERT_FALSE(vault.has_value());
  EXPECT_EQ(vault.error().code, ErrorCode::kFailedPrecondition);
}

TEST(SecretVaultTest, FingerprintDependsOnTheKey) {
  EXPECT_EQ(TestVault('a').Fingerprint("x"), TestVault('a').Fingerprint("x"));
  EXPECT_NE(TestVault('a').Fingerprint("x"), TestVault('b').Fingerprint("x"));
  EXPECT_NE(TestVault('a').Fingerprint("x"), TestVault('a').Fingerprint("y"));
  EXPECT_EQ(TestVault().Fingerprint("x").size(), 64u);
}

}  // namespace
}  // namespace graphpost::connections
