// The setup plan run on a real sandbox through its admin API (setup/sandbox_runner.hpp): a blank
// tenant given three mailboxes (shared, user, alias), the recommended plan run on it, then a
// token of the new app and Graph's answers as each mailbox and as the canary outside the group.
// Also: a second run changes nothing, the as-the-guide plan leaves the tenant-wide grant, a
// failing step stops with its title and hint, and the migration's removal steps.
#include <gtest/gtest.h>

#include "auth/token_request.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "crypto/keys.hpp"
#include "setup/plan.hpp"
#include "setup/sandbox_runner.hpp"
#include "testing/test_keys.hpp"
#include "tests/e2e/client_e2e_support.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

namespace json = boost::json;
using setup::Answers;
using setup::Bindings;
using setup::MailboxKind;
using setup::StepKind;
using setup::StepOutcome;

ErrorCode CodeNamed(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    if (ErrorCodeName(static_cast<ErrorCode>(i)) == name) return static_cast<ErrorCode>(i);
  }
  return ErrorCode::kInternal;
}

// setup::AdminPort over the fixture's HTTPS client and the sandbox's admin key.
class FixtureAdminPort : public setup::AdminPort {
 public:
  explicit FixtureAdminPort(SandboxFixture& f) : f_(f) {}
  Result<json::value> Call(std::string_view method, std::string_view path,
                           const json::value& body) override {
    http::ClientRequest req{.method = std::string(method),
                            .url = f_.base_url() + "/_sandbox/" + std::string(path)};
    req.headers.Set("Authorization", "Bearer " + f_.sandbox().admin_key());
    if (!body.is_null()) {
      req.headers.Set("Content-Type", "application/json");
      req.body = ToJson(body);
    }
    ++calls;
    auto resp = f_.http().Send(req);
    if (!resp) return Fail(resp.error());
    auto doc = ParseJson(resp->body);
    if (!doc) return Fail(ErrorCode::kInternal, "non-JSON reply " + resp->body);
    if (resp->status < 300) return doc;
    const json::object* error = JsonObject(*doc, "error");
    return Fail(CodeNamed(error ? JsonString(*error, "code").value_or("") : ""),
                error ? JsonString(*error, "message").value_or("") : resp->body);
  }
  int calls = 0;

 private:
  SandboxFixture& f_;
};

Answers ThreeMailboxes() {
  Answers a;
  a.tenant = "contoso.com";
  a.domains = {"contoso.com"};
  a.app_name = "Contoso Mailer";
  a.mailboxes = {{"references@contoso.com", MailboxKind::kShared, "", ""},
                 {"pat@contoso.com", MailboxKind::kUser, "", ""},
                 {"advocacy@contoso.com", MailboxKind::kAlias, "jordan@contoso.com", ""}};
  return a;
}

class SetupRunnerE2eTest : public ::testing::Test {
 protected:
  SetupRunnerE2eTest() : f_(""), port_(f_) {}

  // A rehearsal tenant for `answers`, its plan run from scratch; the outcomes in `outcomes_`.
  Bindings Rehearse(const Answers& answers) {
    auto tenant = setup::PrepareRehearsalTenant(answers, port_);
    EXPECT_TRUE(tenant) << tenant.error().message;
    Bindings b;
    b.tenant_id = tenant.value_or("");
    auto plan = setup::BuildSetupPlan(answers);
    EXPECT_TRUE(plan) << plan.error().message;
    plan_ = plan.value_or(setup::Plan{});
    auto ran = Run(b);
    EXPECT_TRUE(ran) << ran.error().message;
    return b;
  }

  Status Run(Bindings& b) {
    outcomes_.clear();
    return setup::RunPlanOnSandbox(plan_, 0, port_, b,
                                   [&](const StepOutcome& o) { outcomes_.push_back(o); });
  }

