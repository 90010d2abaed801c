// MigrationAnswers (the connections that share an app become one set of answers) and
// InspectOnSandbox (the app's mail roles and access policy read through a fake admin port).
#include "setup/migration.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::setup {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kTenant[] = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";
constexpr char kClient[] = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
constexpr char kOtherClient[] = "11111111-2222-4333-8444-555555555555";

connections::Connection Conn(const std::string& name, const std::string& user,
                             const std::string& client = kClient) {
  connections::Connection c;
  c.name = name;
  c.tenant = kTenant;
  c.client_id = client;
  c.user_id = user;
  c.cloud = "custom";
  return c;
}

std::vector<std::string> Addresses(const Answers& a) {
  std::vector<std::string> out;
  for (const auto& m : a.mailboxes) out.push_back(m.address + "=" + m.connection);
  return out;
}

TEST(MigrationAnswersTest, TargetFirstThenTheOtherConnectionsOfTheSameAppByName) {
  std::vector<connections::Connection> all{
      Conn("zeta", "zeta@company.com"), Conn("references", "references@company.com"),
      Conn("other-app", "pat@company.com", kOtherClient), Conn("advocacy", "advocacy@company.com")};

  auto answers = MigrationAnswers(all[1], all, "", "");

  ASSERT_TRUE(answers) << answers.error().message;
  EXPECT_THAT(Addresses(*answers),
              ElementsAre("references@company.com=references", "advocacy@company.com=advocacy",
                          "zeta@company.com=zeta"));
  EXPECT_EQ(answers->tenant, kTenant);
  EXPECT_THAT(answers->domains, ElementsAre("company.com"));
  EXPECT_EQ(answers->cloud, "global");  // the sandbox's "custom" speaks as global
  EXPECT_EQ(answers->mode, Mode::kRecommended);
  EXPECT_EQ(answers->app_name, "graphpost app 8d2c4b6a");
  EXPECT_EQ(GroupName(*answers), "graphpost app 8d2c4b6a Senders");
}

TEST(MigrationAnswersTest, NamesGivenAreKeptAndAMailboxSharedByTwoConnectionsCountsOnce) {
  std::vector<connections::Connection> all{Conn("references", "references@company.com"),
                                           Conn("refs-2", "References@Company.com")};

  auto answers = MigrationAnswers(all[0], all, "SlapFive", "SlapFive Senders");

  ASSERT_TRUE(answers) << answers.error().message;
  EXPECT_THAT(Addresses(*answers), ElementsAre("references@company.com=references"));
  EXPECT_EQ(answers->app_name, "SlapFive");
  EXPECT_EQ(GroupName(*answers), "SlapFive Senders");
}

TEST(MigrationAnswersTest, AMailboxGivenByObjectIdIsRefusedNamingItsConnection) {
  std::vector<connections::Connection> all{Conn("references", "references@company.com"),
                                           Conn("by-id", "6c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5")};

  auto answers = MigrationAnswers(all[0], all, "", "");

  ASSERT_FALSE(answers);
  EXPECT_EQ(answers.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(answers.error().message, HasSubstr("'by-id'"));
}

// Answers canned replies by "METHOD path" and records the calls.
class FakeAdmin : public AdminPort {
 public:
  std::map<std::string, Result<json::value>> replies;
  std::vector<std::string> calls;
  Result<json::value> Call(std::string_view method, std::string_view path,
                           const json::value& body) override {
    std::string key = std::string(method) + " " + std::string(path);
    calls.push_back(key + (body.is_null() ? "" : " " + json::serialize(body)));
    auto it = replies.find(key);
    if (it == replies.end()) return Fail(ErrorCode::kNotFound, "no route " + key);
    return it->second;
  }
};

json::value App(json::array permissions) {
  return json::object{{"appId", kClient}, {"permissions", std::move(permissions)}};
}

json::value Permission(const char* value, const char* type, bool configured, const char* status) {
  return json::object{
      {"value", value}, {"type", type}, {"configured", configured}, {"status", status}};
}

json::value Policies(std::vector<std::string> app_ids) {
  json::array objects;
  for (auto& id : app_ids) objects.push_back(json::object{{"AppId", id}});
  return json::object{{"columns", json::array{}}, {"objects", objects}};
}

const std::string kAppPath = std::string("GET tenants/") + kTenant + "/apps/" + kClient;
const std::string kExchangePath = std::string("POST tenants/") + kTenant + "/exchange";

TEST(InspectOnSandboxTest, ReadsTheAppsApplicationMailRolesGrantedOrConfigured) {
  FakeAdmin admin;
  admin.replies[kAppPath] = App({Permission("Mail.Send", "Application", true, "Granted"),
                                 Permission("Mail.ReadWrite", "Application", true, "Not granted"),
                                 Permission("User.Read.All", "Application", true, "Granted"),
                                 Permission("Mail.Read", "Delegated", true, "Granted"),
                                 Permission("Mail.Read", "Application", false, "Not granted")});
  admin.replies[kExchangePath] = Policies({});

  auto input = InspectOnSandbox(Answers{}, kClient, admin, kTenant);

  ASSERT_TRUE(input) << input.error().message;
  EXPECT_THAT(input->granted_mail_roles, ElementsAre("Mail.Send", "Mail.ReadWrite"));
  EXPECT_FALSE(input->has_access_policy);
  EXPECT_EQ(input->app_id, kClient);
  EXPECT_THAT(admin.calls.back(), HasSubstr("Get-ApplicationAccessPolicy"));
}

TEST(InspectOnSandboxTest, FindsAnAccessPolicyThatNamesTheAppOnly) {
  FakeAdmin admin;
  admin.replies[kAppPath] = App({});
  admin.replies[kExchangePath] = Policies({kOtherClient});
  auto other = InspectOnSandbox(Answers{}, kClient, admin, kTenant);
  admin.replies[kExchangePath] = Policies({kOtherClient, "8D2C4B6A-1E3F-4A5B-9C7D-0E1F2A3B4C5D"});
  auto ours = InspectOnSandbox(Answers{}, kClient, admin, kTenant);

  ASSERT_TRUE(other && ours);
  EXPECT_FALSE(other->has_access_policy);
  EXPECT_TRUE(ours->has_access_policy);
  EXPECT_THAT(ours->granted_mail_roles, IsEmpty());
}

TEST(InspectOnSandboxTest, AnUnknownAppIsReportedWithItsIdAndTenant) {
  FakeAdmin admin;

  auto input = InspectOnSandbox(Answers{}, kClient, admin, kTenant);

  ASSERT_FALSE(input);
  EXPECT_EQ(input.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(input.error().message, HasSubstr(kClient));
  EXPECT_THAT(input.error().message, HasSubstr(kTenant));
}

}  // namespace
}  // namespace graphpost::setup
