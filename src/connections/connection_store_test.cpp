#include "connections/connection_store.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "connections/sample_connections_test.hpp"
#include "sqlite/sqlite.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::connections {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using graphpost::testing::FakeClock;
using graphpost::testing::FakeRandom;
using graphpost::testing::TempDir;
using test::CertificateConnection;
using test::MakeCertificate;
using test::SecretConnection;
using test::TestVault;

class ConnectionStoreTest : public ::testing::Test {
 protected:
  fs::path DbFile() const { return tmp_.path() / "data" / "graphpost.db"; }

  std::unique_ptr<ConnectionStore> OpenStore(SecretVault vault = TestVault()) {
    auto store = ConnectionStore::Open(DbFile(), std::move(vault), clock_);
    EXPECT_TRUE(store.has_value()) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  // Runs a single-integer query on the file through a second, independent SQLite connection.
  std::int64_t QueryInt(const char* sql) const {
    auto db = sqlite::OpenDb(DbFile());
    EXPECT_TRUE(db.has_value());
    auto stmt = sqlite::Prepare(db->get(), sql);
    EXPECT_TRUE(stmt.has_value());
    EXPECT_EQ(sqlite::Step(stmt->get()), true);
    return sqlite::ColumnInt(stmt->get(), 0);
  }

  std::int64_t CredentialRows() const { return QueryInt("SELECT count(*) FROM credentials"); }

  // Every byte SQLite has written: the database file and its write-ahead log.
  std::string DatabaseBytes() const {
    std::string bytes;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(DbFile().string() + suffix, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
  }

  TempDir tmp_;
  FakeClock clock_;
};

TEST_F(ConnectionStoreTest, RotateSecretRefusesAWhitespaceOnlySecret) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(SecretConnection()).has_value());

  auto rotated = store->RotateSecret("sales", Secret("  \n"), std::nullopt);

  ASSERT_FALSE(rotated);
  EXPECT_EQ(rotated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(rotated.error().message, "client_secret: is only whitespace");
  EXPECT_EQ(store->Get("sales")->client_secret, SecretConnection().client_secret);
}

TEST_F(ConnectionStoreTest, RoundTripsAClientSecretConnection) {
  auto store = OpenStore();
  Connection c = SecretConnection();
  c.secret_expires_on = clock_.WallNow() + 24h * 365;
  c.cloud = "custom";
  c.login_url = "https://127.0.0.1:8443";
  c.graph_url = "https://127.0.0.1:8443/v1.0";
  c.ca_file = "/tmp/sandbox ca.pem";
  ASSERT_TRUE(store->Add(c).has_value());

  auto got = store->Get("sales");

  ASSERT_TRUE(got.has_value()) << got.error().message;
  c.created = c.updated = clock_.WallNow();
  EXPECT_EQ(got->name, c.name);
  EXPECT_EQ(got->account_type, c.account_type);
  EXPECT_EQ(got->tenant, c.tenant);
  EXPECT_EQ(got->auth_type, AuthType::kClientSecret);
  EXPECT_EQ(got->user_id, c.user_id);
  EXPECT_EQ(got->client_id, c.client_id);
  EXPECT_EQ(got->client_secret, c.client_secret);
  EXPECT_EQ(got->secret_expires_on, c.secret_expires_on);
  EXPECT_EQ(got->cloud, c.cloud);
  EXPECT_EQ(got->login_url, c.login_url);
  EXPECT_EQ(got->graph_url, c.graph_url);
  EXPECT_EQ(got->ca_file, c.ca_file);
  EXPECT_EQ(got->created, c.created);
  EXPECT_EQ(got->updated, c.updated);
}

TEST_F(ConnectionStoreTest, RoundTripsACertificateConnection) {
  auto store = OpenStore();
  auto cert = MakeCertificate();
  ASSERT_TRUE(store->Add(CertificateConnection(cert)).has_value());

  auto got = store->Get("cert");

  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(got->auth_type, AuthType::kCertificate);
  EXPECT_EQ(got->certificate_pem, cert.certificate_pem);
  EXPECT_EQ(got->private_key_pem.Reveal(), cert.private_key_pem);
  EXPECT_TRUE(got->client_secret.empty());
  EXPECT_EQ(got->secret_expires_on, std::nullopt);
}

TEST_F(ConnectionStoreTest, KeepsConnectionsAcrossReopening) {
  ASSERT_TRUE(OpenStore()->Add(SecretConnection()).has_value());

  auto got = OpenStore()->Get("sales");

  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->client_secret.Reveal(), test::kSecretValue);
}

TEST_F(ConnectionStoreTest, RejectsAnInvalidConnectionNamingTheField) {
  auto store = OpenStore();
  Connection c = SecretConnection("bad name");

  auto added = store->Add(c);

  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(added.error().message.starts_with("name:"));
}

TEST_F(ConnectionStoreTest, ATakenNameIsAlreadyExistsWhateverItsCase) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(SecretConnection("sales")).has_value());

  auto again = store->Add(SecretConnection("Sales", "other@contoso.com"));

  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(store->List()->size(), 1u);
}