  std::string TokenOf(const Bindings& b) {
    auto [status, reply] =
        f_.Token(b.tenant_id, EncodeForm({{"grant_type", "client_credentials"},
                                          {"client_id", b.app_id},
                                          {"scope", "https://graph.microsoft.com/.default"},
                                          {"client_secret", b.client_secret.Reveal()}}));
    EXPECT_EQ(status, 200) << ToJson(reply);
    return JsonString(reply, "access_token").value_or("");
  }

  int SendAs(const std::string& token, const std::string& from) {
    return f_
        .Graph("POST", "/users/" + from + "/sendMail", token,
               R"({"message":{"subject":"rehearsal","body":{"contentType":"Text","content":"hi"},
                   "toRecipients":[{"emailAddress":{"address":"pat@contoso.com"}}]}})")
        .status;
  }

  SandboxFixture f_;
  FixtureAdminPort port_;
  setup::Plan plan_;
  std::vector<StepOutcome> outcomes_;
};

TEST_F(SetupRunnerE2eTest, RecommendedPlanSendsAsEachMailboxAndNotAsTheCanary) {
  Bindings b = Rehearse(ThreeMailboxes());

  ASSERT_EQ(outcomes_.size(), plan_.steps.size());
  EXPECT_FALSE(b.client_secret.empty());
  EXPECT_FALSE(b.sp_object_id.empty());
  EXPECT_NE(b.sp_object_id, b.app_object_id);
  EXPECT_EQ(b.primary["advocacy@contoso.com"], "jordan@contoso.com");
  EXPECT_EQ(b.primary["references@contoso.com"], "references@contoso.com");
  EXPECT_NE(b.group_dn.find("CN="), std::string::npos) << b.group_dn;
  std::string token = TokenOf(b);
  for (const std::string& role : RolesOf(token)) EXPECT_EQ(role.find("Mail."), std::string::npos);
  EXPECT_EQ(SendAs(token, "references@contoso.com"), 202);
  EXPECT_EQ(SendAs(token, "pat@contoso.com"), 202);
  EXPECT_EQ(SendAs(token, "jordan@contoso.com"), 202);
  EXPECT_EQ(SendAs(token, "canary@contoso.com"), 403);
}

TEST_F(SetupRunnerE2eTest, SecondRunChangesNothing) {
  Bindings first = Rehearse(ThreeMailboxes());
  ASSERT_FALSE(outcomes_.empty());
  EXPECT_TRUE(std::any_of(outcomes_.begin(), outcomes_.end(),
                          [](const StepOutcome& o) { return o.changed; }));

  Bindings again;
  again.tenant_id = first.tenant_id;
  auto ran = Run(again);

  ASSERT_TRUE(ran) << ran.error().message;
  ASSERT_EQ(outcomes_.size(), plan_.steps.size());
  for (const StepOutcome& o : outcomes_) {
    EXPECT_FALSE(o.changed) << o.step->title << ": " << o.detail;
  }
  EXPECT_EQ(again.app_id, first.app_id);
  EXPECT_EQ(again.sp_object_id, first.sp_object_id);
  EXPECT_TRUE(again.client_secret.empty());  // the value was shown once, on the first run
}

TEST_F(SetupRunnerE2eTest, AsTheGuideLeavesTheTenantWideMailGrantInTheToken) {
  Answers a = ThreeMailboxes();
  a.mode = setup::Mode::kAsTheGuide;
  Bindings b = Rehearse(a);

  auto roles = RolesOf(TokenOf(b));
  EXPECT_NE(std::find(roles.begin(), roles.end(), "Mail.Send"), roles.end());
  EXPECT_NE(std::find(roles.begin(), roles.end(), "Mail.ReadWrite"), roles.end());
}

