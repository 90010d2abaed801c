// GraphService request pipeline: routing, tokens, mailbox resolution, authorization, faults,
// throttling and the error envelope.
#include "sandbox/graph/graph_service.hpp"

#include <gtest/gtest.h>

#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

using testing::GraphFixture;
using testing::TokenOptions;

class GraphServiceTest : public GraphFixture {
 protected:
  http::Response SendWithToken(std::optional<std::string> authorization) {
    http::Request r = Request("POST", "/v1.0/users/adele@contoso.com/sendMail",
                              SendBody("s", {"alex@contoso.com"}));
    if (authorization) {
      r.headers.Set("Authorization", *authorization);
    } else {
      r.headers.Remove("Authorization");
    }
    return Call(r);
  }

  void ExpectError(const http::Response& r, int status, std::string_view code,
                   std::string_view message) {
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(ErrorCodeOf(r), code);
    EXPECT_EQ(ErrorMessageOf(r), message);
  }
};

TEST_F(GraphServiceTest, IgnoresRequestsOutsideV1) {
  EXPECT_FALSE(service_->Handle(Request("GET", "/beta/users/adele@contoso.com/messages")));
  EXPECT_FALSE(service_->Handle(Request("GET", "/common/oauth2/v2.0/token")));
}

TEST_F(GraphServiceTest, SendMailReturns202WithEmptyBodyAndNoContentType) {
  http::Response r = Send("adele@contoso.com", SendBody("Hi", {"alex@contoso.com"}));

  EXPECT_EQ(r.status, 202);
  EXPECT_TRUE(r.body.empty());
  EXPECT_FALSE(r.headers.Get("Content-Type"));
  EXPECT_TRUE(r.headers.Get("request-id"));
  EXPECT_EQ(r.headers.Get("X-Sandbox-Log-App"), std::string(testing::kAppId));
  EXPECT_EQ(r.headers.Get("X-Sandbox-Log-Mailbox"), "adele@contoso.com");
}

TEST_F(GraphServiceTest, RoutesCaseInsensitivelyAndDecodesTheUser) {
  http::Response r = Call(Request("POST", "/V1.0/USERS/adele%40contoso.com/SENDMAIL",
                                  SendBody("Hi", {"alex@contoso.com"})));

  EXPECT_EQ(r.status, 202);
}

TEST_F(GraphServiceTest, ErrorEnvelopeHasInnerErrorAndEchoesClientRequestId) {
  http::Request request = Request("POST", "/v1.0/users/nobody@contoso.com/sendMail", "{}");
  request.headers.Set("client-request-id", "6c57f9e6-0000-0000-0000-000000000001");

  http::Response r = Call(request);

  ExpectError(r, 404, "ErrorInvalidUser", "The requested user 'nobody@contoso.com' is invalid.");
  EXPECT_EQ(r.headers.Get("Content-Type"),
            "application/json; odata.metadata=minimal; odata.streaming=true; "
            "IEEE754Compatible=false; charset=utf-8");
  auto inner = Body(r).at("error").at("innerError");
  EXPECT_EQ(inner.at("date"), "2026-11-26T09:00:00");
  EXPECT_EQ(inner.at("client-request-id"), "6c57f9e6-0000-0000-0000-000000000001");
  EXPECT_EQ(inner.at("request-id"), boost::json::value(std::string(*r.headers.Get("request-id"))));
  EXPECT_EQ(r.headers.Get("client-request-id"), "6c57f9e6-0000-0000-0000-000000000001");
}

