// The sandbox runner's decisions against a fake admin port (the real sandbox is in
// tests/e2e/setup_runner_e2e_test.cpp): phases, the failure text, the admin API's code passed
// through, and the traps a step repairs or refuses (a scope written with an address, Exchange's
// service principal made with the App registration's object ID).
#include "setup/sandbox_runner.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "setup/plan.hpp"

namespace graphpost::setup {
namespace {

namespace json = boost::json;

constexpr char kAppId[] = "11111111-2222-4333-8444-555555555555";
constexpr char kAppObject[] = "aaaaaaaa-2222-4333-8444-555555555555";
constexpr char kSpObject[] = "bbbbbbbb-2222-4333-8444-555555555555";
constexpr char kDn[] = "CN=senders20260101000000,OU=contoso.onmicrosoft.com,DC=prod";

// Answers by "METHOD path" or, for the Exchange endpoint, by cmdlet name; records every call as
// "METHOD path" or "cmdlet Name=value;...".
class FakeAdminPort : public AdminPort {
 public:
  Result<json::value> Call(std::string_view method, std::string_view path,
                           const json::value& body) override {
    std::string key = std::string(method) + " " + std::string(path);
    if (path.ends_with("/exchange")) {
      key = JsonString(body, "cmdlet").value_or("");
      std::string call = key;
      for (const auto& p : *JsonArray(body, "params")) {
        call += " " + std::string(p.at(0).as_string()) + "=" + std::string(p.at(1).as_string());
      }
      calls.push_back(call);
    } else {
      calls.push_back(key);
    }
    auto it = replies.find(key);
    if (it == replies.end()) return Fail(ErrorCode::kInternal, "unexpected call " + key);
    return it->second;
  }
  // A cmdlet's answer: its objects.
  void Cmdlet(const std::string& name, json::array objects) {
    replies.insert_or_assign(name, json::value(json::object{{"objects", std::move(objects)}}));
  }

