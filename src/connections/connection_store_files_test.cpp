// ConnectionStore and the files around it: the master key file, corrupted sealed values, and
// SQLite's -wal/-shm files.

#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "connections/connection_store.hpp"
#include "connections/sample_connections_test.hpp"
#include "sqlite/sqlite.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::connections {
namespace {

namespace fs = std::filesystem;
using graphpost::testing::FakeClock;
using graphpost::testing::FakeRandom;
using graphpost::testing::TempDir;
using test::SecretConnection;
using test::TestVault;

struct stat StatOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st;
}

class ConnectionStoreFilesTest : public ::testing::Test {
 protected:
  fs::path DbFile() const { return tmp_.path() / "data" / "graphpost.db"; }
  fs::path KeyFile() const { return tmp_.path() / "data" / "master.key"; }
  fs::path Sidecar(const char* suffix) const { return DbFile().string() + suffix; }

  Result<std::unique_ptr<ConnectionStore>> OpenWithKeyFile() {
    return ConnectionStore::OpenWithKeyFile(DbFile(), KeyFile(), random_, clock_);
  }

  // Runs one write through a second, independent SQLite connection.
  void Write(const char* sql, const std::string& blob) const {
    auto db = sqlite::OpenDb(DbFile());
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(sqlite::Run(db->get(), sql, sqlite::Blob{blob}));
  }

  std::string SealedSecret() const {
    auto db = sqlite::OpenDb(DbFile());
    EXPECT_TRUE(db.has_value());
    auto stmt = sqlite::Prepare(db->get(), "SELECT secret_sealed FROM credentials");
    EXPECT_TRUE(stmt.has_value());
    EXPECT_EQ(sqlite::Step(stmt->get()), true);
    return sqlite::ColumnBlob(stmt->get(), 0);
  }

  TempDir tmp_;
  FakeClock clock_;
  FakeRandom random_;
};

TEST_F(ConnectionStoreFilesTest, AFreshDataDirectoryGetsANewKeyFile) {
  auto store = OpenWithKeyFile();

  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE(fs::exists(KeyFile()));
  EXPECT_EQ(StatOf(KeyFile()).st_mode & 0777, 0600u);
}

TEST_F(ConnectionStoreFilesTest, TheKeyFileIsReusedOnTheNextOpen) {
  ASSERT_TRUE((*OpenWithKeyFile())->Add(SecretConnection()));

  auto store = OpenWithKeyFile();

  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->Get("sales")->client_secret, SecretConnection().client_secret);
}

TEST_F(ConnectionStoreFilesTest, AMissingKeyFileWithSealedSecretsIsAnErrorNotANewKey) {
  ASSERT_TRUE((*OpenWithKeyFile())->Add(SecretConnection()));
  fs::remove(KeyFile());

  auto store = OpenWithKeyFile();

  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  const std::string& message = store.error().message;
  EXPECT_NE(message.find("the master key file " + KeyFile().string() + " is missing"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("Restore master.key from your backup"), std::string::npos) << message;
  EXPECT_NE(message.find("graphpost connection add"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(KeyFile()));
}

TEST_F(ConnectionStoreFilesTest, ARestoredKeyFileOpensTheSecretsAgain) {
  ASSERT_TRUE((*OpenWithKeyFile())->Add(SecretConnection()));
  fs::copy_file(KeyFile(), tmp_.path() / "backup.key");
  fs::remove(KeyFile());
  ASSERT_FALSE(OpenWithKeyFile());
  fs::copy_file(tmp_.path() / "backup.key", KeyFile());

  auto store = OpenWithKeyFile();

  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->Get("sales")->client_secret, SecretConnection().client_secret);
}

TEST_F(ConnectionStoreFilesTest, ATamperedSealedSecretIsCorruptedNotAWrongKey) {
  {
    auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->Add(SecretConnection()));
  }
  std::string sealed = SealedSecret();
  sealed[sealed.size() - 20] ^= 0x01;  // a ciphertext byte
  Write("UPDATE credentials SET secret_sealed = ?", sealed);
  auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);
  ASSERT_TRUE(store) << store.error().message;

  auto got = (*store)->Get("sales");

  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(got.error().message.find("client secret of connection 'sales' is corrupted"),
            std::string::npos)
      << got.error().message;
  EXPECT_NE(got.error().message.find("graphpost connection rotate-secret sales"),
            std::string::npos);
  EXPECT_EQ(got.error().message.find("not the master key"), std::string::npos);
}

TEST_F(ConnectionStoreFilesTest, ATruncatedSealedSecretIsCorruptedToo) {
  {
    auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->Add(SecretConnection()));
  }
  Write("UPDATE credentials SET secret_sealed = ?", std::string("\x01\x02", 2));
  auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);
  ASSERT_TRUE(store) << store.error().message;

  auto got = (*store)->Get("sales");

  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kFailedPrecondition) << got.error().message;
  EXPECT_NE(got.error().message.find("client secret of connection 'sales' is corrupted"),
            std::string::npos)
      << got.error().message;
}

TEST_F(ConnectionStoreFilesTest, RotatingACorruptedSecretRepairsIt) {
  {
    auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);
    ASSERT_TRUE((*store)->Add(SecretConnection()));
  }
  std::string sealed = SealedSecret();
  sealed.back() ^= 0x01;  // the tag
  Write("UPDATE credentials SET secret_sealed = ?", sealed);
  auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);
  ASSERT_TRUE(store);

  ASSERT_TRUE((*store)->RotateSecret("sales", Secret("a-new-secret-value"), std::nullopt));

  EXPECT_EQ((*store)->Get("sales")->client_secret.Reveal(), "a-new-secret-value");
}

TEST_F(ConnectionStoreFilesTest, AWrongKeyIsStillReportedAsAWrongKey) {
  {
    auto store = ConnectionStore::Open(DbFile(), TestVault('a'), clock_);
    ASSERT_TRUE((*store)->Add(SecretConnection()));
  }

  auto store = ConnectionStore::Open(DbFile(), TestVault('b'), clock_);

  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(store.error().message.find("not the master key"), std::string::npos);
}

TEST_F(ConnectionStoreFilesTest, LeftoverSidecarFilesGetTheDatabaseFilesMode) {
  ASSERT_TRUE(ConnectionStore::Open(DbFile(), TestVault(), clock_));
  // As a process left them while the database was 0400. Not empty: SQLite itself fixes the mode of
  // an empty one, but not of a -shm that has been used.
  for (const char* suffix : {"-wal", "-shm"}) {
    std::ofstream(Sidecar(suffix), std::ios::binary) << std::string(32 * 1024, '\0');
    fs::permissions(Sidecar(suffix), fs::perms::owner_read, fs::perm_options::replace);
  }

  auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);

  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE((*store)->Add(SecretConnection()));
  EXPECT_EQ(StatOf(DbFile()).st_mode & 0777, 0600u);
  EXPECT_EQ(StatOf(Sidecar("-wal")).st_mode & 0777, 0600u);
  EXPECT_EQ(StatOf(Sidecar("-shm")).st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace graphpost::connections