TEST_F(GraphServiceTest, EmptyTokenIs401WithWwwAuthenticate) {
  http::Response r = SendWithToken(std::nullopt);

  ExpectError(r, 401, "InvalidAuthenticationToken", "Access token is empty.");
  EXPECT_EQ(r.headers.Get("WWW-Authenticate"),
            "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/"
            "oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
}

TEST_F(GraphServiceTest, TokenWithoutDotsIsNotWellFormed) {
  ExpectError(SendWithToken("Bearer garbage"), 401, "InvalidAuthenticationToken",
              "IDX14100: JWT is not well formed, there are no dots (.).");
}

TEST_F(GraphServiceTest, TokenSignedByAnotherKeyFailsValidation) {
  TokenOptions options;
  options.key = &testing::OtherKey();

  ExpectError(SendWithToken("Bearer " + Token(options)), 401, "InvalidAuthenticationToken",
              "Access token validation failure.");
}

TEST_F(GraphServiceTest, TokenForAnotherAudienceIsRejected) {
  TokenOptions options;
  options.audience = "https://outlook.office.com";

  ExpectError(SendWithToken("Bearer " + Token(options)), 401, "InvalidAuthenticationToken",
              "Access token validation failure. Invalid audience.");
}

TEST_F(GraphServiceTest, GraphAppIdIsAnAcceptedAudience) {
  TokenOptions options;
  options.audience = std::string(kGraphAppId);

  EXPECT_EQ(SendWithToken("Bearer " + Token(options)).status, 202);
}

TEST_F(GraphServiceTest, TokenFromAnotherIssuerIsRejected) {
  TokenOptions options;
  options.issuer = "https://sts.windows.net/99999999-9999-9999-9999-999999999999/";

  ExpectError(SendWithToken("Bearer " + Token(options)), 401, "InvalidAuthenticationToken",
              "Access token validation failure. Invalid issuer.");
}

TEST_F(GraphServiceTest, TokenWithoutIssuerIsRejected) {
  TokenOptions options;
  options.issuer = "";

  ExpectError(SendWithToken("Bearer " + Token(options)), 401, "InvalidAuthenticationToken",
              "Access token validation failure. Invalid issuer.");
}

TEST_F(GraphServiceTest, V2IssuerOfTheSameTenantIsAccepted) {
  TokenOptions options;
  options.issuer = "https://login.microsoftonline.com/" + std::string(testing::kTenantId) + "/v2.0";

  EXPECT_EQ(SendWithToken("Bearer " + Token(options)).status, 202);
}

TEST_F(GraphServiceTest, TokenOfAnAppUnknownToTheTenantIsRejected) {
  TokenOptions options;
  options.app_id = "bbbbbbbb-0000-0000-0000-000000000002";

  ExpectError(SendWithToken("Bearer " + Token(options)), 401, "InvalidAuthenticationToken",
              "Access token validation failure.");
}

TEST_F(GraphServiceTest, HugeTimeClaimsAreRejectedWithoutOverflow) {
  for (const char* claim : {"exp", "nbf", "iat"}) {
    for (boost::json::value huge :
         {boost::json::value(9'223'372'036'854'775'807LL),
          boost::json::value(-9'223'372'036'854'775'807LL), boost::json::value(1e300)}) {
      TokenOptions options;
      options.overrides[claim] = huge;

      ExpectError(SendWithToken("Bearer " + Token(options)), 401, "InvalidAuthenticationToken",
                  "Access token validation failure.");
    }
  }
}

TEST_F(GraphServiceTest, ExpInTheFarButRepresentableFutureIsAccepted) {
  TokenOptions options;
  options.overrides["exp"] = 8'000'000'000LL;  // year 2223

  EXPECT_EQ(SendWithToken("Bearer " + Token(options)).status, 202);
}

TEST_F(GraphServiceTest, ExpiredTokenIsRejectedEvenWhenCached) {
  std::string token = Token();
  ASSERT_EQ(SendWithToken("Bearer " + token).status, 202);

  clock_.Advance(std::chrono::hours{1});

  ExpectError(SendWithToken("Bearer " + token), 401, "InvalidAuthenticationToken",
              "Lifetime validation failed, the token is expired.");
}

TEST_F(GraphServiceTest, MeIsOnlyForDelegatedTokens) {
  ExpectError(Call(Request("POST", "/v1.0/me/sendMail", "{}")), 400, "BadRequest",
              "/me request is only valid with delegated authentication flow.");
}

TEST_F(GraphServiceTest, UnknownSegmentAndWrongMethod) {
  ExpectError(Call(Request("GET", "/v1.0/users/adele@contoso.com/calendar")), 400, "BadRequest",
              "Resource not found for the segment 'calendar'.");
  EXPECT_EQ(Call(Request("GET", "/v1.0/users/adele@contoso.com/sendMail")).status, 405);
}

TEST_F(GraphServiceTest, MailboxResolution) {
  ExpectError(Send("team@contoso.com", "{}"), 404, "ErrorInvalidUser",
              "The requested user 'team@contoso.com' is invalid.");
  ExpectError(Send("partner@fabrikam.com", "{}"), 404, "ErrorInvalidUser",
              "The requested user 'partner@fabrikam.com' is invalid.");
  ExpectError(Send("bob@contoso.com", "{}"), 404, "MailboxNotEnabledForRESTAPI",
              "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
  ExpectError(Send("unlicensed@contoso.com", "{}"), 404, "MailboxNotEnabledForRESTAPI",
              "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
  EXPECT_EQ(Send("shared@contoso.com", SendBody("s", {"alex@contoso.com"})).status, 202);
  EXPECT_EQ(Send("id-adele", SendBody("s", {"alex@contoso.com"})).status, 202);
}

TEST_F(GraphServiceTest, TokenWithoutRolesAndNoRbacIsNoPermissions) {
  TokenOptions options;
  options.roles = {};

  ExpectError(SendWithToken("Bearer " + Token(options)), 401, "NoPermissionsInAccessToken",
              "The token contains no permissions, or permissions can not be understood.");
}

TEST_F(GraphServiceTest, MissingRoleIsAccessDenied) {
  TokenOptions options;
  options.roles = {"Mail.ReadWrite"};

  ExpectError(SendWithToken("Bearer " + Token(options)), 403, "ErrorAccessDenied",
              "Access is denied. Check credentials and try again.");
}

TEST_F(GraphServiceTest, ApplicationAccessPolicyDenialUsesRaopMessage) {
  Recipient senders =
      testing::MakeRecipient("id-senders", RecipientType::kMailUniversalSecurityGroup, "senders");
  senders.member_ids = {"id-alex"};
  tenant().recipients.push_back(senders);
  tenant().exchange.access_policies.push_back(
      {"p1", AccessRight::kRestrictAccess, {std::string(testing::kAppId)}, "id-senders", ""});

  http::Response denied = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));
  http::Response allowed = Send("alex@contoso.com", SendBody("s", {"adele@contoso.com"}));

  ExpectError(denied, 403, "ErrorAccessDenied",
              "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly "
              "AccessPolicy settings.");
  EXPECT_EQ(allowed.status, 202);
}

TEST_F(GraphServiceTest, GetUserNeedsUserReadAll) {
  TokenOptions mail_only;
  mail_only.roles = {"Mail.Send"};

  http::Response ok = Call(Request("GET", "/v1.0/users/adele@contoso.com"));
  http::Response bob = Call(Request("GET", "/v1.0/users/bob@contoso.com"));
  http::Response denied =
      Call(Request("GET", "/v1.0/users/adele@contoso.com", "", "", Token(mail_only)));
  http::Response missing = Call(Request("GET", "/v1.0/users/team@contoso.com"));

  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(Body(ok).at("id"), "id-adele");
  EXPECT_EQ(Body(ok).at("mail"), "adele@contoso.com");
  EXPECT_EQ(Body(ok).at("userPrincipalName"), "adele@contoso.com");
  EXPECT_EQ(Body(ok).at("displayName"), "Adele Vance");
  EXPECT_EQ(bob.status, 200);
  EXPECT_EQ(Body(bob).at("mail"), nullptr);
  ExpectError(denied, 403, "ErrorAccessDenied",
              "Access is denied. Check credentials and try again.");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCodeOf(missing), "Request_ResourceNotFound");
}

