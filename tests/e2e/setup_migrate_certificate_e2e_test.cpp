// `graphpost setup migrate CONNECTION --rehearse` for an app whose connections use a certificate:
// the rehearsal moves the sandbox's clock forward by half an hour and more, and the sandbox refuses
// a client assertion outside its time range (AADSTS700024), so the client must sign its
// assertions on the sandbox's clock. The guide's tenant (scenarios/setup-guide.json) with a
// certificate uploaded to the guide's app and references@ and advocacy@ added with it; the same
// checks, from outside the binary, as for the secret connections (setup_migrate_e2e_test.cpp).
#include <chrono>
#include <filesystem>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "crypto/keys.hpp"
#include "testing/test_keys.hpp"
#include "tests/e2e/sandbox_fixture.hpp"
#include "tests/e2e/setup_migrate_e2e_support.hpp"

namespace graphpost::testing {
namespace {

namespace fs = std::filesystem;

class SetupMigrateCertificateE2eTest : public SetupMigrateFixture {
 protected:
  fs::path CertFile() const { return sandbox_.state_dir() / "app-cert.pem"; }
  fs::path KeyFile() const { return sandbox_.state_dir() / "app-key.pem"; }

  void SetUp() override {
    const crypto::Key& key = TestRsaKey(2);  // committed: generating one costs 50-200 ms
    auto now = SystemClock{}.WallNow();
    auto cert = crypto::Certificate::SelfSigned({.common_name = "graphpost migrate e2e",
                                                 .not_before = now - std::chrono::hours(1),
                                                 .not_after = now + std::chrono::days(365)},
                                                key);
    ASSERT_TRUE(cert);
    WriteAll(CertFile(), cert->Pem());
    WriteAll(KeyFile(), key.PrivatePem());
    // Uploaded through the sandbox's admin API (POST tenants/{t}/apps/{appId}/certificates).
    CliResult uploaded = sandbox_.Cli({"sandbox", "app", "add-certificate", kGuideClient, "--cert",
                                       CertFile().string(), "--name", "migrate e2e"});
    ASSERT_EQ(uploaded.exit_code, 0) << uploaded.out << uploaded.err;
    AddConnection("references", "references@company.com",
                  {"--certificate", CertFile().string(), "--private-key", KeyFile().string()});
    AddConnection("advocacy", "advocacy@company.com",
                  {"--certificate", CertFile().string(), "--private-key", KeyFile().string()});
  }
};

TEST_F(SetupMigrateCertificateE2eTest, RehearsalSignsAssertionsOnTheSandboxsMovedClock) {
  ASSERT_EQ(DoctorCheck("references", "credential"), "pass");
  ASSERT_EQ(DoctorCheck("references", "permissions"), "warn");  // the guide's trap
  std::uint64_t before = LastSequence(sandbox_);

  CliResult run = Migrate({"--rehearse", "--canary", "pat@company.com"});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Phase 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Phase 2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("every connection passes the doctor"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("canary refused"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("700024"), std::string::npos) << run.out;
  EXPECT_TRUE(LoggedRefusalFor("pat@company.com", before)) << "the rehearsal's own canary check";
  // The clock did move (by the propagation delay at least), so the fix was needed.
  auto settings = sandbox_.Cli({"sandbox", "--json", "settings"});
  auto doc = ParseJson(settings.out);
  ASSERT_TRUE(doc) << settings.out << settings.err;
  EXPECT_GE(JsonInt(*doc, "clockOffsetSeconds").value_or(0), 1800) << settings.out;
  std::string token = sandbox_.GuideAccessToken();
  for (const auto& role : RolesOf(token)) {
    EXPECT_NE(role, "Mail.Send");
    EXPECT_NE(role, "Mail.ReadWrite");
  }
  EXPECT_EQ(SendAs("references@company.com", token), 202);
  EXPECT_EQ(SendAs("advocacy@company.com", token), 202);
  std::uint64_t after_checks = LastSequence(sandbox_);
  EXPECT_EQ(SendAs("pat@company.com", token), 403);
  EXPECT_TRUE(LoggedRefusalFor("pat@company.com", after_checks));
  // A later `connection test` signs on this machine's clock, which the sandbox's is now ahead of
  // by more than the assertion's range: the rehearsal's own doctor checks stand in for it.
}

}  // namespace
}  // namespace graphpost::testing
