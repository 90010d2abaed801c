// Tests of the plan model (setup/plan.hpp): the guide's steps in order for each mode, the
// migration's phases, and that the guide's traps have no field to be written into.
#include "setup/plan.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

namespace graphpost::setup {
namespace {

Answers ThreeMailboxes() {
  Answers a;
  a.tenant = "company.com";
  a.domains = {"company.com"};
  a.app_name = "graphpost mail sender";
  a.mailboxes = {
      {.address = "references@company.com", .kind = MailboxKind::kShared},
      {.address = "advocacy@company.com", .kind = MailboxKind::kUser},
      {.address = "news@company.com",
       .kind = MailboxKind::kAlias,
       .alias_of = "marketing@company.com"},
  };
  return a;
}

std::vector<StepKind> Kinds(const Plan& plan) {
  std::vector<StepKind> kinds;
  for (const Step& step : plan.steps) kinds.push_back(step.kind);
  return kinds;
}

using K = StepKind;

TEST(BuildSetupPlan, RecommendedHasNoEntraMailPermission) {
  Result<Plan> plan = BuildSetupPlan(ThreeMailboxes());
  ASSERT_TRUE(plan) << plan.error().message;
  const std::vector<K> want = {K::kEnsureApplication,     K::kEnsureServicePrincipal,
                               K::kAddClientSecret,       K::kCheckMailbox,
                               K::kCheckMailbox,          K::kCheckMailbox,
                               K::kEnsureGroup,           K::kEnsureGroupMember,
                               K::kEnsureGroupMember,     K::kEnsureGroupMember,
                               K::kReadGroupDn,           K::kEnsureExchangeServicePrincipal,
                               K::kEnsureManagementScope, K::kEnsureRoleAssignment,
                               K::kTestAuthorization,     K::kTestAuthorization,
                               K::kTestAuthorization};
  EXPECT_EQ(Kinds(*plan), want);
}

TEST(BuildSetupPlan, AsTheGuideAddsMailSendAndReadWriteWithConsent) {
  Answers answers = ThreeMailboxes();
  answers.mode = Mode::kAsTheGuide;
  answers.credential = CredentialKind::kCertificate;
  answers.credential_months = 6;
  Result<Plan> plan = BuildSetupPlan(answers);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_GE(plan->steps.size(), 7u);
  EXPECT_EQ(plan->steps[2].kind, K::kAddCertificate);
  EXPECT_EQ(plan->steps[2].months, 6);
  std::vector<std::string> granted;
  for (const Step& s : plan->steps) {
    if (s.kind == K::kEnsureGraphPermission) granted.push_back("add " + s.name);
    if (s.kind == K::kGrantAdminConsent) granted.push_back("consent " + s.name);
  }
  EXPECT_EQ(granted, (std::vector<std::string>{"add Mail.Send", "add Mail.ReadWrite",
                                               "consent Mail.Send", "consent Mail.ReadWrite"}));
  EXPECT_EQ(plan->steps[3].kind, K::kEnsureGraphPermission);
  EXPECT_EQ(plan->steps[7].kind, K::kCheckMailbox);
}

TEST(BuildSetupPlan, NamesComeFromTheAnswers) {
  Result<Plan> plan = BuildSetupPlan(ThreeMailboxes());
  ASSERT_TRUE(plan) << plan.error().message;
  for (const Step& s : plan->steps) {
    EXPECT_FALSE(s.title.empty()) << StepKindName(s.kind);
    EXPECT_FALSE(s.hint.empty()) << StepKindName(s.kind);
    if (s.kind == K::kEnsureGroup) {
      EXPECT_EQ(s.name, "graphpost mail sender Senders");
    }
    if (s.kind == K::kEnsureManagementScope) {
      EXPECT_EQ(s.name, "graphpost mail sender Senders Scope");
      EXPECT_EQ(s.guide_step, "Step 7");
    }
    if (s.kind == K::kEnsureRoleAssignment) {
      EXPECT_EQ(s.name, "graphpost mail sender Mail.Send");
      EXPECT_EQ(s.role, "Application Mail.Send");
      EXPECT_EQ(s.scope, "graphpost mail sender Senders Scope");
    }
    if (s.kind == K::kAddClientSecret) {
      EXPECT_EQ(s.name, "graphpost");
      EXPECT_EQ(s.months, 12);
    }
  }
}

TEST(BuildSetupPlan, RefusesInvalidAnswers) {
  Answers answers = ThreeMailboxes();
  answers.mailboxes[1].address = "someone@elsewhere.example";
  Result<Plan> plan = BuildSetupPlan(answers);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kInvalidArgument);
}

// Trap: a scope written with an e-mail address. The step has no filter field at all: the filter
// is always built from the DN that kReadGroupDn binds, which comes before the scope.
template <class T>
concept HasFilter = requires(T t) {
  t.filter;
};
template <class T>
concept HasObjectId = requires(T t) {
  t.object_id;
};
static_assert(!HasFilter<Step>, "a scope filter must not be expressible");
static_assert(!HasObjectId<Step>, "an object ID must not be expressible");

TEST(BuildSetupPlan, ScopeFollowsTheDnRead) {
  Result<Plan> plan = BuildSetupPlan(ThreeMailboxes());
  ASSERT_TRUE(plan) << plan.error().message;
  std::vector<K> kinds = Kinds(*plan);
  auto dn = std::find(kinds.begin(), kinds.end(), K::kReadGroupDn);
  auto scope = std::find(kinds.begin(), kinds.end(), K::kEnsureManagementScope);
  auto sp = std::find(kinds.begin(), kinds.end(), K::kEnsureServicePrincipal);
  auto exo_sp = std::find(kinds.begin(), kinds.end(), K::kEnsureExchangeServicePrincipal);
  EXPECT_LT(dn, scope);
  EXPECT_LT(sp, exo_sp);
  for (const Step& s : plan->steps) {
    if (s.kind == K::kEnsureManagementScope) {
      EXPECT_EQ(s.name.find('@'), std::string::npos);
    }
  }
}

// Trap: an alias or a group as a member. Members are only the typed mailboxes, each checked by a
// kCheckMailbox step (which binds its primary address) before it is added.
TEST(BuildSetupPlan, EveryMemberIsACheckedMailbox) {
  Result<Plan> plan = BuildSetupPlan(ThreeMailboxes());
  ASSERT_TRUE(plan) << plan.error().message;
  std::vector<std::string> checked;
  for (const Step& s : plan->steps) {
    if (s.kind == K::kCheckMailbox) checked.push_back(s.mailbox);
    if (s.kind == K::kEnsureGroupMember) {
      EXPECT_NE(std::find(checked.begin(), checked.end(), s.mailbox), checked.end())
          << s.mailbox << " is added before it is checked";
      EXPECT_NE(s.mailbox, s.name) << "a group as a member";
    }
  }
  EXPECT_EQ(checked.size(), 3u);
  EXPECT_EQ(checked[2], "news@company.com");  // as typed; the script resolves the alias
}

TEST(StepKindName, IsStableAndSidesAreRight) {
  EXPECT_EQ(StepKindName(K::kEnsureApplication), "ensure-application");
  EXPECT_EQ(StepKindName(K::kEnsureExchangeServicePrincipal), "ensure-exchange-service-principal");
  EXPECT_EQ(StepKindName(K::kRemoveAccessPolicy), "remove-access-policy");
  EXPECT_TRUE(IsEntraStep(K::kEnsureServicePrincipal));
  EXPECT_TRUE(IsEntraStep(K::kRevokeAdminConsent));
  EXPECT_FALSE(IsEntraStep(K::kEnsureExchangeServicePrincipal));
  EXPECT_FALSE(IsEntraStep(K::kRemoveAccessPolicy));
}

MigrationInput GuideTenant(bool policy) {
  MigrationInput input;
  input.answers = ThreeMailboxes();
  input.app_id = "11111111-2222-3333-4444-555555555555";
  input.granted_mail_roles = {"Mail.Send", "Mail.ReadWrite"};
  input.has_access_policy = policy;
  return input;
}

TEST(BuildMigrationPlan, ExchangeFirstThenGrantThenPolicy) {
  Result<Plan> plan = BuildMigrationPlan(GuideTenant(true));
  ASSERT_TRUE(plan) << plan.error().message;
  std::vector<int> phases;
  for (const Step& s : plan->steps) phases.push_back(PhaseOf(s));
  EXPECT_TRUE(std::is_sorted(phases.begin(), phases.end()));
  EXPECT_EQ(plan->steps.front().kind, K::kCheckMailbox);
  EXPECT_EQ(plan->steps.back().kind, K::kRemoveAccessPolicy);
  EXPECT_EQ(std::count(phases.begin(), phases.end(), 2), 4);
  for (const Step& s : plan->steps) {
    EXPECT_NE(s.kind, K::kEnsureApplication);
    EXPECT_NE(s.kind, K::kAddClientSecret);
    if (PhaseOf(s) == 1) {
      EXPECT_FALSE(IsEntraStep(s.kind)) << StepKindName(s.kind);
    }
  }
}

TEST(BuildMigrationPlan, NoPolicyNoPolicyStep) {
  Result<Plan> plan = BuildMigrationPlan(GuideTenant(false));
  ASSERT_TRUE(plan) << plan.error().message;
  for (const Step& s : plan->steps) EXPECT_NE(s.kind, K::kRemoveAccessPolicy);
  EXPECT_EQ(plan->steps.back().kind, K::kRemoveGraphPermission);
}

TEST(BuildMigrationPlan, RefusesAMissingAppId) {
  MigrationInput input = GuideTenant(false);
  input.app_id.clear();
  Result<Plan> plan = BuildMigrationPlan(input);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kInvalidArgument);
}

TEST(PhaseOf, SetupPlansAreAllPhaseOne) {
  Answers answers = ThreeMailboxes();
  answers.mode = Mode::kAsTheGuide;
  Result<Plan> plan = BuildSetupPlan(answers);
  ASSERT_TRUE(plan) << plan.error().message;
  for (const Step& s : plan->steps) EXPECT_EQ(PhaseOf(s), 1) << StepKindName(s.kind);
}

}  // namespace
}  // namespace graphpost::setup
