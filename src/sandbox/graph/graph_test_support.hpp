// sandbox/graph/graph_test_support.hpp — a fixture for GraphService tests: a World with one
// tenant (mailboxes, an alias, a user without mailbox, groups, a contact), tokens minted with the
// World's signing key, and request builders. Test-only (graph_test).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "crypto/jwt.hpp"
#include "crypto/keys.hpp"
#include "sandbox/exchange/authorizer.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/test_keys.hpp"

namespace graphpost::sandbox::graph::testing {

inline constexpr std::string_view kTenantId = "11111111-2222-3333-4444-555555555555";
inline constexpr std::string_view kAppId = "aaaaaaaa-0000-0000-0000-000000000001";
inline constexpr std::string_view kBaseUrl = "https://localhost:8443";

// Committed test keys: generating RSA keys would cost 50-200 ms in every test process.
inline const crypto::Key& SigningKey() { return ::graphpost::testing::TestRsaKey(1); }
inline const crypto::Key& OtherKey() { return ::graphpost::testing::TestRsaKey(2); }

inline Recipient MakeRecipient(std::string id, RecipientType type, std::string alias) {
  Recipient r;
  r.id = std::move(id);
  r.type = type;
  r.alias = alias;
  r.display_name = alias;
  if (type != RecipientType::kUser) r.primary_smtp_address = alias + "@contoso.com";
  if (HasMailbox(type) || type == RecipientType::kUser)
    r.user_principal_name = alias + "@contoso.com";
  return r;
}

struct TokenOptions {
  std::vector<std::string> roles{"Mail.Send", "Mail.ReadWrite", "User.Read.All"};
  std::string audience{kGraphResource};
  std::chrono::seconds lifetime{std::chrono::hours{1}};
  const crypto::Key* key = nullptr;  // default: the World's key
  std::string issuer = "https://sts.windows.net/" + std::string(kTenantId) + "/";
  std::string app_id{kAppId};
  boost::json::object overrides;  // claims replaced as given, e.g. {"exp": 1e300}
};

class GraphFixture : public ::testing::Test {
 protected:
  GraphFixture() {
    world_.signing_key = {"test-kid", SigningKey()};
    world_.settings.base_url = std::string(kBaseUrl);
    Tenant t;
    t.id = std::string(kTenantId);
    t.display_name = "Contoso";
    t.domains = {"contoso.onmicrosoft.com", "contoso.com"};
    Recipient adele = MakeRecipient("id-adele", RecipientType::kUserMailbox, "adele");
    adele.display_name = "Adele Vance";
    adele.secondary_smtp_addresses = {"adele.vance@contoso.com"};
    t.recipients.push_back(adele);
    t.recipients.push_back(MakeRecipient("id-alex", RecipientType::kUserMailbox, "alex"));
    t.recipients.push_back(MakeRecipient("id-shared", RecipientType::kSharedMailbox, "shared"));
    Recipient unlicensed =
        MakeRecipient("id-unlicensed", RecipientType::kUserMailbox, "unlicensed");
    unlicensed.licensed = false;
    t.recipients.push_back(unlicensed);
    t.recipients.push_back(MakeRecipient("id-bob", RecipientType::kUser, "bob"));
    Recipient team =
        MakeRecipient("id-team", RecipientType::kMailUniversalDistributionGroup, "team");
    team.member_ids = {"id-alex", "id-sub", "id-contact", "id-bob"};
    t.recipients.push_back(team);
    Recipient sub = MakeRecipient("id-sub", RecipientType::kMailUniversalSecurityGroup, "sub");
    sub.member_ids = {"id-shared", "id-team"};  // a cycle back to team
    t.recipients.push_back(sub);
    Recipient contact = MakeRecipient("id-contact", RecipientType::kMailContact, "partner");
    contact.primary_smtp_address = "partner@fabrikam.com";
    contact.external_email_address = "partner@fabrikam.com";
    t.recipients.push_back(contact);
    t.service_principals.push_back({.object_id = "sp-object-id",
                                    .app_id = std::string(kAppId),
                                    .display_name = "Mailer",
                                    .granted_app_roles = {}});
    world_.tenants.push_back(std::move(t));
    service_ = std::make_unique<GraphService>(world_, authorizer_, clock_, random_);
  }