TEST_F(ConnectionStoreTest, UnknownNamesAreNotFound) {
  auto store = OpenStore();

  EXPECT_EQ(store->Get("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->Remove("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->RotateSecret("nope", Secret("s"), std::nullopt).error().code,
            ErrorCode::kNotFound);
}

TEST_F(ConnectionStoreTest, ListsByNameWithSecrets) {
  auto store = OpenStore();
  for (const char* name : {"news", "alerts", "sales"}) {
    ASSERT_TRUE(store->Add(SecretConnection(name, std::string(name) + "@contoso.com")));
  }

  auto all = store->List();

  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "alerts");
  EXPECT_EQ((*all)[1].name, "news");
  EXPECT_EQ((*all)[2].name, "sales");
  EXPECT_EQ((*all)[2].client_secret.Reveal(), test::kSecretValue);
}

TEST_F(ConnectionStoreTest, MailboxesEnteredWithOneAppCredentialShareOneRow) {
  auto store = OpenStore();

  ASSERT_TRUE(store->Add(SecretConnection("advocacy", "advocacy@contoso.com")));
  ASSERT_TRUE(store->Add(SecretConnection("news", "news@contoso.com")));

  EXPECT_EQ(CredentialRows(), 1);
}

TEST_F(ConnectionStoreTest, AddingAMailboxWithAnExpiryDatesTheSharedSecret) {
  auto store = OpenStore();
  Connection second = SecretConnection("news", "news@contoso.com");
  second.secret_expires_on = clock_.WallNow() + 24h * 90;
  ASSERT_TRUE(store->Add(SecretConnection()));

  ASSERT_TRUE(store->Add(second));

  EXPECT_EQ(store->Get("sales")->secret_expires_on, second.secret_expires_on);
  EXPECT_EQ(CredentialRows(), 1);
}

TEST_F(ConnectionStoreTest, ANameCanBeReusedAfterRemoval) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(SecretConnection()));
  ASSERT_TRUE(store->Remove("SALES"));

  auto again = store->Add(SecretConnection());

  EXPECT_TRUE(again.has_value());
  EXPECT_EQ(CredentialRows(), 1);
}

TEST_F(ConnectionStoreTest, DifferentSecretsOrTenantsGetTheirOwnRows) {
  auto store = OpenStore();
  Connection other_secret = SecretConnection("b", "b@contoso.com");
  other_secret.client_secret = Secret("another-secret-value");
  Connection other_tenant = SecretConnection("c", "c@fabrikam.com");
  other_tenant.tenant = "fabrikam.onmicrosoft.com";

  ASSERT_TRUE(store->Add(SecretConnection("a", "a@contoso.com")));
  ASSERT_TRUE(store->Add(other_secret));
  ASSERT_TRUE(store->Add(other_tenant));

  EXPECT_EQ(CredentialRows(), 3);
}

TEST_F(ConnectionStoreTest, RotatingTheSecretUpdatesEveryConnectionSharingIt) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(SecretConnection("advocacy", "advocacy@contoso.com")));
  ASSERT_TRUE(store->Add(SecretConnection("news", "news@contoso.com")));
  clock_.Advance(1h);
  auto expires = clock_.WallNow() + 24h * 180;

  auto updated = store->RotateSecret("news", Secret("the-new-secret"), expires);

  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(*updated, (std::vector<std::string>{"advocacy", "news"}));
  for (const char* name : {"advocacy", "news"}) {
    auto c = store->Get(name);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->client_secret.Reveal(), "the-new-secret");
    EXPECT_EQ(c->secret_expires_on, expires);
    EXPECT_EQ(c->updated, clock_.WallNow());
  }
  EXPECT_EQ(CredentialRows(), 1);
}

TEST_F(ConnectionStoreTest, RotatingLeavesOtherCredentialsAlone) {
  auto store = OpenStore();
  Connection other = SecretConnection("other", "other@contoso.com");
  other.client_secret = Secret("other-secret");
  ASSERT_TRUE(store->Add(SecretConnection()));
  ASSERT_TRUE(store->Add(other));

  auto updated = store->RotateSecret("sales", Secret("the-new-secret"), std::nullopt);

  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(*updated, std::vector<std::string>{"sales"});
  EXPECT_EQ(store->Get("other")->client_secret.Reveal(), "other-secret");
}

TEST_F(ConnectionStoreTest, RotatingToASecretAlreadyStoredJoinsThatCredential) {
  auto store = OpenStore();
  Connection renewed = SecretConnection("renewed", "renewed@contoso.com");
  renewed.client_secret = Secret("the-new-secret");
  ASSERT_TRUE(store->Add(SecretConnection()));
  ASSERT_TRUE(store->Add(renewed));

  auto updated = store->RotateSecret("sales", Secret("the-new-secret"), std::nullopt);

  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(*updated, std::vector<std::string>{"sales"});
  EXPECT_EQ(store->Get("sales")->client_secret.Reveal(), "the-new-secret");
  EXPECT_EQ(CredentialRows(), 1);
}

