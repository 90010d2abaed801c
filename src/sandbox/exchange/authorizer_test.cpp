#include "sandbox/exchange/authorizer.hpp"

#include <gtest/gtest.h>

#include "sandbox/exchange/test_tenant.hpp"
#include "testing/fake_clock.hpp"

namespace graphpost::sandbox::exchange {
namespace {

using namespace testing;  // NOLINT: test builders
using namespace std::chrono_literals;

// Tenant: mailbox "in" (member of the senders group), mailbox "out" (member of nothing), mailbox
// "nested" (member of a group inside the senders group), the app with an Exchange pointer.
class AuthorizerFixture {
 protected:
  AuthorizerFixture() : tenant_(MakeTenant()) {
    AddMailbox(tenant_, "in", "references");
    AddMailbox(tenant_, "out", "other");
    AddMailbox(tenant_, "nested", "nested");
    AddGroup(tenant_, "senders", "senders");
    AddGroup(tenant_, "inner", "inner");
    AddGroup(tenant_, "blocked", "blocked");
    AddMember(tenant_, "senders", "in");
    AddMember(tenant_, "senders", "inner");
    AddMember(tenant_, "inner", "nested");
    AddApp(tenant_);
  }

  void AddScope(std::string name, std::string filter) {
    tenant_.exchange.scopes.push_back({"scope-" + name, name, std::move(filter), false});
  }
  void AssignWithScope(std::string role, std::string scope_name) {
    tenant_.exchange.role_assignments.push_back(
        {"ra-" + std::to_string(tenant_.exchange.role_assignments.size()), "ra", std::move(role),
         std::string(kSpObjectId), std::move(scope_name), ""});
  }
  void AssignSendToSenders() {
    AddScope("Senders", "MemberOfGroup -eq '" + Dn("senders") + "'");
    AssignWithScope("Application Mail.Send", "Senders");
  }
  void AssignWithGroup(std::string role, std::string group_id) {
    tenant_.exchange.role_assignments.push_back(
        {"ra-g", "ra-g", std::move(role), std::string(kSpObjectId), "", std::move(group_id)});
  }
  void AddPolicy(AccessRight right, std::string group_id, std::string app = std::string(kAppId)) {
    tenant_.exchange.access_policies.push_back(
        {"p" + std::to_string(tenant_.exchange.access_policies.size()),
         right,
         {std::move(app)},
         std::move(group_id),
         ""});
  }
  std::string Dn(std::string_view id) { return tenant_.FindRecipient(id)->distinguished_name; }

  Denial Check(std::vector<std::string> roles, std::string mailbox,
               std::string permission = "Mail.Send") {
    AccessRequest request{std::move(roles), std::string(kAppId), std::move(mailbox),
                          std::move(permission)};
    return authorizer_.Authorize(tenant_, clock_.WallNow(), 0s, request).denial;
  }

