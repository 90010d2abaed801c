// The connection doctor end to end (issue #3, "Done when" 1 and 2): each test builds one
// situation in a real sandbox with the admin CLI (`graphpost sandbox ...`), saves a connection
// (`graphpost connection add`, the secret from a 0600 file, never argv), runs
// `graphpost connection --json test NAME` and reads the right check of its JSON report, plus the
// exit code (0 when the connection can send, 7 when it cannot).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

constexpr char kGroupName[] = "SlapFive Email Senders";
constexpr char kGroupAddress[] = "slapfiveemailsenders@company.com";
constexpr char kUnknownGuid[] = "c0ffee00-1234-4abc-9def-0123456789ab";

struct DoctorRun {
  int exit_code = -1;
  json::value report;  // {"connection","canSend","checks":[...]}, null when stdout is not JSON
  std::string err;
};

class DoctorE2eTest : public ::testing::Test {
 protected:
  std::string DataDir() const { return (sandbox_.state_dir() / "data").string(); }
  std::string SandboxDir() const { return (sandbox_.state_dir() / "sandbox").string(); }

  // `graphpost sandbox --json <args...>`, expected to succeed; the parsed output.
  json::value Admin(std::vector<std::string> args) {
    args.insert(args.begin(), {"sandbox", "--json"});
    CliResult r = sandbox_.Cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[2] << " " << (args.size() > 3 ? args[3] : "") << ": "
                              << r.err;
    auto doc = ParseJson(r.out);
    return doc ? *doc : json::value(nullptr);
  }
  json::value Exo(std::vector<std::string> args) {
    args.insert(args.begin(), "exo");
    return Admin(std::move(args));
  }

  // Writes `value` to a fresh 0600 file in the fixture's directory; returns its path.
  std::string SecretFile(const std::string& value) {
    std::string path = (sandbox_.state_dir() / ("secret-" + std::to_string(++files_))).string();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0) << path;
    if (fd >= 0) {
      EXPECT_EQ(::write(fd, value.data(), value.size()), static_cast<ssize_t>(value.size()));
      ::close(fd);
    }
    return path;
  }

  // `graphpost connection add NAME` against the sandbox, secret read from `secret_file`.
  void AddConnection(const std::string& name, const std::string& user_id,
                     const std::string& secret_file, const std::string& tenant = kGuideTenant,
                     const std::string& client_id = kGuideClient,
                     std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--data-dir", DataDir(),   "connection",    "add",
                                  name,         "--tenant",  tenant,          "--client-id",
                                  client_id,    "--user-id", user_id,         "--secret-file",
                                  secret_file,  "--sandbox", "--sandbox-dir", SandboxDir()};
    args.insert(args.end(), extra.begin(), extra.end());
    CliResult r = sandbox_.Cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void AddGuideConnection(const std::string& name, const std::string& user_id) {
    AddConnection(name, user_id, SecretFile(sandbox_.GuideSecret()));
  }

  // `graphpost connection --json test NAME [extra...]`.
  DoctorRun Doctor(const std::string& name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--data-dir", DataDir(), "connection", "--json", "test", name};
    args.insert(args.end(), extra.begin(), extra.end());
    CliResult r = sandbox_.Cli(args);
    auto doc = ParseJson(r.out);
    EXPECT_TRUE(doc) << "stdout: " << r.out << "\nstderr: " << r.err;
    return {r.exit_code, doc ? *doc : json::value(nullptr), r.err};
  }

  // The guide's app loses its tenant-wide Entra grant: its tokens carry no roles, so only the
  // Exchange RBAC assignment of step 7 (scope on the senders group) authorizes mailboxes.
  void MakeRbacOnly() {
    Admin({"app", "revoke-consent", kGuideClient});
    Admin({"app", "remove-permission", kGuideClient, "Mail.Send"});
    Admin({"app", "remove-permission", kGuideClient, "Mail.ReadWrite"});
  }

  SandboxFixture sandbox_;  // scenarios/setup-guide.json
  int files_ = 0;
  boost::system::error_code ec_;
};

