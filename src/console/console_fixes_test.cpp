// Regression tests for the console's foundation (docs/console.md, "Signing in", "Security"):
// credentials that stop standing, the sign-in form's CSRF binding, `next`, the audit log.
#include <gtest/gtest.h>

#include "console/console_test_fixture.hpp"
#include "console/html.hpp"
#include "console/page.hpp"
#include "log/capturing_logger.hpp"

namespace graphpost::console {
namespace {

using test::ConsoleFixture;
using test::kAdminToken;

class ConsoleFixesTest : public ConsoleFixture {};

TEST_F(ConsoleFixesTest, APastedTokenOrKeyWithWhitespaceAroundItSignsIn) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  MakeRouter();

  EXPECT_EQ(PostLogin("  " + std::string(kAdminToken) + "\r\n").status, 303);
  EXPECT_EQ(PostLogin("\t" + key + " \n").status, 303);
  EXPECT_EQ(PostLogin(" \n ").status, 401);
}

TEST_F(ConsoleFixesTest, ARevokedKeysSessionEndsWithinASecond) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  MakeRouter();
  const std::string cookie = SignIn(key);
  const std::string csrf = CsrfOf(cookie);
  ASSERT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).status, 200);

  RevokeKey(key_ids_[0]);
  clock_.Advance(std::chrono::milliseconds{1001});

  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).status, 303);
  EXPECT_EQ(
      Call("POST", "/ui/things/a/poke", EncodeForm({{"csrf", csrf}}), {{"Cookie", cookie}}).status,
      303);
  EXPECT_TRUE(poked_.empty());
  EXPECT_EQ(router_->sessions().size(), 0u);
}

TEST_F(ConsoleFixesTest, ResetTokenSignsOutEveryoneWhoSignedInWithTheOldToken) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  MakeRouter();
  const std::string old_session = SignIn();
  const std::string key_session = SignIn(key);

  admin_hash_ = HashConsoleToken("gpc_a-new-token-after-reset");
  const std::string new_session = SignIn("gpc_a-new-token-after-reset");  // within the second

  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", new_session}}).status, 200);
  clock_.Advance(std::chrono::milliseconds{1001});
  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", old_session}}).status, 303);
  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", new_session}}).status, 200);
  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", key_session}}).status, 200);
}

TEST_F(ConsoleFixesTest, PagesNameAnApiKeyPrincipalOneWay) {
  EXPECT_EQ(ApiKeyPrincipal("k_1", "ops"), "API key ops (k_1)");
  EXPECT_EQ(ApiKeyPrincipal("k_1"), "API key k_1");
}

TEST_F(ConsoleFixesTest, NextRefusesDotSegments) {
  for (std::string_view next : {"/ui/../../evil", "/ui/./x", "/ui/%2e%2e/evil", "/ui/.%2E/x",
                                "/ui/messages/..", "/ui/%2E"}) {
    EXPECT_FALSE(IsLocalConsoleTarget(next)) << next;
  }
  EXPECT_TRUE(IsLocalConsoleTarget("/ui/messages/a..b"));
  EXPECT_TRUE(IsLocalConsoleTarget("/ui/messages/...?q=../x"));
  MakeRouter();
  http::Response r = PostLogin(kAdminToken, "/ui/../../evil");
  EXPECT_EQ(r.headers.Get("Location"), "/ui/overview");
}

TEST_F(ConsoleFixesTest, APlantedLoginCookieAndFieldPairIsRefused) {
  MakeRouter();
  const std::string planted(43, 'A');  // looks like a token, but this process never issued it
  const std::string body = EncodeForm({{"csrf", planted}, {"token", std::string(kAdminToken)}});

  http::Response r = Call("POST", "/ui/login", body, {{"Cookie", "gp_login=" + planted}});

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(router_->sessions().size(), 0u);
  // The form issued for that cookie carries a field that is not the cookie itself.
  http::Response form = Call("GET", "/ui/login", "", {{"Cookie", "gp_login=" + planted}});
  EXPECT_NE(CsrfIn(form.body), planted);
}

TEST_F(ConsoleFixesTest, SignInsFailuresLockoutsSignOutsAndActionsAreAudited) {
  log::CapturingLogger log;
  ConsoleDeps deps = Deps({.login_attempts_per_minute = 1});
  deps.log = &log;
  router_ = std::make_unique<internal::ConsoleRouter>(std::move(deps));
  router_->routes().Add("POST", "things/*/poke", [this](PageRequest r, PageReply reply) {
    LogAction(router_->deps(), r, "thing poked", {{"thing", r.path[1]}});
    PageAnswer a;
    a.redirect = "/ui/things";
    reply(std::move(a));
  });
  router_->routes().Add("GET", "things", [](PageRequest r, PageReply reply) {
    PageAnswer a;
    a.body = CsrfField(r.csrf);
    reply(std::move(a));
  });

  const std::string cookie = SignIn();
  ASSERT_EQ(PostLogin("gpc_typed-wrong-secret").status, 401);
  ASSERT_EQ(PostLogin("gpc_typed-again").status, 429);
  const std::string csrf = CsrfOf(cookie);
  Call("POST", "/ui/things/t1/poke", EncodeForm({{"csrf", csrf}}), {{"Cookie", cookie}});
  Call("POST", "/ui/logout", EncodeForm({{"csrf", csrf}}), {{"Cookie", cookie}});

  auto one = [&](std::string_view message) {
    auto records = log.WithMessage(message);
    EXPECT_EQ(records.size(), 1u) << message;
    return records.empty() ? log::CapturedRecord{} : records[0];
  };
  EXPECT_EQ(one("console sign-in").Field("principal"), "admin token");
  EXPECT_EQ(one("console sign-in").Field("client"), "192.0.2.7");
  EXPECT_EQ(one("console sign-in failed").Field("client"), "192.0.2.7");
  EXPECT_EQ(one("console sign-in locked out").Field("client"), "192.0.2.7");
  EXPECT_EQ(one("thing poked").Field("principal"), "admin token");
  EXPECT_EQ(one("thing poked").Field("client"), "192.0.2.7");
  EXPECT_EQ(one("thing poked").Field("thing"), "t1");
  EXPECT_EQ(one("console sign-out").Field("principal"), "admin token");
  EXPECT_FALSE(log.Contains("typed"));
  EXPECT_FALSE(log.Contains(std::string(kAdminToken)));
}

TEST_F(ConsoleFixesTest, A405NamesExactlyThePathsMethods) {
  MakeRouter();
  auto allow = [&](std::string method, std::string path) {
    http::Response r = Call(std::move(method), std::move(path));
    EXPECT_EQ(r.status, 405) << path;
    return std::string(r.headers.Get("Allow").value_or(""));
  };

  EXPECT_EQ(allow("PUT", "/ui/things"), "GET, HEAD");
  EXPECT_EQ(allow("DELETE", "/ui/things/a/poke"), "POST");
  EXPECT_EQ(allow("PUT", "/ui/login"), "GET, HEAD, POST");
  EXPECT_EQ(allow("OPTIONS", "/ui/logout"), "POST");
  EXPECT_EQ(allow("PUT", "/ui/assets/console.css"), "GET, HEAD");
}

TEST_F(ConsoleFixesTest, TheLoginLockoutSaysWhenToRetry) {
  MakeRouter({.login_attempts_per_minute = 1});
  ASSERT_EQ(PostLogin("gpc_wrong").status, 401);

  http::Response limited = PostLogin(kAdminToken);

  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.Get("Retry-After"), "60");
}

}  // namespace
}  // namespace graphpost::console
