#include "app/sealed_token_store.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::app {
namespace {

using namespace std::chrono_literals;
using graphpost::testing::FakeRandom;
using graphpost::testing::TempDir;

constexpr char kKey[] = "https://login.test\ntenant\nclient\nscope\nfingerprint";
constexpr char kToken[] = "eyJ0eXAiOiJKV1QifQ.payload-of-the-access-token.signature";

connections::SecretVault Vault(std::string_view passphrase = "a master passphrase for tests") {
  return *connections::SecretVault::FromMasterKey(passphrase, "test-salt");
}

auth::StoredToken Token() {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds{1'800'000'000});
  return {.value = Secret(kToken),
          .obtained_at = now,
          .expires_at = now + 3599s,
          .roles = {"Mail.Send"},
          .tenant_id = "tid"};
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SealedTokenStoreTest, SavedTokenLoadsBackWithItsTimesAndClaims) {
  TempDir dir;
  FakeRandom random;
  SealedTokenStore store(dir.path() / "tokens", Vault(), random);

  ASSERT_TRUE(store.Save(kKey, Token()));
  auto loaded = store.Load(kKey);

  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->value.Reveal(), kToken);
  EXPECT_EQ((*loaded)->obtained_at, Token().obtained_at);
  EXPECT_EQ((*loaded)->expires_at, Token().expires_at);
  EXPECT_EQ((*loaded)->roles, std::vector<std::string>{"Mail.Send"});
  EXPECT_EQ((*loaded)->tenant_id, "tid");
}

TEST(SealedTokenStoreTest, TheFileIsSealedOwnerOnlyAndNamedWithoutTheKey) {
  TempDir dir;
  FakeRandom random;
  SealedTokenStore store(dir.path() / "tokens", Vault(), random);

  ASSERT_TRUE(store.Save(kKey, Token()));

  const auto file = store.FileFor(kKey);
  EXPECT_EQ(file.parent_path(), dir.path() / "tokens");
  EXPECT_EQ(file.filename().string().find("tenant"), std::string::npos);
  const std::string content = ReadFile(file);
  EXPECT_EQ(content.find("payload-of-the-access-token"), std::string::npos);
  EXPECT_EQ(content.find("Mail.Send"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir.path() / "tokens").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path() / "tokens"),
                          std::filesystem::directory_iterator()),
            1);  // no temporary file left behind
}

TEST(SealedTokenStoreTest, AMissingTokenIsNoneAndAnotherKeyCannotOpenIt) {
  TempDir dir;
  FakeRandom random;
  SealedTokenStore store(dir.path(), Vault(), random);
  SealedTokenStore other(dir.path(), Vault("another master passphrase!"), random);
  ASSERT_TRUE(store.Save(kKey, Token()));

  auto missing = store.Load("another credential");
  auto foreign = other.Load(kKey);

  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  EXPECT_TRUE(!foreign || !foreign->has_value());  // a different name, or refused: never the token
}

TEST(SealedTokenStoreTest, ATamperedFileIsAnErrorNotAToken) {
  TempDir dir;
  FakeRandom random;
  SealedTokenStore store(dir.path(), Vault(), random);
  ASSERT_TRUE(store.Save(kKey, Token()));
  std::string content = ReadFile(store.FileFor(kKey));
  content[10] = content[10] == 'A' ? 'B' : 'A';
  std::ofstream(store.FileFor(kKey), std::ios::trunc) << content;

  auto loaded = store.Load(kKey);

  EXPECT_FALSE(loaded);
}

TEST(SealedTokenStoreTest, AFileOthersCanReadIsRefused) {
  TempDir dir;
  FakeRandom random;
  SealedTokenStore store(dir.path(), Vault(), random);
  ASSERT_TRUE(store.Save(kKey, Token()));
  ::chmod(store.FileFor(kKey).c_str(), 0644);

  auto loaded = store.Load(kKey);

  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kFailedPrecondition);
}

TEST(SealedTokenStoreTest, ASecondSaveReplacesTheFirst) {
  TempDir dir;
  FakeRandom random;
  SealedTokenStore store(dir.path(), Vault(), random);
  auth::StoredToken newer = Token();
  newer.value = Secret("newer-token");
  ASSERT_TRUE(store.Save(kKey, Token()));

  ASSERT_TRUE(store.Save(kKey, newer));

  EXPECT_EQ((*store.Load(kKey))->value.Reveal(), "newer-token");
}

}  // namespace
}  // namespace graphpost::app