// The certificate made locally: only its public part goes to Entra; the app then signs its
// client assertion with the key that never left the machine. A second run uploads nothing.
TEST_F(SetupRunnerE2eTest, CertificateCredentialIsUploadedOnceAndSignsTheTokenRequest) {
  const crypto::Key& key = TestRsaKey(1);
  auto now = std::chrono::system_clock::now();
  auto cert = crypto::Certificate::SelfSigned({.common_name = "Contoso Mailer",
                                               .not_before = now,
                                               .not_after = now + std::chrono::days(365)},
                                              key);
  ASSERT_TRUE(cert) << cert.error().message;
  Answers a = ThreeMailboxes();
  a.credential = setup::CredentialKind::kCertificate;
  auto tenant = setup::PrepareRehearsalTenant(a, port_);
  ASSERT_TRUE(tenant) << tenant.error().message;
  plan_ = setup::BuildSetupPlan(a).value();
  Bindings b;
  b.tenant_id = *tenant;
  b.certificate_pem = cert->Pem();

  auto ran = Run(b);
  auto uploads = [&] {
    return std::count_if(outcomes_.begin(), outcomes_.end(), [](const StepOutcome& o) {
      return o.step->kind == StepKind::kAddCertificate && o.changed;
    });
  };
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(uploads(), 1);
  EXPECT_TRUE(b.client_secret.empty());
  auto again = Run(b);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(uploads(), 0);

  auth::AppCredential credential{.login_base = f_.base_url(),
                                 .tenant = b.tenant_id,
                                 .client_id = b.app_id,
                                 .certificate_pem = cert->Pem(),
                                 .private_key_pem = Secret(key.PrivatePem())};
  SystemRandom random;
  auto request = auth::BuildTokenRequest(credential, now, random);
  ASSERT_TRUE(request) << request.error().message;
  auto reply = f_.http().Send(*request);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  std::string token = JsonString(ParseJson(reply->body).value(), "access_token").value_or("");
  EXPECT_EQ(SendAs(token, "references@contoso.com"), 202);
  EXPECT_EQ(SendAs(token, "canary@contoso.com"), 403);
}

// An app registered through the API (not the portal) has no Enterprise application yet: the
// plan finds the registration by name and creates it, as New-MgServicePrincipal does.
TEST_F(SetupRunnerE2eTest, ARegistrationWithoutEnterpriseApplicationGetsOne) {
  Answers a = ThreeMailboxes();
  auto tenant = setup::PrepareRehearsalTenant(a, port_);
  ASSERT_TRUE(tenant) << tenant.error().message;
  auto app =
      port_.Call("POST", "tenants/" + *tenant + "/apps", json::object{{"displayName", a.app_name}});
  ASSERT_TRUE(app) << app.error().message;
  std::string app_id = JsonString(*app, "appId").value_or("");
  {
    sandbox::World& world = f_.sandbox().world();
    std::lock_guard lock(world.mu);
    std::erase_if(world.FindTenant(*tenant)->service_principals,
                  [&](const sandbox::ServicePrincipal& sp) { return sp.app_id == app_id; });
  }
  plan_ = setup::BuildSetupPlan(a).value();
  Bindings b;
  b.tenant_id = *tenant;

  auto ran = Run(b);

  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(b.app_id, app_id);
  ASSERT_GE(outcomes_.size(), 2u);
  EXPECT_FALSE(outcomes_[0].changed);  // the registration was found
  EXPECT_EQ(outcomes_[1].step->kind, StepKind::kEnsureServicePrincipal);
  EXPECT_TRUE(outcomes_[1].changed);
  EXPECT_NE(b.sp_object_id, JsonString(*app, "servicePrincipalObjectId").value_or(""));
  EXPECT_EQ(SendAs(TokenOf(b), "references@contoso.com"), 202);
}