const json::value* FindCheck(const json::value& report, std::string_view id) {
  const json::array* checks = JsonArray(report, "checks");
  if (checks == nullptr) return nullptr;
  for (const auto& check : *checks) {
    if (JsonString(check, "id") == id) return &check;
  }
  return nullptr;
}

std::string Field(const json::value& report, std::string_view id, std::string_view key) {
  const json::value* check = FindCheck(report, id);
  return check == nullptr ? "(no check " + std::string(id) + ")"
                          : JsonString(*check, key).value_or("");
}

std::string StatusOf(const json::value& report, std::string_view id) {
  return Field(report, id, "status");
}

// Expects check `id` to have `status` and a cause containing every word of `words`.
void ExpectCheck(const DoctorRun& run, std::string_view id, std::string_view status,
                 std::vector<std::string_view> words = {}) {
  SCOPED_TRACE("check " + std::string(id));
  EXPECT_EQ(StatusOf(run.report, id), status) << ToJson(run.report);
  std::string cause = Field(run.report, id, "cause");
  for (std::string_view word : words)
    EXPECT_NE(cause.find(word), std::string::npos) << word << " in: " << cause;
}

void ExpectCannotSend(const DoctorRun& run) {
  EXPECT_EQ(run.exit_code, 7) << run.err;
  EXPECT_EQ(JsonBool(run.report, "canSend"), false);
}

// The messages of a `sandbox mailbox` listing whose subject is `subject`.
std::vector<json::value> WithSubject(const json::value& listing, const std::string& subject) {
  std::vector<json::value> out;
  if (const json::array* items = JsonArray(listing, "value")) {
    for (const auto& m : *items) {
      if (JsonString(m, "subject") == subject) out.push_back(m);
    }
  }
  return out;
}

std::string FromAddress(const json::value& message) {
  boost::system::error_code ec;
  const json::value* address = message.find_pointer("/from/emailAddress/address", ec);
  return address != nullptr && address->is_string() ? std::string(address->as_string()) : "";
}

TEST_F(DoctorE2eTest, GuideSetupCanSendWithTheEntraGrantWarnedAbout) {
  AddGuideConnection("references", "references@company.com");

  DoctorRun run = Doctor("references");

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(JsonString(run.report, "connection"), "references");
  EXPECT_EQ(JsonBool(run.report, "canSend"), true);
  for (std::string_view id : {"tenant", "app", "credential", "mailbox", "mailbox-access"})
    ExpectCheck(run, id, "pass");
  // The guide's own trap: step 2's tenant-wide Mail.Send makes step 7's scope restrict nothing.
  ExpectCheck(run, "permissions", "warn", {"Mail.Send", "tenant-wide", "ANY mailbox"});
  EXPECT_NE(Field(run.report, "permissions", "fix").find("Remove permission"), std::string::npos);
  ExpectCheck(run, "credential-expiry", "skipped", {"no expiry date"});  // none recorded
  ExpectCheck(run, "primary-address", "skipped", {"Sent Items"});        // nothing sent yet
  ExpectCheck(run, "test-send", "skipped", {"--send-test-to"});
  EXPECT_EQ(ToJson(run.report).find(sandbox_.GuideSecret()), std::string::npos);
}

