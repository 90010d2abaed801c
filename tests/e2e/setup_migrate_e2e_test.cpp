// `graphpost setup migrate CONNECTION --rehearse` end to end (issue #10, "Done when" 2): the
// setup guide's tenant (scenarios/setup-guide.json: tenant-wide Mail.Send and Mail.ReadWrite with
// consent, plus the RBAC scope), its two connections saved with the binary, the migration
// rehearsed on the sandbox, and then, seen from outside the binary: no mail role in a fresh
// token, references@ and advocacy@ still sending, pat@ (outside the group) refused and that 403
// in the sandbox's request log. The rehearsal moves the sandbox's clock instead of sleeping.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "tests/e2e/sandbox_fixture.hpp"
#include "tests/e2e/setup_migrate_e2e_support.hpp"

namespace graphpost::testing {
namespace {

namespace fs = std::filesystem;

class SetupMigrateE2eTest : public SetupMigrateFixture {
 protected:
  void SetUp() override {
    secret_file_ = (sandbox_.state_dir() / "guide-secret").string();
    int fd = ::open(secret_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    std::string secret = sandbox_.GuideSecret();
    ASSERT_EQ(::write(fd, secret.data(), secret.size()), static_cast<ssize_t>(secret.size()));
    ::close(fd);
    AddConnection("references", "references@company.com", {"--secret-file", secret_file_});
    AddConnection("advocacy", "advocacy@company.com", {"--secret-file", secret_file_});
  }

  // The guide's step 7 assignment off, so only the Entra grant authorizes the senders.
  void RemoveGuideAssignment() {
    CliResult r = sandbox_.Cli({"sandbox", "exo", "Remove-ManagementRoleAssignment", "-Identity",
                                "SlapFive Mail.Send", "-Confirm:$false"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  std::string secret_file_;
};

TEST_F(SetupMigrateE2eTest, RehearsalLeavesRbacOnlyWithTheSendersSendingAndTheCanaryRefused) {
  ASSERT_EQ(DoctorCheck("references", "permissions"), "warn");  // the guide's trap
  std::uint64_t before = LastSequence(sandbox_);

  CliResult run = Migrate({"--rehearse", "--canary", "pat@company.com"});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Phase 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Phase 2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("canary refused"), std::string::npos) << run.out;
  EXPECT_TRUE(LoggedRefusalFor("pat@company.com", before)) << "the rehearsal's own canary check";
  for (const char* file : {"README.md", "migrate-1-exchange.ps1", "migrate-2-entra.ps1"}) {
    EXPECT_TRUE(fs::is_regular_file(OutDir() / file)) << file;
  }
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
  EXPECT_EQ(DoctorCheck("references", "permissions"), "pass");
}

// Without the guide's own assignment only the migration's new scope can authorize the senders, so
// the rehearsal must wait until the sandbox's Graph sees it before the Entra grant goes.
TEST_F(SetupMigrateE2eTest, WithoutTheGuidesScopeTheRehearsalWaitsForPropagation) {
  RemoveGuideAssignment();

  CliResult run = Migrate({"--rehearse", "--canary", "pat@company.com"});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("after 30 min"), std::string::npos) << run.out;
  std::string token = sandbox_.GuideAccessToken();
  EXPECT_EQ(SendAs("references@company.com", token), 202);
  EXPECT_EQ(SendAs("advocacy@company.com", token), 202);
}

// A wait shorter than Exchange's propagation removes the grant before the scope applies: the
// rehearsal shows the interruption the real migration would cause, and fails naming the check.
TEST_F(SetupMigrateE2eTest, AWaitShorterThanPropagationFailsTheSendCheck) {
  RemoveGuideAssignment();

  CliResult run =
      Migrate({"--rehearse", "--canary", "pat@company.com", "--propagation-wait", "10m"});

  EXPECT_EQ(run.exit_code, 7) << run.out << run.err;
  EXPECT_NE(run.err.find("every connection sends"), std::string::npos) << run.err;
}

// The guide's other way to narrow the grant, a legacy Application Access Policy (RestrictAccess
// to the senders group): phase 3 removes it, and the senders keep sending through RBAC alone.
TEST_F(SetupMigrateE2eTest, ALegacyAccessPolicyIsRemovedInPhaseThree) {
  CliResult policy =
      sandbox_.Cli({"sandbox", "exo", "New-ApplicationAccessPolicy", "-AppId", kGuideClient,
                    "-PolicyScopeGroupId", "slapfiveemailsenders@company.com", "-AccessRight",
                    "RestrictAccess"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;

  CliResult run = Migrate({"--rehearse", "--canary", "pat@company.com"});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Application Access Policy: yes"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Phase 3"), std::string::npos) << run.out;
  EXPECT_TRUE(fs::is_regular_file(OutDir() / "migrate-3-exchange.ps1"));
  CliResult left = sandbox_.Cli({"sandbox", "--json", "exo", "Get-ApplicationAccessPolicy"});
  ASSERT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(left.out.find(kGuideClient), std::string::npos) << left.out;
  std::string token = sandbox_.GuideAccessToken();
  EXPECT_EQ(SendAs("references@company.com", token), 202);
  EXPECT_EQ(SendAs("pat@company.com", token), 403);
}

TEST_F(SetupMigrateE2eTest, WithoutRehearseWritesTheRunbookAndChangesNothing) {
  CliResult run = Migrate({});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(fs::is_regular_file(OutDir() / "README.md"));
  EXPECT_TRUE(fs::is_regular_file(OutDir() / "migrate-2-entra.ps1"));
  auto roles = RolesOf(sandbox_.GuideAccessToken());
  EXPECT_NE(std::find(roles.begin(), roles.end(), "Mail.Send"), roles.end());
}

TEST_F(SetupMigrateE2eTest, WithJsonStdoutIsOneJsonDocumentAndTheProgressGoesToStderr) {
  CliResult run = Migrate({"--json", "--force"});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(run.out, ec);
  ASSERT_FALSE(ec) << run.out;
  EXPECT_EQ(doc.at("connection").as_string(), "references");
  EXPECT_EQ(doc.at("result").as_string(), "ok");
  EXPECT_NE(run.err.find("Granted today"), std::string::npos) << run.err;
}

TEST_F(SetupMigrateE2eTest, WithoutCanaryAnotherMailboxOfTheTenantIsRefused) {
  CliResult run = Migrate({"--rehearse"});

  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto line = run.out.find("canary refused: sending as ");
  ASSERT_NE(line, std::string::npos) << run.out;
  std::string canary = run.out.substr(line + 27, run.out.find(' ', line + 27) - line - 27);
  EXPECT_TRUE(canary == "admin@company.com" || canary == "pat@company.com") << canary;
}

// A connection that merely trusts a copy of the sandbox's CA is not "on a sandbox": --rehearse
// never changes a tenant it cannot tell is the sandbox.
TEST_F(SetupMigrateE2eTest, RehearseRefusesAConnectionThatIsNotOnASandbox) {
  fs::path ca = sandbox_.state_dir() / "copied-ca.pem";
  fs::copy_file(sandbox_.sandbox().endpoint().ca_path, ca);
  CliResult added = sandbox_.Cli({"--data-dir",
                                  DataDir(),
                                  "connection",
                                  "add",
                                  "elsewhere",
                                  "--tenant",
                                  kGuideTenant,
                                  "--client-id",
                                  kGuideClient,
                                  "--user-id",
                                  "references@company.com",
                                  "--secret-file",
                                  secret_file_,
                                  "--cloud",
                                  "custom",
                                  "--login-url",
                                  sandbox_.base_url(),
                                  "--graph-url",
                                  sandbox_.base_url() + "/v1.0",
                                  "--ca-file",
                                  ca.string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  CliResult run = sandbox_.Cli({"--data-dir", DataDir(), "setup", "migrate", "elsewhere",
                                "--rehearse", "--out", OutDir().string()});

  EXPECT_EQ(run.exit_code, 7) << run.out << run.err;
  EXPECT_NE(run.err.find("does not point at a sandbox"), std::string::npos) << run.err;
  EXPECT_EQ(DoctorCheck("references", "permissions"), "warn");
}

TEST_F(SetupMigrateE2eTest, APropagationWaitThatIsNotADurationIsAUsageError) {
  CliResult run = Migrate({"--propagation-wait", "2 days"});

  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("--propagation-wait"), std::string::npos) << run.err;
}

TEST_F(SetupMigrateE2eTest, ACanaryInsideTheGroupIsRefusedBeforeAnythingChanges) {
  CliResult run = Migrate({"--rehearse", "--canary", "advocacy@company.com"});

  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("--canary"), std::string::npos) << run.err;
  EXPECT_EQ(DoctorCheck("references", "permissions"), "warn");
}

}  // namespace
}  // namespace graphpost::testing