TEST_F(SetupRunnerE2eTest, AMissingMailboxStopsAtItsCheckWithTitleAndHint) {
  Answers a = ThreeMailboxes();
  auto tenant = setup::PrepareRehearsalTenant(a, port_);
  ASSERT_TRUE(tenant) << tenant.error().message;
  a.mailboxes.push_back({"ghost@contoso.com", MailboxKind::kUser, "", ""});
  auto plan = setup::BuildSetupPlan(a);
  ASSERT_TRUE(plan) << plan.error().message;
  plan_ = *plan;
  const setup::Step* check = nullptr;
  for (const auto& s : plan_.steps) {
    if (s.kind == StepKind::kCheckMailbox && s.mailbox == "ghost@contoso.com") check = &s;
  }
  ASSERT_NE(check, nullptr);
  Bindings b;
  b.tenant_id = *tenant;

  auto ran = Run(b);

  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ran.error().message.rfind(check->title + ": ", 0), 0u) << ran.error().message;
  EXPECT_NE(ran.error().message.find("ghost@contoso.com"), std::string::npos);
  EXPECT_NE(ran.error().message.find(check->hint), std::string::npos) << ran.error().message;
  ASSERT_FALSE(outcomes_.empty());
  EXPECT_LT(outcomes_.back().step, check);  // nothing after the failing step ran
}

TEST_F(SetupRunnerE2eTest, RehearsalTenantHasTheMailboxesOfEachKindAndTheCanary) {
  auto tenant = setup::PrepareRehearsalTenant(ThreeMailboxes(), port_);
  ASSERT_TRUE(tenant) << tenant.error().message;

  auto type_of = [&](const std::string& who) {
    auto out = port_.Call("POST", "tenants/" + *tenant + "/exchange",
                          json::object{{"cmdlet", "Get-Mailbox"},
                                       {"params", json::array{json::array{"Identity", who}}}});
    if (!out) return out.error().message;
    const auto& box = out->at("objects").at(0);
    return JsonString(box, "RecipientTypeDetails").value_or("") + " " +
           JsonString(box, "PrimarySmtpAddress").value_or("");
  };
  EXPECT_EQ(type_of("references@contoso.com"), "SharedMailbox references@contoso.com");
  EXPECT_EQ(type_of("pat@contoso.com"), "UserMailbox pat@contoso.com");
  EXPECT_EQ(type_of("advocacy@contoso.com"), "UserMailbox jordan@contoso.com");
  EXPECT_EQ(type_of("canary@contoso.com"), "UserMailbox canary@contoso.com");
}

// The guide's tenant (scenarios/setup-guide.json) has the tenant-wide grant: the migration's
// removal steps take Mail.Send off the registration and revoke its consent.
TEST(SetupRunnerMigrationE2eTest, RemovalStepsTakeTheEntraGrantAwayOnce) {
  SandboxFixture f;
  FixtureAdminPort port(f);
  setup::Plan plan;
  plan.answers.app_name = "SlapFive Email Automation";
  for (StepKind kind : {StepKind::kRemoveGraphPermission, StepKind::kRevokeAdminConsent}) {
    plan.steps.push_back(setup::Step{.kind = kind,
                                     .title = std::string(setup::StepKindName(kind)),
                                     .hint = "See the guide.",
                                     .name = "Mail.Send"});
  }
  plan.steps.push_back(setup::Step{.kind = StepKind::kRemoveAccessPolicy, .title = "policies"});
  Bindings b;
  b.tenant_id = kGuideTenant;
  b.app_id = kGuideClient;
  std::vector<bool> changed;
  auto record = [&](const StepOutcome& o) { changed.push_back(o.changed); };

  auto ran = setup::RunPlanOnSandbox(plan, 0, port, b, record);
  auto again = setup::RunPlanOnSandbox(plan, 0, port, b, record);

  ASSERT_TRUE(ran) << ran.error().message;
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(changed, (std::vector<bool>{true, true, false, false, false, false}));
  EXPECT_EQ(b.sp_object_id, kGuideSpObject);
  auto roles = RolesOf(f.GuideAccessToken());
  EXPECT_EQ(std::find(roles.begin(), roles.end(), "Mail.Send"), roles.end());
  // Only Mail.Send's grant went; Mail.ReadWrite (not in this plan) keeps its consent.
  EXPECT_NE(std::find(roles.begin(), roles.end(), "Mail.ReadWrite"), roles.end());
}

}  // namespace
}  // namespace graphpost::testing
