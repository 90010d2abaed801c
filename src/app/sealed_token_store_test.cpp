#include "app/sealed_token_store.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing/temp_dir.hpp"

namespace graphpost::app {
namespace {

using namespace std::chrono_literals;
using graphpost::testing::TempDir;

constexpr char kKey[] = "https://login.test\ntenant\nclient\nscope\nfingerprint";
constexpr char kToken[] = "eyJ0eXAiOiJKV1QifQ.payload-of-the-access-token.signature";

// Base64 of 32 bytes is used as is (a passphrase would be stretched, slowly).
constexpr char kMasterKey[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr char kOtherMasterKey[] = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

connections::SecretVault Vault(std::string_view master_key = kMasterKey) {
  return *connections::SecretVault::FromMasterKey(master_key, "test-salt");
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
  SealedTokenStore store(dir.path() / "tokens", Vault());

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
  SealedTokenStore store(dir.path() / "tokens", Vault());

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
  SealedTokenStore store(dir.path(), Vault());
  SealedTokenStore other(dir.path(), Vault(kOtherMasterKey));
  ASSERT_TRUE(store.Save(kKey, Token()));

  auto missing = store.Load("another credential");
  auto foreign = other.Load(kKey);

  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  EXPECT_TRUE(!foreign || !foreign->has_value());  // a different name, or refused: never the token
}

TEST(SealedTokenStoreTest, ATamperedFileIsAnErrorNotAToken) {
  TempDir dir;
  SealedTokenStore store(dir.path(), Vault());
  ASSERT_TRUE(store.Save(kKey, Token()));
  std::string content = ReadFile(store.FileFor(kKey));
  content[10] = content[10] == 'A' ? 'B' : 'A';
  std::ofstream(store.FileFor(kKey), std::ios::trunc) << content;

  auto loaded = store.Load(kKey);

  EXPECT_FALSE(loaded);
}

TEST(SealedTokenStoreTest, AFileOthersCanReadIsRefused) {
  TempDir dir;
  SealedTokenStore store(dir.path(), Vault());
  ASSERT_TRUE(store.Save(kKey, Token()));
  ::chmod(store.FileFor(kKey).c_str(), 0644);

  auto loaded = store.Load(kKey);

  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kFailedPrecondition);
}

TEST(SealedTokenStoreTest, ASecondSaveReplacesTheFirst) {
  TempDir dir;
  SealedTokenStore store(dir.path(), Vault());
  auth::StoredToken newer = Token();
  newer.value = Secret("newer-token");
  ASSERT_TRUE(store.Save(kKey, Token()));

  ASSERT_TRUE(store.Save(kKey, newer));

  EXPECT_EQ((*store.Load(kKey))->value.Reveal(), "newer-token");
}

TEST(SealedTokenStoreTest, ConcurrentWritersAndReadersOnlyEverSeeAWholeToken) {
  TempDir dir;
  // Two stores on one directory stand for two processes.
  SealedTokenStore first(dir.path(), Vault());
  SealedTokenStore second(dir.path(), Vault());
  ASSERT_TRUE(first.Save(kKey, Token()));
  std::atomic<int> bad_loads{0};

  {
    std::jthread writer_a([&] {
      for (int i = 0; i < 40; ++i) (void)first.Save(kKey, Token());
    });
    std::jthread writer_b([&] {
      for (int i = 0; i < 40; ++i) (void)second.Save(kKey, Token());
    });
    std::jthread reader([&] {
      for (int i = 0; i < 80; ++i) {
        auto loaded = second.Load(kKey);
        if (!loaded || !loaded->has_value() || (*loaded)->value.Reveal() != kToken) ++bad_loads;
      }
    });
  }

  EXPECT_EQ(bad_loads.load(), 0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);
}

}  // namespace
}  // namespace graphpost::app
