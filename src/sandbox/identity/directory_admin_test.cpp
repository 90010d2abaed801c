#include "sandbox/identity/directory_admin.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "crypto/digest.hpp"
#include "sandbox/identity/identity_test_support.hpp"

namespace graphpost::sandbox::identity::test {
namespace {

using std::chrono::hours;
using ::testing::ElementsAre;

class DirectoryAdminTest : public ::testing::Test {
 protected:
  DirectoryAdminTest() {
    tenant_id = *CreateTenant(world, "Contoso", "Contoso", random);
    registered = *RegisterApplication(tenant(), "Mailer", random, clock.WallNow());
  }
  Tenant& tenant() { return *world.FindTenant(tenant_id); }
  Application& app() { return *tenant().FindApplication(registered.app_id); }
  ServicePrincipal& sp() { return *tenant().FindServicePrincipalByAppId(registered.app_id); }
  const std::string& app_id() const { return registered.app_id; }

  testing::FakeClock clock;
  testing::FakeRandom random;
  World world;
  std::string tenant_id;
  RegisteredApplication registered;
};

TEST_F(DirectoryAdminTest, CreateTenantGivesGuidAndOnMicrosoftDomain) {
  EXPECT_TRUE(IsGuid(tenant_id));
  EXPECT_EQ(tenant().display_name, "Contoso");
  EXPECT_EQ(tenant().domains, (std::vector<std::string>{"contoso.onmicrosoft.com"}));
}

TEST_F(DirectoryAdminTest, CreateTenantRefusesTakenOrBadPrefix) {
  EXPECT_EQ(CreateTenant(world, "Again", "contoso", random).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(CreateTenant(world, "Bad", "con-toso", random).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CreateTenant(world, " ", "fine", random).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DirectoryAdminTest, AddDomainChecksNameAndUniqueness) {
  ASSERT_TRUE(AddDomain(world, tenant(), "Contoso.com").has_value());
  std::string other = *CreateTenant(world, "Other", "other", random);

  EXPECT_TRUE(tenant().HasDomain("contoso.com"));
  EXPECT_EQ(AddDomain(world, *world.FindTenant(other), "contoso.com").error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(AddDomain(world, tenant(), "intranet").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AddDomain(world, tenant(), "x.onmicrosoft.com").error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(DirectoryAdminTest, RegisterApplicationCreatesEnterpriseApp) {
  EXPECT_TRUE(IsGuid(registered.app_id));
  EXPECT_NE(registered.object_id, registered.service_principal_id);
  EXPECT_EQ(app().sign_in_audience, "AzureADMyOrg");
  EXPECT_EQ(app().created, clock.WallNow());
  EXPECT_EQ(sp().object_id, registered.service_principal_id);
  EXPECT_EQ(sp().display_name, "Mailer");
  EXPECT_TRUE(sp().enabled);
  EXPECT_EQ(RegisterApplication(tenant(), "", random, clock.WallNow()).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(DirectoryAdminTest, AddPermissionUsesCatalogueSpelling) {
  ASSERT_TRUE(
      AddPermission(tenant(), app_id(), "mail.send", PermissionKind::kApplication).has_value());

  ASSERT_EQ(app().required_permissions.size(), 1u);
  EXPECT_EQ(app().required_permissions[0].value, "Mail.Send");
  EXPECT_EQ(app().required_permissions[0].resource_app_id, kGraphAppId);
  EXPECT_EQ(
      AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kApplication).error().code,
      ErrorCode::kAlreadyExists);
}

TEST_F(DirectoryAdminTest, AddPermissionExplainsDelegatedOnlyPermission) {
  auto result = AddPermission(tenant(), app_id(), "User.Read", PermissionKind::kApplication);

  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("exists only as a delegated permission"),
            std::string::npos);
  EXPECT_EQ(
      AddPermission(tenant(), app_id(), "Mail.Fly", PermissionKind::kApplication).error().code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(AddPermission(tenant(), "nope", "Mail.Send", PermissionKind::kApplication).error().code,
            ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, AdminConsentGrantsOnlyApplicationPermissions) {
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kApplication));
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.ReadWrite", PermissionKind::kApplication));
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kDelegated));

  ASSERT_TRUE(GrantAdminConsent(tenant(), app_id()).has_value());

  EXPECT_EQ(sp().granted_app_roles, (std::vector<std::string>{"Mail.Send", "Mail.ReadWrite"}));
  ASSERT_TRUE(RevokeAdminConsent(tenant(), app_id()).has_value());
  EXPECT_TRUE(sp().granted_app_roles.empty());
}

TEST_F(DirectoryAdminTest, EnterpriseAppIsCreatedForARegistrationWithoutOne) {
  std::string old_sp = sp().object_id;
  EXPECT_EQ(CreateServicePrincipal(tenant(), app_id(), random).error().code,
            ErrorCode::kAlreadyExists);
  std::erase_if(tenant().service_principals,
                [&](const ServicePrincipal& s) { return s.object_id == old_sp; });

  auto made = CreateServicePrincipal(tenant(), app_id(), random);

  ASSERT_TRUE(made) << made.error().message;
  EXPECT_NE(*made, old_sp);
  EXPECT_EQ(sp().object_id, *made);
  EXPECT_EQ(sp().display_name, "Mailer");
  EXPECT_EQ(CreateServicePrincipal(tenant(), "nope", random).error().code, ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, RevokingOneAppRoleKeepsTheOtherGrants) {
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kApplication));
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.ReadWrite", PermissionKind::kApplication));
  ASSERT_TRUE(GrantAdminConsent(tenant(), app_id()));

  ASSERT_TRUE(RevokeAppRole(tenant(), app_id(), "mail.send").has_value());

  EXPECT_EQ(sp().granted_app_roles, (std::vector<std::string>{"Mail.ReadWrite"}));
  EXPECT_EQ(RevokeAppRole(tenant(), app_id(), "Mail.Send").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(RevokeAppRole(tenant(), "nope", "Mail.ReadWrite").error().code, ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, RemovedPermissionKeepsItsGrantLikeEntra) {
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kApplication));
  ASSERT_TRUE(GrantAdminConsent(tenant(), app_id()));

  ASSERT_TRUE(RemovePermission(tenant(), app_id(), "mail.send").has_value());

  EXPECT_TRUE(app().required_permissions.empty());
  auto d = DescribeApplication(tenant(), app_id(), clock.WallNow());
  ASSERT_EQ(d->permissions.size(), 1u);
  EXPECT_FALSE(d->permissions[0].configured);
  EXPECT_EQ(d->permissions[0].consent, ConsentState::kGranted);
  EXPECT_EQ(RemovePermission(tenant(), app_id(), "Mail.Send").error().code, ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, ClientSecretIsEntraShapedAndStoredHashed) {
  auto created = AddClientSecret(tenant(), app_id(), "graphpost", clock.WallNow() + hours(24 * 365),
                                 random, clock.WallNow());

  ASSERT_TRUE(created.has_value());
  const std::string& value = created->value.Reveal();
  EXPECT_EQ(value.size(), 40u);
  EXPECT_EQ(value.substr(3, 3), "8Q~");
  EXPECT_EQ(created->hint, value.substr(0, 3));
  ASSERT_EQ(app().secrets.size(), 1u);
  EXPECT_EQ(app().secrets[0].key_id, created->key_id);
  EXPECT_EQ(app().secrets[0].value_sha256, crypto::HexLower(crypto::Sha256(value)));
  EXPECT_EQ(app().secrets[0].end, clock.WallNow() + hours(24 * 365));
}

TEST_F(DirectoryAdminTest, ClientSecretMustExpireInFuture) {
  auto result = AddClientSecret(tenant(), app_id(), "", clock.WallNow(), random, clock.WallNow());

  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DirectoryAdminTest, RemoveClientSecretByKeyId) {
  auto created =
      AddClientSecret(tenant(), app_id(), "", clock.WallNow() + hours(1), random, clock.WallNow());

  ASSERT_TRUE(RemoveClientSecret(tenant(), app_id(), created->key_id).has_value());

  EXPECT_TRUE(app().secrets.empty());
  EXPECT_EQ(RemoveClientSecret(tenant(), app_id(), created->key_id).error().code,
            ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, AddCertificateComputesThumbprints) {
  auto added = AddCertificate(tenant(), app_id(), AppCertificate().Pem(), "", random);

  ASSERT_TRUE(added.has_value()) << added.error().message;
  EXPECT_EQ(added->thumbprint_sha1_hex, AppCertificate().ThumbprintSha1Hex());
  EXPECT_EQ(added->x5t, AppCertificate().X5t());
  EXPECT_EQ(added->x5t_s256, AppCertificate().X5tS256());
  EXPECT_EQ(added->display_name, "CN=graphpost-test");
  EXPECT_EQ(added->end, AppCertificate().NotAfter());
  EXPECT_EQ(app().certificates.size(), 1u);
  EXPECT_EQ(AddCertificate(tenant(), app_id(), AppCertificate().Pem(), "", random).error().code,
            ErrorCode::kAlreadyExists);
}

TEST_F(DirectoryAdminTest, AddCertificateRefusesPrivateKeysAndGarbage) {
  std::string with_key = AppCertificate().Pem() + AppCertificateKey().PrivatePem();

  EXPECT_EQ(AddCertificate(tenant(), app_id(), with_key, "", random).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(AddCertificate(tenant(), app_id(), "hello", "", random).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(DirectoryAdminTest, RemoveCertificateByThumbprint) {
  ASSERT_TRUE(AddCertificate(tenant(), app_id(), AppCertificate().Pem(), "c", random));
  std::string thumbprint = AppCertificate().ThumbprintSha1Hex();

  ASSERT_TRUE(RemoveCertificate(tenant(), app_id(), AsciiLower(thumbprint)).has_value());

  EXPECT_TRUE(app().certificates.empty());
  EXPECT_EQ(RemoveCertificate(tenant(), app_id(), thumbprint).error().code, ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, DescribeApplicationShowsIdsPermissionsAndCredentials) {
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kApplication));
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "User.Read", PermissionKind::kDelegated));
  auto secret =
      AddClientSecret(tenant(), app_id(), "s", clock.WallNow() + hours(1), random, clock.WallNow());
  clock.Advance(hours(2));

  auto d = DescribeApplication(tenant(), app_id(), clock.WallNow());

  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->tenant_id, tenant_id);
  EXPECT_EQ(d->object_id, registered.object_id);
  EXPECT_EQ(d->service_principal_id, registered.service_principal_id);
  ASSERT_EQ(d->permissions.size(), 2u);
  EXPECT_EQ(d->permissions[0].consent, ConsentState::kNotGranted);
  EXPECT_EQ(d->permissions[1].consent, ConsentState::kNotApplicable);
  ASSERT_EQ(d->secrets.size(), 1u);
  EXPECT_EQ(d->secrets[0].hint_or_thumbprint, secret->hint);
  EXPECT_TRUE(d->secrets[0].expired);
}

TEST_F(DirectoryAdminTest, DescriptionJsonUsesPortalVocabulary) {
  ASSERT_TRUE(AddPermission(tenant(), app_id(), "Mail.Send", PermissionKind::kApplication));
  ASSERT_TRUE(GrantAdminConsent(tenant(), app_id()));

  json::value j = DescriptionToJson(*DescribeApplication(tenant(), app_id(), clock.WallNow()));

  EXPECT_EQ(JsonString(j, "appId"), app_id());
  EXPECT_EQ(JsonString(j, "servicePrincipalObjectId"), registered.service_principal_id);
  EXPECT_EQ(JsonBool(j, "enabled"), true);
  const json::value& permission = (*JsonArray(j, "permissions"))[0];
  EXPECT_EQ(JsonString(permission, "type"), "Application");
  EXPECT_EQ(JsonString(permission, "status"), "Granted");
}

TEST_F(DirectoryAdminTest, SetApplicationEnabledTogglesEnterpriseApp) {
  ASSERT_TRUE(SetApplicationEnabled(tenant(), app_id(), false).has_value());
  EXPECT_FALSE(sp().enabled);

  ASSERT_TRUE(SetApplicationEnabled(tenant(), app_id(), true).has_value());
  EXPECT_TRUE(sp().enabled);
}

TEST_F(DirectoryAdminTest, DeleteApplicationRemovesExchangePointerAndAssignments) {
  ExchangeConfig& exo = tenant().exchange;
  exo.service_principals.push_back({"exo-1", app_id(), registered.service_principal_id, "Mailer"});
  exo.scopes.push_back({"scope-1", "Senders", "MemberOfGroup -eq 'x'", false});
  exo.role_assignments.push_back({"ra-1", "Mailer Mail.Send", "Application Mail.Send",
                                  registered.service_principal_id, "Senders", ""});
  exo.role_assignments.push_back(
      {"ra-2", "Other", "Application Mail.Send", "someone-else", "", ""});

  ASSERT_TRUE(DeleteApplication(tenant(), app_id()).has_value());

  EXPECT_TRUE(tenant().applications.empty());
  EXPECT_TRUE(tenant().service_principals.empty());
  EXPECT_TRUE(exo.service_principals.empty());
  ASSERT_EQ(exo.role_assignments.size(), 1u);
  EXPECT_EQ(exo.role_assignments[0].id, "ra-2");
  EXPECT_EQ(exo.scopes.size(), 1u);
  EXPECT_EQ(DeleteApplication(tenant(), app_id()).error().code, ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, LicensedUserGetsMailbox) {
  auto id = AddUser(tenant(), "Pat@contoso.onmicrosoft.com", "Pat", true, random);

  ASSERT_TRUE(id.has_value()) << id.error().message;
  const Recipient& pat = *tenant().FindRecipient(*id);
  EXPECT_EQ(pat.type, RecipientType::kUserMailbox);
  EXPECT_TRUE(pat.licensed);
  EXPECT_EQ(pat.primary_smtp_address, "Pat@contoso.onmicrosoft.com");
  EXPECT_EQ(pat.alias, "Pat");
  EXPECT_EQ(pat.distinguished_name,
            "CN=Pat,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,"
            "DC=NAMPR00A001,DC=prod,DC=outlook,DC=com");
}

TEST_F(DirectoryAdminTest, UnlicensedUserHasNoMailbox) {
  auto id = AddUser(tenant(), "kim@contoso.onmicrosoft.com", "", false, random);

  const Recipient& kim = *tenant().FindRecipient(*id);
  EXPECT_EQ(kim.type, RecipientType::kUser);
  EXPECT_FALSE(kim.licensed);
  EXPECT_TRUE(kim.primary_smtp_address.empty());
  EXPECT_EQ(kim.display_name, "kim");
}

TEST_F(DirectoryAdminTest, AddUserValidatesUpn) {
  ASSERT_TRUE(AddUser(tenant(), "pat@contoso.onmicrosoft.com", "", true, random));

  EXPECT_EQ(AddUser(tenant(), "PAT@contoso.onmicrosoft.com", "", true, random).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(AddUser(tenant(), "pat@fabrikam.com", "", true, random).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(AddUser(tenant(), "no-at-sign", "", true, random).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(AddUser(tenant(), "a b@contoso.onmicrosoft.com", "", true, random).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(DirectoryAdminTest, AliasesStayUnique) {
  ASSERT_TRUE(AddDomain(world, tenant(), "contoso.com"));
  ASSERT_TRUE(AddDomain(world, tenant(), "fabrikam.com"));
  auto first = AddUser(tenant(), "pat@contoso.com", "", true, random);
  auto second = AddUser(tenant(), "pat@fabrikam.com", "", true, random);

  EXPECT_EQ(tenant().FindRecipient(*first)->alias, "pat");
  EXPECT_EQ(tenant().FindRecipient(*second)->alias, "pat2");
  EXPECT_THAT(tenant().FindRecipient(*second)->secondary_smtp_addresses,
              ElementsAre("pat2@contoso.onmicrosoft.com"));
}

TEST_F(DirectoryAdminTest, MailboxGetsItsInitialDomainProxyAddress) {
  ASSERT_TRUE(AddDomain(world, tenant(), "contoso.com"));

  auto id = AddUser(tenant(), "Pat@contoso.com", "", true, random);

  ASSERT_TRUE(id.has_value()) << id.error().message;
  const Recipient& pat = *tenant().FindRecipient(*id);
  EXPECT_EQ(pat.primary_smtp_address, "Pat@contoso.com");
  EXPECT_THAT(pat.secondary_smtp_addresses, ElementsAre("Pat@contoso.onmicrosoft.com"));
  EXPECT_EQ(tenant().ResolveRecipient("pat@contoso.onmicrosoft.com"), &pat);
}

TEST_F(DirectoryAdminTest, UpnTakenAsAnotherMailboxsProxyAddressIsRefused) {
  ASSERT_TRUE(AddDomain(world, tenant(), "contoso.com"));
  ASSERT_TRUE(AddUser(tenant(), "pat@contoso.com", "", true, random));

  auto clash = AddUser(tenant(), "pat@contoso.onmicrosoft.com", "", true, random);

  ASSERT_FALSE(clash.has_value());
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
}

TEST_F(DirectoryAdminTest, MailboxOnTheInitialDomainHasNoDuplicateProxy) {
  auto id = AddUser(tenant(), "kim@contoso.onmicrosoft.com", "", true, random);

  EXPECT_TRUE(tenant().FindRecipient(*id)->secondary_smtp_addresses.empty());
}

TEST_F(DirectoryAdminTest, SetUserLicenseAddsAndDisablesMailbox) {
  auto id = AddUser(tenant(), "kim@contoso.onmicrosoft.com", "", false, random);

  ASSERT_TRUE(SetUserLicense(tenant(), "kim@contoso.onmicrosoft.com", true).has_value());
  EXPECT_EQ(tenant().FindRecipient(*id)->type, RecipientType::kUserMailbox);
  EXPECT_EQ(tenant().FindRecipient(*id)->primary_smtp_address, "kim@contoso.onmicrosoft.com");

  ASSERT_TRUE(SetUserLicense(tenant(), *id, false).has_value());
  EXPECT_FALSE(tenant().FindRecipient(*id)->licensed);
  EXPECT_EQ(SetUserLicense(tenant(), "ghost@contoso.onmicrosoft.com", true).error().code,
            ErrorCode::kNotFound);
}

TEST_F(DirectoryAdminTest, SharedMailboxTakesNoLicense) {
  Recipient shared;
  shared.id = "shared-1";
  shared.type = RecipientType::kSharedMailbox;
  shared.primary_smtp_address = "refs@contoso.onmicrosoft.com";
  tenant().recipients.push_back(shared);

  EXPECT_EQ(SetUserLicense(tenant(), "refs@contoso.onmicrosoft.com", true).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_F(DirectoryAdminTest, CatalogueHasSetupGuidePermissions) {
  int found = 0;
  for (const GraphPermission& p : GraphPermissionCatalogue()) {
    if (p.kind == PermissionKind::kApplication &&
        (p.value == "Mail.Send" || p.value == "Mail.ReadWrite")) {
      ++found;
    }
  }

  EXPECT_EQ(found, 2);
}

// The guide's steps 1-4 end to end: register, permissions, consent, secret, then a token whose
// roles carry the consented application permissions.
class SetupGuideTest : public IdentityTest {};

TEST_F(SetupGuideTest, StepsOneToFourYieldATokenWithRoles) {
  Tenant& t = tenant();
  auto reg = RegisterApplication(t, "SlapFive Email Automation", random, clock.WallNow());
  ASSERT_TRUE(AddPermission(t, reg->app_id, "Mail.Send", PermissionKind::kApplication));
  ASSERT_TRUE(AddPermission(t, reg->app_id, "Mail.ReadWrite", PermissionKind::kApplication));
  ASSERT_TRUE(GrantAdminConsent(t, reg->app_id));
  auto secret = AddClientSecret(t, reg->app_id, "graphpost", clock.WallNow() + hours(24 * 365),
                                random, clock.WallNow());
  FormFields form =
      With(With(SecretForm(), "client_id", reg->app_id), "client_secret", secret->value.Reveal());

  http::Response response = PostToken(form);

  ASSERT_EQ(response.status, 200) << response.body;
  json::value claims = TokenClaims(response, TokenSigningKey());
  EXPECT_EQ(JsonString(claims, "oid"), reg->service_principal_id);
  EXPECT_EQ(*JsonArray(claims, "roles"), (json::array{"Mail.Send", "Mail.ReadWrite"}));
}

TEST_F(SetupGuideTest, UploadedCertificateAuthenticates) {
  ASSERT_TRUE(RemoveCertificate(tenant(), kAppId, AppCertificate().ThumbprintSha1Hex()));
  ASSERT_NE(PostToken(AssertionForm(MakeAssertion({}))).status, 200);

  ASSERT_TRUE(AddCertificate(tenant(), kAppId, AppCertificate().Pem(), "", random));

  EXPECT_EQ(PostToken(AssertionForm(MakeAssertion({}))).status, 200);
}

}  // namespace
}  // namespace graphpost::sandbox::identity::test