TEST_F(GraphServiceTest, InjectedErrorsLatencyAndDrops) {
  world_.faults.push_back({.tenant_id = std::string(testing::kTenantId),
                           .mailbox_id = "adele@contoso.com",
                           .error_rate = 1.0,
                           .error_status = 503,
                           .latency = std::chrono::milliseconds{250}});
  world_.faults.push_back({.tenant_id = {},
                           .mailbox_id = "id-shared",
                           .error_rate = 0,
                           .error_status = 429,
                           .latency = {},
                           .drop_rate = 1.0});

  http::Response failed = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));
  http::Response dropped = Send("shared@contoso.com", SendBody("s", {"alex@contoso.com"}));
  http::Response untouched = Send("alex@contoso.com", SendBody("s", {"adele@contoso.com"}));

  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(ErrorCodeOf(failed), "serviceNotAvailable");
  EXPECT_EQ(failed.headers.Get("Retry-After"), "1");
  EXPECT_EQ(failed.delay, std::chrono::milliseconds{250});
  EXPECT_TRUE(dropped.drop_connection);
  EXPECT_EQ(untouched.status, 202);
  EXPECT_EQ(untouched.delay, std::chrono::milliseconds{0});
}

TEST_F(GraphServiceTest, InjectedThrottlingLooksLikeGraph429) {
  world_.faults.push_back(
      {.tenant_id = {}, .mailbox_id = {}, .error_rate = 0.5, .error_status = 429});
  random_.PushUniform(0);        // the first draw hits (0 < 500000)
  random_.PushUniform(999'999);  // the second misses

  http::Response throttled = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));
  http::Response passed = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));

  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(ErrorCodeOf(throttled), "TooManyRequests");
  EXPECT_TRUE(throttled.headers.Get("Retry-After"));
  EXPECT_EQ(passed.status, 202);
}

