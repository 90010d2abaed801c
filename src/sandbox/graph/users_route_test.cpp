// GET /v1.0/users?$filter=...: resolving an alias to its user as Graph does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/form.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using ::testing::ElementsAre;
using testing::GraphFixture;
using testing::TokenOptions;

class UsersRouteTest : public GraphFixture {
 protected:
  http::Response List(std::string_view query, TokenOptions options = {},
                      std::string_view consistency = "") {
    http::Request r = Request("GET", "/v1.0/users?" + std::string(query), "", "", Token(options));
    if (!consistency.empty()) r.headers.Set("ConsistencyLevel", std::string(consistency));
    return Call(r);
  }
  static std::string Filter(std::string_view filter) { return "$filter=" + PercentEncode(filter); }
  static std::vector<std::string> Ids(const http::Response& r) {
    std::vector<std::string> ids;
    json::value body = Body(r);
    for (const auto& u : body.at("value").as_array()) ids.push_back(JsonString(u, "id").value());
    return ids;
  }
};

TEST_F(UsersRouteTest, AliasResolvesToItsUser) {
  http::Response r = List(Filter("proxyAddresses/any(x:x eq 'smtp:adele.vance@contoso.com')"));

  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(Ids(r), ElementsAre("id-adele"));
  json::value user = Body(r).at("value").at(0);
  EXPECT_EQ(JsonString(user, "userPrincipalName"), "adele@contoso.com");
  EXPECT_EQ(JsonString(user, "mail"), "adele@contoso.com");
  EXPECT_FALSE(user.as_object().contains("proxyAddresses"));  // only on $select
}

TEST_F(UsersRouteTest, UpperCasePrefixAndAddressMatchToo) {
  http::Response r = List(Filter("proxyAddresses/any(x:x eq 'SMTP:ADELE.VANCE@contoso.com')"));

  EXPECT_THAT(Ids(r), ElementsAre("id-adele"));
}

TEST_F(UsersRouteTest, NeedsNoConsistencyLevelForEq) {
  http::Response r = List(Filter("proxyAddresses/any(x:x eq 'smtp:nobody@contoso.com')"));

  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r).at("value").as_array().empty());
}

TEST_F(UsersRouteTest, SelectReturnsProxyAddresses) {
  http::Response r = List(Filter("mail eq 'adele@contoso.com'") + "&$select=id,proxyAddresses");

  ASSERT_EQ(r.status, 200) << r.body;
  json::value body = Body(r);
  EXPECT_EQ(JsonString(body, "@odata.context"),
            std::string(testing::kBaseUrl) + "/v1.0/$metadata#users(id,proxyAddresses)");
  EXPECT_EQ(ToJson(body.at("value").at(0).at("proxyAddresses")),
            R"(["SMTP:adele@contoso.com","smtp:adele.vance@contoso.com"])");
}

TEST_F(UsersRouteTest, GroupsAndContactsAreNotUsers) {
  http::Response r = List("");

  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(Ids(r), ElementsAre("id-adele", "id-alex", "id-shared", "id-unlicensed", "id-bob"));
}

TEST_F(UsersRouteTest, WithoutADirectoryPermissionIs403AuthorizationRequestDenied) {
  TokenOptions mail_only;
  mail_only.roles = {"Mail.Send"};

  http::Response r = List(Filter("proxyAddresses/any(x:x eq 'smtp:adele@contoso.com')"), mail_only);

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorCodeOf(r), "Authorization_RequestDenied");
  EXPECT_EQ(ErrorMessageOf(r), "Insufficient privileges to complete the operation.");
}

TEST_F(UsersRouteTest, ReadBasicCannotFilterOnProxyAddresses) {
  TokenOptions basic;
  basic.roles = {"User.ReadBasic.All"};

  http::Response by_alias =
      List(Filter("proxyAddresses/any(x:x eq 'smtp:adele.vance@contoso.com')"), basic);
  http::Response by_mail = List(Filter("mail eq 'adele@contoso.com'"), basic);

  ASSERT_EQ(by_alias.status, 200) << by_alias.body;
  EXPECT_TRUE(Body(by_alias).at("value").as_array().empty());
  EXPECT_THAT(Ids(by_mail), ElementsAre("id-adele"));
}

TEST_F(UsersRouteTest, DirectoryReadAllIsEnough) {
  TokenOptions directory;
  directory.roles = {"Directory.Read.All"};

  http::Response r =
      List(Filter("proxyAddresses/any(x:x eq 'smtp:adele.vance@contoso.com')"), directory);

  EXPECT_THAT(Ids(r), ElementsAre("id-adele"));
}

TEST_F(UsersRouteTest, EndsWithNeedsTheAdvancedQueryParameters) {
  std::string filter = Filter("proxyAddresses/any(p:endsWith(p, '@contoso.com'))");

  http::Response plain = List(filter);
  http::Response advanced = List(filter + "&$count=true", {}, "eventual");

  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(ErrorCodeOf(plain), "Request_UnsupportedQuery");
  ASSERT_EQ(advanced.status, 200) << advanced.body;
  EXPECT_EQ(JsonInt(Body(advanced), "@odata.count"), 4);  // every mailbox; bob has none
}

TEST_F(UsersRouteTest, UnsupportedFilterIs400) {
  http::Response r = List(Filter("department eq 'Sales'"));

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCodeOf(r), "Request_UnsupportedQuery");
}

TEST_F(UsersRouteTest, PostIsNotAllowed) {
  http::Response r = Call(Request("POST", "/v1.0/users", "{}"));

  EXPECT_EQ(r.status, 405);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