  Tenant tenant_;
  Authorizer authorizer_;
  graphpost::testing::FakeClock clock_;
};

class AuthorizerTest : public AuthorizerFixture, public ::testing::Test {};

// ---- §6.3 matrix: Entra consent × RBAC scope × Application Access Policy ----

enum class Rbac { kMatching, kNotMatching, kNone };
enum class Aap { kRestrictIn, kRestrictOut, kDeny, kNone };

struct MatrixCase {
  bool entra;
  Rbac rbac;
  Aap aap;
  Denial expected;
};

std::string Describe(const MatrixCase& c) {
  static constexpr const char* kRbac[] = {"RbacMatching", "RbacNotMatching", "RbacNone"};
  static constexpr const char* kAap[] = {"AapRestrictIn", "AapRestrictOut", "AapDeny", "AapNone"};
  return std::string(c.entra ? "Entra" : "NoEntra") + kRbac[static_cast<int>(c.rbac)] +
         kAap[static_cast<int>(c.aap)];
}

std::string CaseName(const ::testing::TestParamInfo<MatrixCase>& info) {
  return Describe(info.param);
}

// gtest would otherwise print the struct's bytes, padding included.
void PrintTo(const MatrixCase& c, std::ostream* os) { *os << Describe(c); }

class AuthorizerMatrixTest : public AuthorizerFixture,
                             public ::testing::TestWithParam<MatrixCase> {};

TEST_P(AuthorizerMatrixTest, DecidesPerProtocol) {
  const MatrixCase& c = GetParam();
  AddScope("Senders", "MemberOfGroup -eq '" + Dn("senders") + "'");
  AddScope("Elsewhere", "MemberOfGroup -eq '" + Dn("blocked") + "'");
  if (c.rbac == Rbac::kMatching) AssignWithScope("Application Mail.Send", "Senders");
  if (c.rbac == Rbac::kNotMatching) AssignWithScope("Application Mail.Send", "Elsewhere");
  if (c.aap == Aap::kRestrictIn) AddPolicy(AccessRight::kRestrictAccess, "senders");
  if (c.aap == Aap::kRestrictOut) AddPolicy(AccessRight::kRestrictAccess, "blocked");
  if (c.aap == Aap::kDeny) AddPolicy(AccessRight::kDenyAccess, "senders");
  std::vector<std::string> roles;
  if (c.entra) roles.push_back("Mail.Send");

  Denial denial = Check(roles, "in");

  EXPECT_EQ(denial, c.expected);
}

constexpr Denial kOk = Denial::kNone;
constexpr Denial kPolicy = Denial::kAccessPolicy;
constexpr Denial kDenied = Denial::kAccessDenied;
constexpr Denial kNoPerms = Denial::kNoPermissionsInToken;

INSTANTIATE_TEST_SUITE_P(
    AllCombinations, AuthorizerMatrixTest,
    ::testing::Values(
        // Entra Mail.Send consented: AAP narrows it; RBAC adds to it.
        MatrixCase{true, Rbac::kMatching, Aap::kRestrictIn, kOk},
        MatrixCase{true, Rbac::kMatching, Aap::kRestrictOut, kOk},
        MatrixCase{true, Rbac::kMatching, Aap::kDeny, kOk},
        MatrixCase{true, Rbac::kMatching, Aap::kNone, kOk},
        MatrixCase{true, Rbac::kNotMatching, Aap::kRestrictIn, kOk},
        MatrixCase{true, Rbac::kNotMatching, Aap::kRestrictOut, kPolicy},
        MatrixCase{true, Rbac::kNotMatching, Aap::kDeny, kPolicy},
        MatrixCase{true, Rbac::kNotMatching, Aap::kNone, kOk},  // the scope restricts nothing
        MatrixCase{true, Rbac::kNone, Aap::kRestrictIn, kOk},
        MatrixCase{true, Rbac::kNone, Aap::kRestrictOut, kPolicy},
        MatrixCase{true, Rbac::kNone, Aap::kDeny, kPolicy},
        MatrixCase{true, Rbac::kNone, Aap::kNone, kOk},
        // No Entra consent (token without roles): only RBAC can grant; AAP is irrelevant.
        MatrixCase{false, Rbac::kMatching, Aap::kRestrictIn, kOk},
        MatrixCase{false, Rbac::kMatching, Aap::kRestrictOut, kOk},
        MatrixCase{false, Rbac::kMatching, Aap::kDeny, kOk},
        MatrixCase{false, Rbac::kMatching, Aap::kNone, kOk},
        MatrixCase{false, Rbac::kNotMatching, Aap::kRestrictIn, kDenied},
        MatrixCase{false, Rbac::kNotMatching, Aap::kRestrictOut, kDenied},
        MatrixCase{false, Rbac::kNotMatching, Aap::kDeny, kDenied},
        MatrixCase{false, Rbac::kNotMatching, Aap::kNone, kDenied},
        MatrixCase{false, Rbac::kNone, Aap::kRestrictIn, kNoPerms},
        MatrixCase{false, Rbac::kNone, Aap::kRestrictOut, kNoPerms},
        MatrixCase{false, Rbac::kNone, Aap::kDeny, kNoPerms},
        MatrixCase{false, Rbac::kNone, Aap::kNone, kNoPerms}),
    CaseName);

// ---- Entra grants ----

TEST_F(AuthorizerTest, MailReadWriteDoesNotImplyMailSend) {
  EXPECT_EQ(Check({"Mail.ReadWrite"}, "in", "Mail.Send"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, MailReadWriteImpliesMailRead) {
  EXPECT_EQ(Check({"Mail.ReadWrite"}, "in", "Mail.Read"), Denial::kNone);
}

TEST_F(AuthorizerTest, MailReadDoesNotImplyMailReadWrite) {
  EXPECT_EQ(Check({"Mail.Read"}, "in", "Mail.ReadWrite"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, OtherRolesWithoutTheOneNeededAreAccessDenied) {
  EXPECT_EQ(Check({"User.Read.All"}, "in", "Mail.Send"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, UserReadAllIsNotGovernedByAccessPolicies) {
  AddPolicy(AccessRight::kRestrictAccess, "blocked");

  EXPECT_EQ(Check({"User.Read.All"}, "in", "User.Read.All"), Denial::kNone);
}

// ---- Application Access Policies ----

TEST_F(AuthorizerTest, DenyBeatsRestrictForTheSameMailbox) {
  AddPolicy(AccessRight::kRestrictAccess, "senders");
  AddPolicy(AccessRight::kDenyAccess, "senders");

  EXPECT_EQ(Check({"Mail.Send"}, "in"), Denial::kAccessPolicy);
}

TEST_F(AuthorizerTest, DenyForOtherMailboxesLeavesThisOneAllowed) {
  AddPolicy(AccessRight::kDenyAccess, "blocked");

  EXPECT_EQ(Check({"Mail.Send"}, "in"), Denial::kNone);
}

TEST_F(AuthorizerTest, RestrictMatchesAnyOfSeveralPolicies) {
  AddPolicy(AccessRight::kRestrictAccess, "blocked");
  AddPolicy(AccessRight::kRestrictAccess, "senders");

  EXPECT_EQ(Check({"Mail.Send"}, "in"), Denial::kNone);
  EXPECT_EQ(Check({"Mail.Send"}, "out"), Denial::kAccessPolicy);
}

TEST_F(AuthorizerTest, PolicyScopeCountsNestedGroups) {
  AddPolicy(AccessRight::kRestrictAccess, "senders");

  EXPECT_EQ(Check({"Mail.Send"}, "nested"), Denial::kNone);
}

TEST_F(AuthorizerTest, PolicyScopedToTheMailboxItself) {
  AddPolicy(AccessRight::kRestrictAccess, "out");

  EXPECT_EQ(Check({"Mail.Send"}, "out"), Denial::kNone);
  EXPECT_EQ(Check({"Mail.Send"}, "in"), Denial::kAccessPolicy);
}

TEST_F(AuthorizerTest, WildcardPolicyAppliesToEveryApp) {
  AddPolicy(AccessRight::kDenyAccess, "senders", "*");

  EXPECT_EQ(Check({"Mail.Send"}, "in"), Denial::kAccessPolicy);
}

TEST_F(AuthorizerTest, PolicyForAnotherAppIsIgnored) {
  AddPolicy(AccessRight::kRestrictAccess, "blocked", "bbbbbbbb-0000-0000-0000-000000000002");

  EXPECT_EQ(Check({"Mail.Send"}, "in"), Denial::kNone);
}

TEST_F(AuthorizerTest, PolicyAppliesToReadPermissions) {
  AddPolicy(AccessRight::kRestrictAccess, "blocked");

  EXPECT_EQ(Check({"Mail.ReadWrite"}, "in", "Mail.Read"), Denial::kAccessPolicy);
}

// ---- RBAC for Applications ----

TEST_F(AuthorizerTest, CustomScopeCoversDirectMembersOnly) {
  AssignSendToSenders();

  EXPECT_EQ(Check({}, "in"), Denial::kNone);
  EXPECT_EQ(Check({}, "nested"), Denial::kAccessDenied);
  EXPECT_EQ(Check({}, "out"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, ScopeWrittenWithGroupEmailCoversNobody) {
  AddScope("ByEmail", "MemberOfGroup -eq 'senders@contoso.com'");
  AssignWithScope("Application Mail.Send", "ByEmail");

  EXPECT_EQ(Check({}, "in"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, RecipientGroupScopeCoversDirectMembersOnly) {
  AssignWithGroup("Application Mail.Send", "senders");

  EXPECT_EQ(Check({}, "in"), Denial::kNone);
  EXPECT_EQ(Check({}, "nested"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, UnscopedAssignmentIsOrganizationWide) {
  AssignWithScope("Application Mail.Send", "");

  EXPECT_EQ(Check({}, "out"), Denial::kNone);
}

TEST_F(AuthorizerTest, RbacMailReadWriteGrantsReadButNotSend) {
  AssignWithScope("Application Mail.ReadWrite", "");

  EXPECT_EQ(Check({}, "in", "Mail.Read"), Denial::kNone);
  EXPECT_EQ(Check({}, "in", "Mail.ReadWrite"), Denial::kNone);
  EXPECT_EQ(Check({}, "in", "Mail.Send"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, RbacMailReadDoesNotGrantSend) {
  AssignWithScope("Application Mail.Read", "");

  EXPECT_EQ(Check({}, "in", "Mail.Send"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, FullAccessRolesGrantReadWriteAndSend) {
  for (std::string role : {"Application Mail Full Access", "Application Exchange Full Access"}) {
    tenant_.exchange.role_assignments.clear();
    AssignWithScope(role, "");

    EXPECT_EQ(Check({}, "in", "Mail.Send"), Denial::kNone) << role;
    EXPECT_EQ(Check({}, "in", "Mail.ReadWrite"), Denial::kNone) << role;
    EXPECT_EQ(Check({}, "in", "Mail.Read"), Denial::kNone) << role;
  }
}

TEST_F(AuthorizerTest, RolesAreMatchedCaseInsensitively) {
  AssignWithScope("application mail.send", "");

  EXPECT_EQ(Check({}, "in"), Denial::kNone);
}

TEST_F(AuthorizerTest, AssignmentOfAnotherServicePrincipalDoesNotCount) {
  tenant_.exchange.role_assignments.push_back(
      {"x", "x", "Application Mail.Send", "other-object-id", "", ""});

  EXPECT_EQ(Check({}, "in"), Denial::kNoPermissionsInToken);
}

TEST_F(AuthorizerTest, AssignmentWithoutExchangePointerDoesNotCount) {
  AssignWithScope("Application Mail.Send", "");
  tenant_.exchange.service_principals.clear();

  EXPECT_EQ(Check({}, "in"), Denial::kNoPermissionsInToken);
}

TEST_F(AuthorizerTest, AssignmentWhoseScopeWasDeletedCoversNobody) {
  AssignWithScope("Application Mail.Send", "Gone");

  EXPECT_EQ(Check({}, "in"), Denial::kAccessDenied);
}

TEST_F(AuthorizerTest, SplitGrantsAreEvaluatedPerPermission) {
  // Entra Mail.Read everywhere, RBAC Mail.Send for senders only (X1 Example One).
  AssignSendToSenders();

  EXPECT_EQ(Check({"Mail.Read"}, "out", "Mail.Read"), Denial::kNone);
  EXPECT_EQ(Check({"Mail.Read"}, "out", "Mail.Send"), Denial::kAccessDenied);
  EXPECT_EQ(Check({"Mail.Read"}, "in", "Mail.Send"), Denial::kNone);
}

TEST_F(AuthorizerTest, UnknownMailboxIsDecidedAsOutOfEveryScope) {
  AssignSendToSenders();

  EXPECT_EQ(Check({}, "no-such-id"), Denial::kAccessDenied);
}

// ---- propagation delay ----

class AuthorizerPropagationTest : public AuthorizerTest {
 protected:
  Denial CheckAt(std::chrono::seconds delay, std::string mailbox = "in") {
    AccessRequest request{{}, std::string(kAppId), std::move(mailbox), "Mail.Send"};
    return authorizer_.Authorize(tenant_, clock_.WallNow(), delay, request).denial;
  }
};

TEST_F(AuthorizerPropagationTest, NewAssignmentTakesEffectAfterTheDelay) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(5min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);

  EXPECT_EQ(CheckAt(1h), Denial::kNoPermissionsInToken);
  clock_.Advance(59min);
  EXPECT_EQ(CheckAt(1h), Denial::kNoPermissionsInToken);
  clock_.Advance(1min);
  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, ZeroDelayUsesTheLiveTenant) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  AssignSendToSenders();  // no snapshot taken

  EXPECT_EQ(CheckAt(0s), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, NoSnapshotMeansLive) {
  AssignSendToSenders();

  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, OldestSnapshotAnswersWhenNoneIsVisibleYet) {
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);
  tenant_.exchange.role_assignments.clear();

  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, MembershipRemovalLingersForTheDelay) {
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(10min);
  tenant_.FindRecipient("senders")->member_ids.clear();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 30min);

  EXPECT_EQ(CheckAt(30min), Denial::kNone);
  clock_.Advance(30min);
  EXPECT_EQ(CheckAt(30min), Denial::kAccessDenied);
}

TEST_F(AuthorizerPropagationTest, PolicyChangeIsDelayedToo) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AddPolicy(AccessRight::kDenyAccess, "senders");
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);
  AccessRequest request{{"Mail.Send"}, std::string(kAppId), "in", "Mail.Send"};

  EXPECT_TRUE(authorizer_.Authorize(tenant_, clock_.WallNow(), 1h, request).allowed());
  clock_.Advance(1h);
  EXPECT_EQ(authorizer_.Authorize(tenant_, clock_.WallNow(), 1h, request).denial,
            Denial::kAccessPolicy);
}

TEST_F(AuthorizerPropagationTest, SnapshotAtTheSameInstantReplacesTheOlderOne) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);
  tenant_.exchange.role_assignments.clear();
  clock_.Advance(2h);

  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, ForgetFallsBackToLive) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  AssignSendToSenders();
  authorizer_.Forget(tenant_.id);

  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, MailboxCreatedAfterSnapshotUsesLiveProperties) {
  AddScope("Dept", "Department -eq 'Sales'");
  AssignWithScope("Application Mail.Send", "Dept");
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  AddMailbox(tenant_, "new", "newbie").department = "Sales";

  EXPECT_EQ(CheckAt(1h, "new"), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, LongHistoryStillAnswersFromTheRightSnapshot) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  for (int i = 0; i < 100; ++i) {
    clock_.Advance(1h);
    authorizer_.Snapshot(tenant_, clock_.WallNow(), 30min);
  }
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 30min);

  EXPECT_EQ(CheckAt(30min), Denial::kNoPermissionsInToken);
  clock_.Advance(30min);
  EXPECT_EQ(CheckAt(30min), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, SnapshotsArePerTenant) {
  Tenant other = MakeTenant();
  other.id = "99999999-2222-3333-4444-555555555555";
  authorizer_.Snapshot(other, clock_.WallNow(), 0s);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);

  EXPECT_EQ(CheckAt(1h), Denial::kNone);  // oldest of this tenant's own history
}

// ---- the view only moves forward (issue #6) ----

TEST_F(AuthorizerPropagationTest, RaisingTheDelayDoesNotTakeBackAVisibleGrant) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 10min);
  clock_.Advance(10min);
  ASSERT_EQ(CheckAt(10min), Denial::kNone);

  EXPECT_EQ(CheckAt(2h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, RaisingTheDelayDoesNotBringBackARemovedPolicy) {
  AddPolicy(AccessRight::kDenyAccess, "senders");
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  tenant_.exchange.access_policies.clear();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  AccessRequest request{{"Mail.Send"}, std::string(kAppId), "in", "Mail.Send"};
  ASSERT_TRUE(authorizer_.Authorize(tenant_, clock_.WallNow(), 0s, request).allowed());

  clock_.Advance(1min);

  EXPECT_TRUE(authorizer_.Authorize(tenant_, clock_.WallNow(), 1h, request).allowed());
}

TEST_F(AuthorizerPropagationTest, ChangeMadeWithZeroDelayIsVisibleAfterTheDelayIsRaised) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);  // no Graph call in between

  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, LongerDelayAppliesToLaterChanges) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 1h);

  clock_.Advance(30min);
  EXPECT_EQ(CheckAt(1h), Denial::kNoPermissionsInToken);
  clock_.Advance(30min);
  EXPECT_EQ(CheckAt(1h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, PendingChangeKeepsItsDueTimeWhenTheDelayIsRaised) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 10min);

  clock_.Advance(10min);

  EXPECT_EQ(CheckAt(2h), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, LoweringTheDelayShowsPendingChangesSooner) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 2h);
  clock_.Advance(10min);
  ASSERT_EQ(CheckAt(2h), Denial::kNoPermissionsInToken);

  EXPECT_EQ(CheckAt(5min), Denial::kNone);
}

TEST_F(AuthorizerPropagationTest, WhatALoweredDelayShowedStaysShownWhenItIsRaisedAgain) {
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 0s);
  clock_.Advance(1min);
  AssignSendToSenders();
  authorizer_.Snapshot(tenant_, clock_.WallNow(), 2h);
  clock_.Advance(10min);
  authorizer_.Settle(tenant_, clock_.WallNow(), 5min);  // the admin lowers the delay to 5 min

  EXPECT_EQ(CheckAt(2h), Denial::kNone);  // ... and raises it again
}

}  // namespace
}  // namespace graphpost::sandbox::exchange