TEST_F(GraphServiceTest, CountedFaultHitsItsRequestsThenIsGone) {
  world_.faults.push_back({.error_rate = 1.0, .error_status = 503, .remaining_requests = 2});

  http::Response first = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));
  http::Response second = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));
  http::Response third = Send("adele@contoso.com", SendBody("s", {"alex@contoso.com"}));

  EXPECT_EQ(first.status, 503);
  EXPECT_EQ(second.status, 503);
  EXPECT_EQ(third.status, 202);
  EXPECT_TRUE(world_.faults.empty());
}

TEST_F(GraphServiceTest, SlidingWindowThrottlesPerAppAndMailbox) {
  world_.settings.limits.requests_per_window = 2;
  world_.settings.limits.request_window = std::chrono::seconds{60};
  service_->ApplySettings();

  EXPECT_EQ(Send("adele@contoso.com", SendBody("1", {"alex@contoso.com"})).status, 202);
  clock_.Advance(std::chrono::seconds{10});
  EXPECT_EQ(Send("adele@contoso.com", SendBody("2", {"alex@contoso.com"})).status, 202);
  http::Response third = Send("adele@contoso.com", SendBody("3", {"alex@contoso.com"}));
  http::Response other_mailbox = Send("alex@contoso.com", SendBody("x", {"adele@contoso.com"}));
  clock_.Advance(std::chrono::seconds{50});
  http::Response later = Send("adele@contoso.com", SendBody("4", {"alex@contoso.com"}));

  ExpectError(third, 429, "ApplicationThrottled",
              "Application is over its MailboxConcurrency limit.");
  EXPECT_EQ(third.headers.Get("Retry-After"), "50");
  EXPECT_EQ(other_mailbox.status, 202);
  EXPECT_EQ(later.status, 202);
}

TEST_F(GraphServiceTest, ConcurrencySlotIsReleasedByOnComplete) {
  world_.settings.limits.concurrent_requests_per_app_mailbox = 2;
  service_->ApplySettings();
  auto send = [&] {
    return *service_->Handle(Request("POST", "/v1.0/users/adele@contoso.com/sendMail",
                                     SendBody("s", {"alex@contoso.com"})));
  };

  http::Response first = send();
  http::Response second = send();
  http::Response third = send();
  first.on_complete();
  http::Response fourth = send();

  EXPECT_EQ(first.status, 202);
  EXPECT_EQ(second.status, 202);
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(ErrorCodeOf(third), "ApplicationThrottled");
  EXPECT_FALSE(third.on_complete);
  EXPECT_EQ(fourth.status, 202);
  second.on_complete();
  fourth.on_complete();
}

TEST_F(GraphServiceTest, RequestOverFourMegabytesIs413) {
  std::string big(4 * 1024 * 1024 + 1, 'x');

  ExpectError(Send("adele@contoso.com", big), 413, "BadRequest",
              "The maximum request length supported is 4MB.");
}

TEST_F(GraphServiceTest, MalformedJsonOrMissingContentType) {
  http::Request no_type = Request("POST", "/v1.0/users/adele@contoso.com/sendMail",
                                  SendBody("s", {"alex@contoso.com"}), "");
  std::string message =
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload "
      "is of valid JSON format.";

  ExpectError(Send("adele@contoso.com", "{\"message\": "), 400, "BadRequest", message);
  ExpectError(Call(no_type), 400, "BadRequest", message);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
