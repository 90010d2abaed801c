// `connection edit` over a real store in a temporary data directory: only the given fields change,
// a named cloud drops explicit URLs, the expiry date can be set and forgotten, and refusals change
// nothing. (rotate-certificate and expiring against Entra: tests/e2e/connection_lifecycle.)
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "core/files.hpp"
#include "core/time_format.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::cli {
namespace {

constexpr char kTenant[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr char kClientId[] = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

class ConnectionEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_cout_ = std::cout.rdbuf(out_.rdbuf());
    ASSERT_TRUE(WriteFileAtomic(dir_.path() / "secret", "a-client-secret-value", kOwnerOnly));
    g_.data_dir = dir_.path() / "data";
    g_.env.master_key = "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=";  // base64 of 32 bytes: no
                                                                         // passphrase stretching
    auto added = RunConnectionAdd(g_, {.name = "sales",
                                       .tenant = kTenant,
                                       .client_id = kClientId,
                                       .user_id = "advocacy@contoso.com",
                                       .secret = {.file = (dir_.path() / "secret").string()},
                                       .login_url = "https://127.0.0.1:8443",
                                       .graph_url = "https://127.0.0.1:8443/v1.0"});
    ASSERT_TRUE(added) << added.error().message;
  }
  void TearDown() override { std::cout.rdbuf(saved_cout_); }

  connections::Connection Saved() {
    auto client = OpenClient(g_);
    EXPECT_TRUE(client);
    auto c = (*client)->connections().Get("sales");
    EXPECT_TRUE(c);
    return c ? *c : connections::Connection{};
  }

  testing::TempDir dir_;
  ClientGlobal g_;
  std::ostringstream out_;
  std::streambuf* saved_cout_ = nullptr;
};

TEST_F(ConnectionEditTest, ChangesOnlyTheGivenFields) {
  ASSERT_TRUE(RunConnectionEdit(g_, "sales", {.user_id = "references@contoso.com"}));

  auto c = Saved();
  EXPECT_EQ(c.user_id, "references@contoso.com");
  EXPECT_EQ(c.cloud, "custom");
  EXPECT_EQ(c.login_url, "https://127.0.0.1:8443");
  EXPECT_EQ(c.client_secret.Reveal(), "a-client-secret-value");
  EXPECT_NE(out_.str().find("references@contoso.com"), std::string::npos);
}

TEST_F(ConnectionEditTest, ANamedCloudBringsItsOwnUrls) {
  ASSERT_TRUE(RunConnectionEdit(g_, "sales", {.cloud = "usgov"}));

  auto c = Saved();
  EXPECT_EQ(c.cloud, "usgov");
  EXPECT_EQ(c.login_url, "");
  EXPECT_EQ(c.graph_url, "");
}

TEST_F(ConnectionEditTest, SetsAndForgetsTheSecretsExpiryDate) {
  ASSERT_TRUE(RunConnectionEdit(g_, "sales", {.secret_expires = "2027-06-30"}));
  EXPECT_EQ(Saved().secret_expires_on, ParseIso8601("2027-06-30"));

  ASSERT_TRUE(RunConnectionEdit(g_, "sales", {.clear_secret_expires = true}));
  EXPECT_EQ(Saved().secret_expires_on, std::nullopt);
}

TEST_F(ConnectionEditTest, ABadValueIsRefusedAndNothingChanges) {
  auto edited =
      RunConnectionEdit(g_, "sales", {.user_id = "references@contoso.com", .cloud = "mars"});

  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Saved().user_id, "advocacy@contoso.com");
  EXPECT_EQ(Saved().cloud, "custom");
}

TEST_F(ConnectionEditTest, AnUnreadableExpiryDateIsRefused) {
  auto edited = RunConnectionEdit(g_, "sales", {.secret_expires = "next year"});

  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, ErrorCode::kInvalidArgument);
}