  std::map<std::string, Result<json::value>> replies;
  std::vector<std::string> calls;
};

json::object AppDescription(json::array permissions) {
  return {{"appId", kAppId},
          {"objectId", kAppObject},
          {"servicePrincipalObjectId", kSpObject},
          {"permissions", std::move(permissions)},
          {"secrets", json::array{}},
          {"certificates", json::array{}}};
}

Step MakeStep(StepKind kind, std::string name = "") {
  return Step{.kind = kind,
              .title = "Do " + std::string(StepKindName(kind)),
              .hint = "See the guide's troubleshooting.",
              .name = std::move(name)};
}

Bindings BoundApp() {
  Bindings b;
  b.tenant_id = "t1";
  b.app_id = kAppId;
  b.app_object_id = kAppObject;
  b.sp_object_id = kSpObject;
  return b;
}

TEST(SandboxRunnerTest, RunsOnlyTheStepsOfTheGivenPhase) {
  FakeAdminPort port;
  port.replies.emplace(
      "GET tenants/t1/apps/" + std::string(kAppId),
      json::value(AppDescription(json::array{json::object{{"value", "Mail.Send"},
                                                          {"type", "Application"},
                                                          {"configured", true},
                                                          {"status", "Granted"}}})));
  port.replies.emplace("DELETE tenants/t1/apps/" + std::string(kAppId) + "/permissions/Mail.Send",
                       json::value(json::object{}));
  Plan plan;
  plan.steps = {MakeStep(StepKind::kCheckMailbox),
                MakeStep(StepKind::kRemoveGraphPermission, "Mail.Send"),
                MakeStep(StepKind::kRemoveAccessPolicy, kAppId)};
  Bindings b = BoundApp();
  std::vector<std::string> done;

  auto ran = RunPlanOnSandbox(plan, 2, port, b, [&](const StepOutcome& o) {
    done.push_back(std::string(StepKindName(o.step->kind)) + (o.changed ? " changed" : ""));
  });

  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(done, (std::vector<std::string>{"remove-graph-permission changed"}));
  EXPECT_EQ(port.calls.back(),
            "DELETE tenants/t1/apps/" + std::string(kAppId) + "/permissions/Mail.Send");
}

TEST(SandboxRunnerTest, AFailureNamesTheStepAndItsHintAndKeepsTheAdminCode) {
  FakeAdminPort port;
  port.Cmdlet("Get-DistributionGroupMember", {});
  port.replies.emplace("Add-DistributionGroupMember",
                       Fail(ErrorCode::kInvalidArgument, "The group can't be a member of itself."));
  Plan plan;
  Step member = MakeStep(StepKind::kEnsureGroupMember, "Senders");
  member.mailbox = "Info@contoso.com";
  plan.steps = {member, MakeStep(StepKind::kReadGroupDn, "Senders")};
  Bindings b = BoundApp();
  b.primary["info@contoso.com"] = "info@contoso.com";
  int progress = 0;

  auto ran = RunPlanOnSandbox(plan, 0, port, b, [&](const StepOutcome&) { ++progress; });

  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ran.error().message,
            member.title +
                ": Add-DistributionGroupMember: The group can't be a member of itself. See the "
                "guide's troubleshooting.");
  EXPECT_EQ(progress, 0);
  EXPECT_EQ(port.calls.size(), 2u);  // nothing after the failing step
}

TEST(SandboxRunnerTest, AMemberWhoseMailboxWasNotCheckedIsRefused) {
  FakeAdminPort port;
  Plan plan;
  Step member = MakeStep(StepKind::kEnsureGroupMember, "Senders");
  member.mailbox = "info@contoso.com";
  plan.steps = {member};
  Bindings b = BoundApp();

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(ran.error().message.find("was not checked"), std::string::npos);
  EXPECT_TRUE(port.calls.empty());
}

TEST(SandboxRunnerTest, NoTenantIsRefusedBeforeAnyCall) {
  FakeAdminPort port;
  Plan plan;
  plan.steps = {MakeStep(StepKind::kEnsureApplication, "Mailer")};
  Bindings b;

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(port.calls.empty());
}

TEST(SandboxRunnerTest, AScopeWrittenWithTheGroupsAddressIsRewrittenWithItsDn) {
  FakeAdminPort port;
  port.Cmdlet("Get-ManagementScope",
              {json::object{{"Name", "Senders Scope"},
                            {"RecipientFilter", "MemberOfGroup -eq 'senders@contoso.com'"}}});
  port.Cmdlet("Set-ManagementScope", {});
  Plan plan;
  plan.steps = {MakeStep(StepKind::kEnsureManagementScope, "Senders Scope")};
  Bindings b = BoundApp();
  b.group_dn = kDn;
  std::vector<bool> changed;

  auto ran = RunPlanOnSandbox(plan, 0, port, b,
                              [&](const StepOutcome& o) { changed.push_back(o.changed); });

  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(changed, (std::vector<bool>{true}));
  EXPECT_EQ(port.calls.back(),
            "Set-ManagementScope Identity=Senders Scope "
            "RecipientRestrictionFilter=MemberOfGroup -eq '" +
                std::string(kDn) + "'");
}

TEST(SandboxRunnerTest, ExchangeServicePrincipalMadeWithTheRegistrationsObjectIdIsRefused) {
  FakeAdminPort port;
  port.Cmdlet("Get-ServicePrincipal", {json::object{{"AppId", kAppId}, {"ObjectId", kAppObject}}});
  Plan plan;
  plan.steps = {MakeStep(StepKind::kEnsureExchangeServicePrincipal)};
  Bindings b = BoundApp();

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(ran.error().message.find(kAppObject), std::string::npos);
  EXPECT_NE(ran.error().message.find(kSpObject), std::string::npos);
  EXPECT_EQ(port.calls.size(), 1u);  // no New-ServicePrincipal
}

TEST(SandboxRunnerTest, ExchangeServicePrincipalUsesTheEnterpriseApplicationsObjectId) {
  FakeAdminPort port;
  port.Cmdlet("Get-ServicePrincipal", {});
  port.Cmdlet("New-ServicePrincipal", {});
  Plan plan;
  plan.answers.app_name = "Mailer";
  plan.steps = {MakeStep(StepKind::kEnsureExchangeServicePrincipal)};
  Bindings b = BoundApp();

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(port.calls.back(), "New-ServicePrincipal AppId=" + std::string(kAppId) +
                                   " ObjectId=" + kSpObject + " DisplayName=Mailer");
}

TEST(SandboxRunnerTest, InScopeFalseFailsTheTest) {
  FakeAdminPort port;
  port.Cmdlet("Test-ServicePrincipalAuthorization",
              {json::object{{"RoleName", "Application Mail.Send"}, {"InScope", false}}});
  Plan plan;
  Step test = MakeStep(StepKind::kTestAuthorization);
  test.mailbox = "alias@contoso.com";
  plan.steps = {test};
  Bindings b = BoundApp();
  b.primary["alias@contoso.com"] = "pat@contoso.com";

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_FALSE(ran);
  EXPECT_NE(ran.error().message.find("InScope is False for pat@contoso.com"), std::string::npos)
      << ran.error().message;
  EXPECT_EQ(port.calls.back(), "Test-ServicePrincipalAuthorization Identity=" +
                                   std::string(kAppId) + " Resource=pat@contoso.com");
}

// Only an Application Mail.Send row counts, as in exchange.ps1: another role in scope does not
// let the app send; an out-of-scope Mail.Send row listed first does not hide one in scope.
TEST(SandboxRunnerTest, OnlyAnApplicationMailSendRowInScopePassesTheTest) {
  Plan plan;
  Step test = MakeStep(StepKind::kTestAuthorization);
  test.mailbox = "pat@contoso.com";
  plan.steps = {test};
  Bindings b = BoundApp();
  b.primary["pat@contoso.com"] = "pat@contoso.com";

  FakeAdminPort read_only;
  read_only.Cmdlet("Test-ServicePrincipalAuthorization",
                   {json::object{{"RoleName", "Application Mail.Read"}, {"InScope", true}}});
  EXPECT_FALSE(RunPlanOnSandbox(plan, 0, read_only, b, nullptr));

  FakeAdminPort second_row;
  second_row.Cmdlet("Test-ServicePrincipalAuthorization",
                    {json::object{{"RoleName", "Application Mail.Send"}, {"InScope", false}},
                     json::object{{"RoleName", "Application Mail.Send"}, {"InScope", true}}});
  auto ran = RunPlanOnSandbox(plan, 0, second_row, b, nullptr);
  EXPECT_TRUE(ran) << ran.error().message;
}

json::object Policy(const std::string& identity, const std::string& app_ids) {
  return {{"Identity", identity}, {"Guid", identity + "-guid"}, {"AppId", app_ids}};
}

TEST(SandboxRunnerTest, RemovesOnlyTheAccessPolicyOfThisApp) {
  FakeAdminPort port;
  port.Cmdlet("Get-ApplicationAccessPolicy",
              json::array{Policy("other", "cccccccc-3333-4444-8555-666666666666"),
                          Policy("ours", std::string(" ") + kAppId)});
  port.Cmdlet("Remove-ApplicationAccessPolicy", json::array{});
  Plan plan;
  plan.steps = {MakeStep(StepKind::kRemoveAccessPolicy, kAppId)};
  Bindings b = BoundApp();

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(port.calls.back(), "Remove-ApplicationAccessPolicy Identity=ours-guid");
}

TEST(SandboxRunnerTest, APolicySharedWithOtherAppsIsLeftAndNamed) {
  FakeAdminPort port;
  port.Cmdlet(
      "Get-ApplicationAccessPolicy",
      json::array{Policy("shared", std::string(kAppId) + ",cccccccc-3333-4444-8555-666666666666")});
  Plan plan;
  plan.steps = {MakeStep(StepKind::kRemoveAccessPolicy, kAppId)};
  Bindings b = BoundApp();

  auto ran = RunPlanOnSandbox(plan, 0, port, b, nullptr);

  ASSERT_FALSE(ran);
  EXPECT_NE(ran.error().message.find("shared"), std::string::npos) << ran.error().message;
  EXPECT_NE(ran.error().message.find("other apps"), std::string::npos);
  EXPECT_EQ(port.calls.size(), 1u);  // nothing removed
}

}  // namespace
}  // namespace graphpost::setup