TEST_F(ConnectionStoreTest, RotatingACertificateConnectionsSecretIsRefused) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(CertificateConnection(MakeCertificate())));

  auto updated = store->RotateSecret("cert", Secret("s"), std::nullopt);

  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(ConnectionStoreTest, RemovingTheLastConnectionOfACredentialDeletesIt) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(SecretConnection("advocacy", "advocacy@contoso.com")));
  ASSERT_TRUE(store->Add(SecretConnection("news", "news@contoso.com")));

  ASSERT_TRUE(store->Remove("advocacy"));
  EXPECT_EQ(CredentialRows(), 1);
  ASSERT_TRUE(store->Remove("news"));

  EXPECT_EQ(CredentialRows(), 0);
  EXPECT_TRUE(store->List()->empty());
}

TEST_F(ConnectionStoreTest, SecretsAreNotInTheDatabaseFilesInClear) {
  auto cert = MakeCertificate();
  {
    auto store = OpenStore();
    ASSERT_TRUE(store->Add(SecretConnection()));
    ASSERT_TRUE(store->Add(CertificateConnection(cert)));
    ASSERT_TRUE(store->RotateSecret("sales", Secret("rotated-secret-value"), std::nullopt));
    std::string while_open = DatabaseBytes();
    EXPECT_EQ(while_open.find("rotated-secret-value"), std::string::npos);
  }

  std::string bytes = DatabaseBytes();

  ASSERT_FALSE(bytes.empty());
  EXPECT_NE(bytes.find(test::kClientId), std::string::npos);  // the file is readable at all
  EXPECT_EQ(bytes.find(test::kSecretValue), std::string::npos);
  EXPECT_EQ(bytes.find("rotated-secret-value"), std::string::npos);
  EXPECT_EQ(bytes.find(test::PemBodyLine(cert.private_key_pem)), std::string::npos);
  EXPECT_EQ(bytes.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(ConnectionStoreTest, AnotherMasterKeyIsPermissionDeniedNamingIt) {
  ASSERT_TRUE(OpenStore(TestVault('a'))->Add(SecretConnection()));

  auto store = ConnectionStore::Open(DbFile(), TestVault('b'), clock_);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(store.error().message.find("GRAPHPOST_MASTER_KEY"), std::string::npos);
  EXPECT_EQ(store.error().message.find(test::kSecretValue), std::string::npos);
}

TEST_F(ConnectionStoreTest, AnotherKeyFileIsPermissionDeniedNamingTheFile) {
  FakeRandom random;
  ASSERT_TRUE(OpenStore(TestVault())->Add(SecretConnection()));
  fs::path key_file = tmp_.path() / "other" / "master.key";
  auto vault = SecretVault::FromKeyFile(key_file, random);
  ASSERT_TRUE(vault.has_value());

  auto store = ConnectionStore::Open(DbFile(), *vault, clock_);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(store.error().message.find(key_file.string()), std::string::npos);
}

TEST_F(ConnectionStoreTest, ADatabaseFromANewerGraphpostIsRefusedClearly) {
  OpenStore();
  {
    auto db = sqlite::OpenDb(DbFile());
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(sqlite::Exec(db->get(), "PRAGMA user_version = 7"));
  }

  auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("newer graphpost (schema version 7"), std::string::npos);
}

TEST_F(ConnectionStoreTest, AFileThatIsNotADatabaseIsRefused) {
  fs::create_directories(DbFile().parent_path());
  std::ofstream(DbFile()) << std::string(4096, 'x');

  auto store = ConnectionStore::Open(DbFile(), TestVault(), clock_);

  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("not a usable graphpost database"), std::string::npos);
}

TEST_F(ConnectionStoreTest, DatabaseFilesAreOwnerOnly) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Add(SecretConnection()));

  for (const char* suffix : {"", "-wal"}) {
    struct stat st {};
    ASSERT_EQ(::stat((DbFile().string() + suffix).c_str(), &st), 0) << suffix;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
  }
  struct stat dir {};
  ASSERT_EQ(::stat(DbFile().parent_path().c_str(), &dir), 0);
  EXPECT_EQ(dir.st_mode & 0777, 0700u);
}

TEST_F(ConnectionStoreTest, UsesWriteAheadLogAndTheCurrentSchemaVersion) {
  OpenStore();

  EXPECT_EQ(QueryInt("PRAGMA user_version"), 1);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

TEST_F(ConnectionStoreTest, WorksInMemory) {
  auto store = ConnectionStore::Open(":memory:", TestVault(), clock_);
  ASSERT_TRUE(store.has_value()) << store.error().message;

  ASSERT_TRUE((*store)->Add(SecretConnection()));

  EXPECT_EQ((*store)->Get("sales")->user_id, "advocacy@contoso.com");
  EXPECT_FALSE(fs::exists(":memory:"));
}

TEST_F(ConnectionStoreTest, ConcurrentAddsFromManyThreadsAllLand) {
  auto store = OpenStore();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10;
  std::latch start(kThreads);
  std::vector<std::jthread> threads;

  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        std::string name = "m" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_TRUE(store->Add(SecretConnection(name, name + "@contoso.com")));
      }
    });
  }
  threads.clear();

  EXPECT_EQ(store->List()->size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(CredentialRows(), 1);
}

}  // namespace
}  // namespace graphpost::connections