TEST_F(DoctorE2eTest, GuideSetupSendsATestMessageAndThenRealMail) {
  AddGuideConnection("references", "references@company.com");

  DoctorRun run = Doctor("references", {"--send-test-to", "pat@company.com"});

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(JsonBool(run.report, "canSend"), true);
  ExpectCheck(run, "test-send", "pass", {"pat@company.com", "references@company.com"});
  ExpectCheck(run, "primary-address", "pass", {"references@company.com"});
  ExpectCheck(run, "permissions", "warn");

  CliResult sent =
      sandbox_.Cli({"--data-dir", DataDir(), "send", "-c", "references", "--to", "pat@company.com",
                    "-s", "Quarterly references", "--text", "Hi Pat"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  auto inbox = WithSubject(Admin({"mailbox", "pat@company.com"}), "Quarterly references");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(FromAddress(inbox[0]), "references@company.com");
  auto sent_items =
      WithSubject(Admin({"mailbox", "references@company.com", "--folder", "sentitems"}),
                  "Quarterly references");
  EXPECT_EQ(sent_items.size(), 1u);
}

TEST_F(DoctorE2eTest, RecordedSecretExpiryIsChecked) {
  json::value app = Admin({"app", "show", kGuideClient});
  const json::array* secrets = JsonArray(app, "secrets");
  ASSERT_TRUE(secrets != nullptr && !secrets->empty()) << ToJson(app);
  std::string end = JsonString(secrets->at(0), "endDateTime").value_or("");
  AddConnection("references", "references@company.com", SecretFile(sandbox_.GuideSecret()),
                kGuideTenant, kGuideClient, {"--secret-expires", end});

  DoctorRun run = Doctor("references");

  EXPECT_EQ(run.exit_code, 0) << run.err;
  ExpectCheck(run, "credential-expiry", "pass", {"expires on " + end.substr(0, 10)});
}

TEST_F(DoctorE2eTest, RbacOnlySetupCanSendAsADirectGroupMember) {
  MakeRbacOnly();  // the least-privilege setup: step 7 without step 2's tenant-wide grant
  AddGuideConnection("references", "references@company.com");

  DoctorRun run = Doctor("references");

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(JsonBool(run.report, "canSend"), true);
  ExpectCheck(run, "permissions", "pass", {"no application permissions", "RBAC"});
  ExpectCheck(run, "mailbox-access", "pass", {"references@company.com"});
}

TEST_F(DoctorE2eTest, MailboxOutsideTheGroupIsOutOfScope) {
  MakeRbacOnly();
  AddGuideConnection("pat", "pat@company.com");

  DoctorRun run = Doctor("pat");

  ExpectCannotSend(run);
  ExpectCheck(run, "permissions", "pass");  // no roles: RBAC decides
  ExpectCheck(run, "mailbox", "pass");
  ExpectCheck(run, "mailbox-access", "fail", {"pat@company.com", "scope", "group"});
  EXPECT_NE(Field(run.report, "mailbox-access", "fix").find("Add-DistributionGroupMember"),
            std::string::npos);
}

TEST_F(DoctorE2eTest, JsonAfterTheSubcommandGivesTheReportAndAnErrorThatPointsNowhereAbove) {
  MakeRbacOnly();
  AddGuideConnection("pat", "pat@company.com");

  CliResult r = sandbox_.Cli({"--data-dir", DataDir(), "connection", "test", "pat", "--json"});

  EXPECT_EQ(r.exit_code, 7) << r.err;
  auto report = ParseJson(r.out);
  ASSERT_TRUE(report) << "stdout: " << r.out << "\nstderr: " << r.err;
  EXPECT_EQ(StatusOf(*report, "mailbox-access"), "fail");
  auto error = ParseJson(r.err);
  ASSERT_TRUE(error) << r.err;
  const json::value* message = error->find_pointer("/error/message", ec_);
  ASSERT_NE(message, nullptr) << r.err;
  EXPECT_NE(message->as_string().find("in the report"), std::string::npos) << r.err;
  EXPECT_EQ(message->as_string().find("above"), std::string::npos) << r.err;
}

TEST_F(DoctorE2eTest, ScopeOnTheGroupsEmailAddressMatchesNothing) {
  MakeRbacOnly();
  Exo({"Remove-ManagementRoleAssignment", "-Identity", "SlapFive Mail.Send", "-Confirm:$false"});
  Exo({"New-ManagementScope", "-Name", "Senders By Email", "-RecipientRestrictionFilter",
       std::string("MemberOfGroup -eq '") + kGroupAddress + "'"});
  Exo({"New-ManagementRoleAssignment", "-Name", "By Email", "-Role", "Application Mail.Send",
       "-App", kGuideClient, "-CustomResourceScope", "Senders By Email"});
  AddGuideConnection("references", "references@company.com");

  DoctorRun run = Doctor("references");

  ExpectCannotSend(run);
  ExpectCheck(run, "mailbox-access", "fail", {"references@company.com", "scope"});
  EXPECT_NE(Field(run.report, "mailbox-access", "fix").find("distinguished name"),
            std::string::npos);
}

TEST_F(DoctorE2eTest, MemberOfANestedGroupOnlyIsOutOfScope) {
  MakeRbacOnly();
  Admin({"user", "add", "nested@company.com", "--name", "Nested Member"});
  Exo({"New-DistributionGroup", "-Name", "Inner Team", "-Type", "Security", "-Members",
       "nested@company.com"});
  Exo({"Add-DistributionGroupMember", "-Identity", kGroupName, "-Member", "Inner Team"});
  AddGuideConnection("nested", "nested@company.com");

  DoctorRun run = Doctor("nested");

  ExpectCannotSend(run);
  ExpectCheck(run, "mailbox", "pass");
  ExpectCheck(run, "mailbox-access", "fail", {"nested@company.com", "nested group"});
}

TEST_F(DoctorE2eTest, AliasAsUserIdIsWarnedWithThePrimaryAddress) {
  AddGuideConnection("refs", "refs@company.com");

  DoctorRun run = Doctor("refs", {"--send-test-to", "pat@company.com"});

  EXPECT_EQ(run.exit_code, 0) << run.err;  // it sends, but not from the address the user typed
  ExpectCheck(run, "mailbox-access", "pass");
  ExpectCheck(run, "primary-address", "warn",
              {"refs@company.com", "alias", "references@company.com"});
  EXPECT_NE(Field(run.report, "primary-address", "fix").find("PrimarySmtpAddress"),
            std::string::npos);
}

TEST_F(DoctorE2eTest, DistributionListAsUserIdIsNotAMailbox) {
  AddGuideConnection("senders", kGroupAddress);

  DoctorRun run = Doctor("senders");

  ExpectCannotSend(run);
  ExpectCheck(run, "mailbox", "fail", {"ErrorInvalidUser", "distribution list"});
  ExpectCheck(run, "mailbox-access", "skipped");
}

TEST_F(DoctorE2eTest, UserWithoutLicenseHasNoMailbox) {
  Admin({"user", "add", "nolicense@company.com", "--no-license"});
  AddGuideConnection("nolicense", "nolicense@company.com");

  DoctorRun run = Doctor("nolicense");

  ExpectCannotSend(run);
  ExpectCheck(run, "mailbox", "fail", {"MailboxNotEnabledForRESTAPI", "license"});
}

TEST_F(DoctorE2eTest, ExpiredSecretIs7000222) {
  SystemClock clock;
  std::string end = FormatIso8601(clock.WallNow() + std::chrono::minutes(10));
  std::string file = (sandbox_.state_dir() / "short-lived.secret").string();
  Admin({"app", "add-secret", kGuideClient, "--name", "short", "--end", end, "--value-file", file});
  AddConnection("references", "references@company.com", file, kGuideTenant, kGuideClient,
                {"--secret-expires", end});
  // Entra checks the secret's end against its own clock: move the sandbox's an hour ahead.
  Admin({"settings", "--set", "clockOffsetSeconds=3600"});

  DoctorRun run = Doctor("references");

  ExpectCannotSend(run);
  ExpectCheck(run, "tenant", "pass");
  ExpectCheck(run, "app", "pass");
  ExpectCheck(run, "credential", "fail", {"expired", "AADSTS7000222"});
  // The doctor reads the saved expiry against the machine's clock, which did not move.
  ExpectCheck(run, "credential-expiry", "warn", {"expires soon"});
  ExpectCheck(run, "mailbox", "skipped");
}

TEST_F(DoctorE2eTest, SecretIdPastedInsteadOfItsValue) {
  json::value app = Admin({"app", "show", kGuideClient});
  const json::array* secrets = JsonArray(app, "secrets");
  ASSERT_TRUE(secrets != nullptr && !secrets->empty()) << ToJson(app);
  std::string key_id = JsonString(secrets->at(0), "keyId").value_or("");
  AddConnection("references", "references@company.com", SecretFile(key_id));

  DoctorRun run = Doctor("references");

  ExpectCannotSend(run);
  ExpectCheck(run, "credential", "fail", {"AADSTS7000215", "secret's ID, not its value"});
  EXPECT_EQ(ToJson(run.report).find(key_id),
            std::string::npos);  // the stored "secret" is never shown
  EXPECT_NE(Field(run.report, "credential", "fix").find("rotate-secret references"),
            std::string::npos);
}

TEST_F(DoctorE2eTest, UnknownTenantGuid) {
  AddConnection("references", "references@company.com", SecretFile(sandbox_.GuideSecret()),
                kUnknownGuid);

  DoctorRun run = Doctor("references");

  ExpectCannotSend(run);
  ExpectCheck(run, "tenant", "fail", {kUnknownGuid});
  ExpectCheck(run, "app", "skipped");
  ExpectCheck(run, "credential", "skipped");
}

TEST_F(DoctorE2eTest, UnknownTenantDomain) {
  AddConnection("references", "references@company.com", SecretFile(sandbox_.GuideSecret()),
                "nowhere.example");

  DoctorRun run = Doctor("references");

  ExpectCannotSend(run);
  ExpectCheck(run, "tenant", "fail", {"nowhere.example"});
}

TEST_F(DoctorE2eTest, UnknownClientId) {
  AddConnection("references", "references@company.com", SecretFile(sandbox_.GuideSecret()),
                kGuideTenant, kUnknownGuid);

  DoctorRun run = Doctor("references");

  ExpectCannotSend(run);
  ExpectCheck(run, "tenant", "pass");
  ExpectCheck(run, "app", "fail", {kUnknownGuid, "AADSTS700016"});
  ExpectCheck(run, "credential", "skipped");
}

TEST_F(DoctorE2eTest, NoConsentAndNoRoleAssignmentMeansNoPermissionAtAll) {
  json::value app = Admin({"app", "register", "--name", "Unconsented"});
  std::string client_id = JsonString(app, "appId").value_or("");
  ASSERT_FALSE(client_id.empty()) << ToJson(app);
  Admin({"app", "add-permission", client_id, "Mail.Send"});  // configured, never consented
  std::string file = (sandbox_.state_dir() / "unconsented.secret").string();
  Admin({"app", "add-secret", client_id, "--value-file", file});
  AddConnection("unconsented", "references@company.com", file, kGuideTenant, client_id);

  DoctorRun run = Doctor("unconsented");

  ExpectCannotSend(run);
  ExpectCheck(run, "credential", "pass");
  ExpectCheck(run, "permissions", "pass", {"no application permissions"});
  ExpectCheck(run, "mailbox-access", "fail", {"NoPermissionsInAccessToken", "no mail permission"});
}

TEST_F(DoctorE2eTest, TenantWideGrantBesideAScopeRestrictsNothing) {
  AddGuideConnection("pat", "pat@company.com");  // pat is not in the senders group

  DoctorRun run = Doctor("pat");

  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(JsonBool(run.report, "canSend"), true);
  ExpectCheck(run, "permissions", "warn", {"Mail.Send", "restricts nothing"});
  ExpectCheck(run, "mailbox-access", "pass", {"pat@company.com"});
}

}  // namespace
}  // namespace graphpost::testing