  Tenant& tenant() { return world_.tenants.front(); }

  std::string Token(const TokenOptions& options = {}) {
    long long now = ToUnixSeconds(clock_.WallNow());
    boost::json::array roles;
    for (const auto& r : options.roles) roles.emplace_back(r);
    boost::json::object payload{{"aud", options.audience},
                                {"iss", options.issuer},
                                {"iat", now},
                                {"nbf", now},
                                {"exp", now + options.lifetime.count()},
                                {"appid", options.app_id},
                                {"idtyp", "app"},
                                {"tid", kTenantId},
                                {"ver", "1.0"}};
    if (!options.roles.empty()) payload["roles"] = std::move(roles);
    for (const auto& [name, value] : options.overrides) payload[name] = value;
    const crypto::Key& key = options.key ? *options.key : SigningKey();
    return *crypto::SignJwt({{"kid", "test-kid"}}, payload, key, crypto::JwtAlgorithm::kRs256);
  }

  http::Request Request(std::string method, std::string target, std::string body = {},
                        std::string content_type = "application/json",
                        std::optional<std::string> token = std::nullopt) {
    http::Request r;
    r.method = std::move(method);
    r.target = target;
    std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    if (!content_type.empty()) r.headers.Set("Content-Type", content_type);
    r.headers.Set("Authorization", "Bearer " + (token ? *token : Token()));
    r.body = std::move(body);
    return r;
  }

  http::Response Call(const http::Request& request) {
    auto response = service_->Handle(request);
    EXPECT_TRUE(response.has_value());
    if (!response) return {};
    if (response->on_complete) response->on_complete();
    return std::move(*response);
  }

  http::Response Send(std::string_view user, std::string json_body) {
    return Call(
        Request("POST", "/v1.0/users/" + std::string(user) + "/sendMail", std::move(json_body)));
  }

  // {"message":{subject, to...}} with plain recipients.
  static std::string SendBody(std::string subject, const std::vector<std::string>& to,
                              std::string extra_message_fields = {}) {
    boost::json::array list;
    for (const auto& a : to) {
      list.push_back(boost::json::object{{"emailAddress", boost::json::object{{"address", a}}}});
    }
    std::string message = "{\"subject\":" + ToJson(boost::json::value(subject)) +
                          ",\"body\":{\"contentType\":\"Text\",\"content\":\"hello\"}," +
                          "\"toRecipients\":" + ToJson(list) + extra_message_fields + "}";
    return "{\"message\":" + message + "}";
  }

  boost::json::array Folder(std::string_view mailbox, std::string_view folder) {
    auto listed = service_->ListFolder(kTenantId, mailbox, folder);
    EXPECT_TRUE(listed) << (listed ? "" : listed.error().message);
    return listed ? listed->at("value").as_array() : boost::json::array{};
  }

  static boost::json::value Body(const http::Response& response) {
    auto parsed = ParseJson(response.body);
    return parsed ? *parsed : boost::json::value();
  }

  static std::string ErrorCodeOf(const http::Response& r) {
    return JsonString(Body(r).at("error"), "code").value_or("");
  }
  static std::string ErrorMessageOf(const http::Response& r) {
    return JsonString(Body(r).at("error"), "message").value_or("");
  }

  graphpost::testing::FakeClock clock_;
  graphpost::testing::FakeRandom random_;
  World world_;
  exchange::Authorizer authorizer_;
  std::unique_ptr<GraphService> service_;
};

}  // namespace graphpost::sandbox::graph::testing
