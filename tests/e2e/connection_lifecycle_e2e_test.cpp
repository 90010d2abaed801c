// Issue #10, "Connections that change", end to end against the sandbox with the setup guide's
// tenant: `connection edit` changes the mailbox and refuses a bad cloud without changing anything;
// `connection rotate-certificate` makes a key pair, the certificate is uploaded to the app through
// the sandbox admin API, and --activate moves the connection onto it (refused, exit 7, before the
// upload); `connection expiring` alerts (exit 7) on the guide's 12-month secret within 400 days
// and not within 1 day.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "testing/temp_dir.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

class ConnectionLifecycleE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The guide's secret was made with the scenario, 12 months from now: its end date, as
    // the admin would copy it from the portal.
    CliResult app = f_.Cli({"sandbox", "--json", "app", "show", kGuideClient});
    ASSERT_EQ(app.exit_code, 0) << app.err;
    const auto at = app.out.find("\"endDateTime\":\"");
    ASSERT_NE(at, std::string::npos) << app.out;
    const std::string expires = app.out.substr(at + 15, 20);
    CliResult added = Client({"connection", "add", "references", "--tenant", kGuideTenant,
                              "--client-id", kGuideClient, "--user-id", "references@company.com",
                              "--secret-file", SecretFile(), "--secret-expires", expires,
                              "--sandbox", "--sandbox-dir", (f_.state_dir() / "sandbox").string()});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  CliResult Client(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--data-dir", (dir_.path() / "data").string()});
    return f_.Cli(args);
  }

  std::string SecretFile() const {
    return (f_.state_dir() / "sandbox" / "secrets" / "slapfive-email-automation.secret").string();
  }

  // `connection show NAME --json`, parsed.
  boost::json::object Show(const std::string& name) const {
    CliResult shown = Client({"connection", "show", name, "--json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    auto doc = ParseJson(shown.out);
    return doc && doc->is_object() ? doc->as_object() : boost::json::object{};
  }

  std::string Field(const std::string& name, const char* field) const {
    auto o = Show(name);
    const auto* v = o.if_contains(field);
    return v && v->is_string() ? std::string(v->as_string()) : "";
  }

  std::string CertificateFile() const { return (dir_.path() / "new-cert.pem").string(); }

  CliResult RotateCertificate() const {
    return Client({"connection", "rotate-certificate", "references", "--out", CertificateFile()});
  }

  CliResult Upload() const {
    return f_.Cli({"sandbox", "app", "add-certificate", kGuideClient, "--cert", CertificateFile(),
                   "--name", "rotated by graphpost"});
  }

  SandboxFixture f_;
  TempDir dir_;
};

TEST_F(ConnectionLifecycleE2eTest, EditChangesTheMailboxAndTheConnectionStillSends) {
  CliResult edited =
      Client({"connection", "edit", "references", "--user-id", "advocacy@company.com"});

  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_EQ(Field("references", "userId"), "advocacy@company.com");
  CliResult tested = Client({"connection", "test", "references"});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
}

TEST_F(ConnectionLifecycleE2eTest, EditRefusesABadCloudAndChangesNothing) {
  CliResult edited = Client(
      {"connection", "edit", "references", "--cloud", "mars", "--user-id", "advocacy@company.com"});

  EXPECT_EQ(edited.exit_code, 6) << edited.out;
  EXPECT_NE(edited.err.find("cloud"), std::string::npos) << edited.err;
  EXPECT_EQ(Field("references", "userId"), "references@company.com");
  EXPECT_EQ(Field("references", "cloud"), "custom");
}

TEST_F(ConnectionLifecycleE2eTest, ARotatedCertificateWorksOnceUploadedAndActivated) {
  CliResult rotated = RotateCertificate();
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("Certificates & secrets > Certificates > Upload certificate"),
            std::string::npos)
      << rotated.out;
  EXPECT_NE(rotated.out.find("Update-MgApplication"), std::string::npos);
  std::ifstream cert(CertificateFile());
  std::string pem((std::istreambuf_iterator<char>(cert)), std::istreambuf_iterator<char>());
  EXPECT_NE(pem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(pem.find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(Field("references", "authType"), "client-secret");  // pending until --activate
  CliResult uploaded = Upload();
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;

  CliResult activated = Client({"connection", "rotate-certificate", "references", "--activate"});

  ASSERT_EQ(activated.exit_code, 0) << activated.err;
  EXPECT_EQ(Field("references", "authType"), "certificate");
  CliResult tested = Client({"connection", "test", "references"});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
}

TEST_F(ConnectionLifecycleE2eTest, ActivatingBeforeTheUploadIsRefusedAndTheSecretStays) {
  ASSERT_EQ(RotateCertificate().exit_code, 0);

  CliResult activated = Client({"connection", "rotate-certificate", "references", "--activate"});

  EXPECT_EQ(activated.exit_code, 7) << activated.out << activated.err;
  EXPECT_NE(activated.err.find("AADSTS"), std::string::npos) << activated.err;
  EXPECT_EQ(Field("references", "authType"), "client-secret");
  CliResult tested = Client({"connection", "test", "references"});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
}

TEST_F(ConnectionLifecycleE2eTest, ActivatingWithoutAPendingCertificateIsRefused) {
  CliResult activated = Client({"connection", "rotate-certificate", "references", "--activate"});

  EXPECT_EQ(activated.exit_code, 7) << activated.err;
  EXPECT_NE(activated.err.find("no pending certificate"), std::string::npos) << activated.err;
}

TEST_F(ConnectionLifecycleE2eTest, ExpiringAlertsOnTheGuidesSecretWithinItsYear) {
  CliResult year = Client({"connection", "expiring", "--within", "400d"});
  CliResult day = Client({"connection", "expiring", "--within", "1d"});
  CliResult json = Client({"connection", "expiring", "--within", "400d", "--json"});

  EXPECT_EQ(year.exit_code, 7) << year.out << year.err;
  EXPECT_NE(year.out.find("references"), std::string::npos) << year.out;
  EXPECT_NE(year.out.find("expires in 36"), std::string::npos) << year.out;
  EXPECT_EQ(day.exit_code, 0) << day.out << day.err;
  EXPECT_EQ(json.exit_code, 7);
  auto doc = ParseJson(json.out);
  ASSERT_TRUE(doc && doc->is_object()) << json.out;
  EXPECT_EQ(doc->as_object().at("connections").as_array().size(), 1u);
}

TEST_F(ConnectionLifecycleE2eTest, ExpiringRefusesAWindowItCannotRead) {
  CliResult bad = Client({"connection", "expiring", "--within", "soon"});

  EXPECT_EQ(bad.exit_code, 6) << bad.err;
  EXPECT_NE(bad.err.find("--within"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace graphpost::testing