// A date outside the clock's range used to wrap (2300-01-01 was saved as 1715-06-13, so
// `expiring` said it had expired; 1600-01-01 became 2184).
TEST_F(ConnectionEditTest, AnExpiryDateOutsideTheClocksRangeIsRefused) {
  ASSERT_TRUE(RunConnectionEdit(g_, "sales", {.secret_expires = "2027-06-30"}));
  for (const char* date : {"2300-01-01", "9999-12-31", "1600-01-01", "0000-01-01"}) {
    auto edited = RunConnectionEdit(g_, "sales", {.secret_expires = date});

    ASSERT_FALSE(edited) << date;
    EXPECT_EQ(edited.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(edited.error().message.find("outside the years 1970 to 2200"), std::string::npos)
        << edited.error().message;
    EXPECT_EQ(Saved().secret_expires_on, ParseIso8601("2027-06-30"));
  }
  EXPECT_TRUE(RunConnectionEdit(g_, "sales", {.secret_expires = "2200-12-31"}));
}

// A CA bundle that is not there is refused when it is given, not at the first connection.
TEST_F(ConnectionEditTest, ACaFileThatIsNotThereIsRefused) {
  for (const std::string& path :
       {(dir_.path() / "no-such-ca.pem").string(), dir_.path().string()}) {
    auto edited = RunConnectionEdit(g_, "sales", {.ca_file = path});

    ASSERT_FALSE(edited) << path;
    EXPECT_EQ(edited.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(edited.error().message.rfind("--ca-file: '", 0), 0u) << edited.error().message;
    EXPECT_EQ(Saved().ca_file, "");
  }
  ASSERT_TRUE(WriteFileAtomic(dir_.path() / "ca.pem", "-----BEGIN CERTIFICATE-----\n", kOwnerOnly));
  EXPECT_TRUE(RunConnectionEdit(g_, "sales", {.ca_file = (dir_.path() / "ca.pem").string()}));
}

TEST_F(ConnectionEditTest, NothingToChangeIsRefused) {
  auto edited = RunConnectionEdit(g_, "sales", {});

  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ConnectionEditTest, AnUnknownConnectionIsNotFound) {
  auto edited = RunConnectionEdit(g_, "nobody", {.user_id = "a@contoso.com"});

  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, ErrorCode::kNotFound);
}

TEST_F(ConnectionEditTest, RotateCertificateWithoutAPendingPairIsAFailedPrecondition) {
  auto activated = RunConnectionRotateCertificate(g_, "sales", {.activate = true});

  ASSERT_FALSE(activated);
  EXPECT_EQ(activated.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(ConnectionEditTest, RotateCertificateKeepsThePendingKeyPrivateAndTheConnectionAsItWas) {
  const auto out = dir_.path() / "new.pem";

  ASSERT_TRUE(RunConnectionRotateCertificate(g_, "sales", {.certificate_out = out.string()}));

  auto pem = ReadFileText(out);
  ASSERT_TRUE(pem);
  EXPECT_NE(pem->find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(pem->find("PRIVATE"), std::string::npos);
  EXPECT_EQ(Saved().auth_type, connections::AuthType::kClientSecret);
  auto record = ReadOwnerOnlyFile(g_.data_dir / "setup-keys" / "sales.pending", 64 * 1024);
  EXPECT_TRUE(record) << record.error().message;
  EXPECT_NE(out_.str().find("Upload certificate"), std::string::npos);
}

// A certificate that cannot be written leaves no private key behind and the pending pair as it
// was (the new key used to stay in setup-keys/, named by nothing).
TEST_F(ConnectionEditTest, RotateCertificateThatCannotWriteItsCertificateChangesNothing) {
  ASSERT_TRUE(RunConnectionRotateCertificate(
      g_, "sales", {.certificate_out = (dir_.path() / "first.pem").string()}));
  const auto keys = g_.data_dir / "setup-keys";
  auto pending_before = ReadOwnerOnlyFile(keys / "sales.pending", 64 * 1024);
  ASSERT_TRUE(pending_before);
  auto count_files = [&] {
    using It = std::filesystem::directory_iterator;
    return std::distance(It(keys), It());
  };
  const auto files_before = count_files();

  auto refused = RunConnectionRotateCertificate(
      g_, "sales", {.certificate_out = (dir_.path() / "no-such-folder" / "x.pem").string()});

  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.rfind("--out: ", 0), 0u) << refused.error().message;
  EXPECT_EQ(count_files(), files_before);
  auto pending_after = ReadOwnerOnlyFile(keys / "sales.pending", 64 * 1024);
  ASSERT_TRUE(pending_after);
  EXPECT_EQ(*pending_after, *pending_before);
}

// The upload line signs in to the connection's cloud: without -Environment, Connect-MgGraph
// goes to the global cloud, where a US Government or China app does not exist.
TEST_F(ConnectionEditTest, RotateCertificatesUploadLineSignsInToTheConnectionsCloud) {
  ASSERT_TRUE(RunConnectionEdit(g_, "sales", {.cloud = "usgov"}));
  out_.str("");
  ASSERT_TRUE(RunConnectionRotateCertificate(
      g_, "sales", {.certificate_out = (dir_.path() / "gov.pem").string()}));
  EXPECT_NE(out_.str().find("Connect-MgGraph -TenantId " + std::string(kTenant) +
                            " -Environment USGov -Scopes"),
            std::string::npos)
      << out_.str();
}

}  // namespace
}  // namespace graphpost::cli
