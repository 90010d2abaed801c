#include "console/console_session.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "console/console_test_fixture.hpp"
#include "console/console_token.hpp"
#include "core/files.hpp"

namespace graphpost::console {
namespace {

using namespace std::chrono_literals;
using test::ConsoleFixture;
using test::kAdminToken;

TEST(SessionStoreTest, AnIdleSessionEndsAfterTheTtlAndUseRenewsIt) {
  testing::FakeClock clock;
  testing::FakeRandom random;
  SessionStore sessions(clock, random, 30min);
  OpenedSession opened = sessions.Open("admin token");

  clock.Advance(20min);
  ASSERT_TRUE(sessions.FindAndRenew(opened.id));
  clock.Advance(20min);
  ASSERT_TRUE(sessions.Find(opened.id));  // renewed 20 min ago
  clock.Advance(10min);

  EXPECT_FALSE(sessions.Find(opened.id));  // Find did not renew: 30 min idle
  EXPECT_EQ(sessions.size(), 0u);
}

TEST(SessionStoreTest, IdsAndCsrfTokensAre256RandomBitsAndDiffer) {
  testing::FakeClock clock;
  testing::FakeRandom random;
  SessionStore sessions(clock, random, 1h);

  OpenedSession a = sessions.Open("a");
  OpenedSession b = sessions.Open("b");

  EXPECT_EQ(a.id.size(), 43u);
  EXPECT_EQ(a.session.csrf.size(), 43u);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.id, a.session.csrf);
  EXPECT_EQ(sessions.Find(b.id)->principal, "b");
  EXPECT_FALSE(sessions.Find(a.session.csrf));  // the CSRF token is no session id
}

TEST(SessionStoreTest, EndForgetsTheSession) {
  testing::FakeClock clock;
  testing::FakeRandom random;
  SessionStore sessions(clock, random, 1h);
  OpenedSession opened = sessions.Open("admin token");

  sessions.End(opened.id);

  EXPECT_FALSE(sessions.Find(opened.id));
}

TEST(LoginLimiterTest, RefusesAfterTheFailuresOfAMinuteUntilTheNextMinute) {
  testing::FakeClock clock;
  LoginLimiter limiter(clock, 3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(limiter.Allowed("192.0.2.1"));
    limiter.RecordFailure("192.0.2.1");
  }

  EXPECT_FALSE(limiter.Allowed("192.0.2.1"));
  EXPECT_TRUE(limiter.Allowed("192.0.2.2"));
  clock.Advance(61s);
  EXPECT_TRUE(limiter.Allowed("192.0.2.1"));
}

TEST(ConsoleSessionTest, CookieValueFindsTheNamedCookieAmongOthers) {
  http::Headers headers;
  headers.Add("Cookie", "a=1; gp_session_x=no");
  headers.Add("cookie", " theme=dark ;gp_session=abc ; b=2");

  EXPECT_EQ(CookieValue(headers, "gp_session"), "abc");
  EXPECT_EQ(CookieValue(headers, "a"), "1");
  EXPECT_FALSE(CookieValue(headers, "gp_login"));
}

TEST(ConsoleSessionTest, OnlyLocalConsoleTargetsAreAcceptedAsNext) {
  EXPECT_TRUE(IsLocalConsoleTarget("/ui/messages?state=failed"));
  EXPECT_TRUE(IsLocalConsoleTarget("/ui"));
  EXPECT_TRUE(IsLocalConsoleTarget("/ui/messages?recipient=a%40b&x=//y"));
  for (const char* bad : {"//evil.example", "https://evil.example/ui/", "/ui//evil.example",
                          "/ui/\\evil.example", "/\\evil.example", "javascript:alert(1)", "",
                          "/uix", "/ui/a b", "/ui/\r\nSet-Cookie:x", "ui/overview", "/other"}) {
    EXPECT_FALSE(IsLocalConsoleTarget(bad)) << bad;
  }
}

TEST(ConsoleTokenTest, EnsureMakesAPrivateHashFileOnceAndResetReplacesIt) {
  testing::TempDir dir;
  testing::FakeRandom random;
  const auto file = dir.path() / "console-token.sha256";

  auto first = EnsureConsoleToken(file, random);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->has_value());
  const std::string token = (*first)->Reveal();
  EXPECT_EQ(token.rfind("gpc_", 0), 0u);
  EXPECT_EQ(token.size(), 4u + 43u);
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadConsoleTokenHash(file).value(), HashConsoleToken(token));
  EXPECT_EQ(ReadFileText(file)->find(token), std::string::npos);  // only the hash is stored

  auto again = EnsureConsoleToken(file, random);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(ReadConsoleTokenHash(file).value(), HashConsoleToken(token));

  auto reset = ResetConsoleToken(file, random);
  ASSERT_TRUE(reset);
  EXPECT_NE(reset->Reveal(), token);
  EXPECT_EQ(ReadConsoleTokenHash(file).value(), HashConsoleToken(reset->Reveal()));
}

TEST(ConsoleTokenTest, ReadingAMissingFileIsNotFound) {
  testing::TempDir dir;

  auto hash = ReadConsoleTokenHash(dir.path() / "console-token.sha256");

  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().code, ErrorCode::kNotFound);
}

class ConsoleLoginTest : public ConsoleFixture {};

TEST_F(ConsoleLoginTest, TheAdminTokenOpensASessionAndGoesOnToNext) {
  MakeRouter();

  http::Response r = PostLogin(kAdminToken, "/ui/things?x=1");

  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location"), "/ui/things?x=1");
  const std::string cookie = SetCookieHeader(r, kSessionCookie);
  EXPECT_NE(cookie.find("; Path=/ui; HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  http::Response page = Call("GET", "/ui/things", "",
                             {{"Cookie", "gp_session=" + *SetCookieValue(r, kSessionCookie)}});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("things for admin token"), std::string::npos);
  EXPECT_EQ(router_->login_counters().succeeded, 1);
}

TEST_F(ConsoleLoginTest, CookiesAreSecureOnlyOverHttps) {
  MakeRouter({.https = true});

  http::Response form = Call("GET", "/ui/login");
  http::Response r = PostLogin(kAdminToken);

  EXPECT_NE(SetCookieHeader(form, kLoginCookie).find("; Secure"), std::string::npos);
  EXPECT_NE(SetCookieHeader(r, kSessionCookie).find("; HttpOnly; SameSite=Strict; Secure"),
            std::string::npos);
}

TEST_F(ConsoleLoginTest, AnAdminApiKeySignsInAndIsNamedAsThePrincipal) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  MakeRouter();

  const std::string cookie = SignIn(key);

  http::Response page = Call("GET", "/ui/things", "", {{"Cookie", cookie}});
  EXPECT_NE(page.body.find("Signed in as API key ops (" + key_ids_[0] + ")"), std::string::npos);
}

TEST_F(ConsoleLoginTest, ANonAdminOrRevokedKeyOrWrongTokenIsRefusedWithTheFormAgain) {
  const std::string sender = AddKey({.name = "app", .connections = {"contoso"}});
  const std::string revoked = AddKey({.name = "old", .admin = true});
  RevokeKey(key_ids_[1]);
  MakeRouter();

  for (const std::string& token : {sender, revoked, std::string("gpc_wrong-token-typed")}) {
    http::Response r = PostLogin(token);

    EXPECT_EQ(r.status, 401) << token;
    EXPECT_NE(r.body.find("id=\"login-form\""), std::string::npos);
    EXPECT_NE(r.body.find("<p class=\"error\" role=\"alert\">"), std::string::npos);
    EXPECT_EQ(r.body.find(token), std::string::npos);  // what was typed is not echoed
    EXPECT_FALSE(SetCookieValue(r, kSessionCookie));
  }
  EXPECT_EQ(router_->sessions().size(), 0u);
  EXPECT_EQ(router_->login_counters().failed, 3);
}

TEST_F(ConsoleLoginTest, TheAdminTokenHashIsReadAtEachLogin) {
  MakeRouter();
  ASSERT_EQ(PostLogin(kAdminToken).status, 303);

  admin_hash_ = HashConsoleToken("gpc_a-new-token-after-reset");

  EXPECT_EQ(PostLogin(kAdminToken).status, 401);
  EXPECT_EQ(PostLogin("gpc_a-new-token-after-reset").status, 303);
}

TEST_F(ConsoleLoginTest, WithoutAnAdminTokenHashOnlyAdminKeysSignIn) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  MakeRouter();
  admin_hash_.clear();

  EXPECT_EQ(PostLogin("").status, 401);
  EXPECT_EQ(PostLogin(kAdminToken).status, 401);
  EXPECT_EQ(PostLogin(key).status, 303);
}

TEST_F(ConsoleLoginTest, AnIdleSessionExpiresByTheClock) {
  MakeRouter({.session_ttl = std::chrono::minutes{30}});
  const std::string cookie = SignIn();
  clock_.Advance(29min);
  ASSERT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).status, 200);  // renews

  clock_.Advance(30min);
  http::Response r = Call("GET", "/ui/things", "", {{"Cookie", cookie}});

  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location"), "/ui/login?next=%2Fui%2Fthings");
}

TEST_F(ConsoleLoginTest, LivePollsAndAssetsDoNotRenewASession) {
  MakeRouter({.session_ttl = std::chrono::minutes{30}});
  const std::string cookie = SignIn();
  clock_.Advance(20min);
  ASSERT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}, {"X-Console-Refresh", "1"}}).status,
            200);
  ASSERT_EQ(Call("GET", "/ui/assets/console.css", "", {{"Cookie", cookie}}).status, 200);

  clock_.Advance(10min);

  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).status, 303);
}

TEST_F(ConsoleLoginTest, LogoutEndsTheSessionAndClearsTheCookie) {
  MakeRouter();
  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(cookie);

  http::Response r = Call("POST", "/ui/logout", EncodeForm({{"csrf", csrf}}), {{"Cookie", cookie}});

  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location"), "/ui/login");
  EXPECT_NE(SetCookieHeader(r, kSessionCookie).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).status, 303);
  EXPECT_EQ(router_->sessions().size(), 0u);
}

TEST_F(ConsoleLoginTest, LogoutWithoutTheCsrfTokenIsRefusedAndTheSessionLives) {
  MakeRouter();
  const std::string cookie = SignIn();

  http::Response r = Call("POST", "/ui/logout", "", {{"Cookie", cookie}});

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).status, 200);
}

TEST_F(ConsoleLoginTest, FailedLoginsFromOneAddressAreLimitedPerMinute) {
  MakeRouter({.login_attempts_per_minute = 2});
  ASSERT_EQ(PostLogin("gpc_wrong1").status, 401);
  ASSERT_EQ(PostLogin("gpc_wrong2").status, 401);

  http::Response limited = PostLogin(kAdminToken);  // even the right token waits

  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(router_->login_counters().limited, 1);
  clock_.Advance(std::chrono::seconds{61});
  EXPECT_EQ(PostLogin(kAdminToken).status, 303);
}

TEST_F(ConsoleLoginTest, TheLoginFormNeedsItsCsrfCookie) {
  MakeRouter();
  http::Response form = Call("GET", "/ui/login");
  const std::string csrf = CsrfIn(form.body);
  const std::string nonce = SetCookieValue(form, kLoginCookie).value_or("");
  const std::string body = EncodeForm({{"csrf", csrf}, {"token", std::string(kAdminToken)}});

  EXPECT_EQ(Call("POST", "/ui/login", body).status, 403);  // no cookie: a cross-site post
  EXPECT_EQ(Call("POST", "/ui/login", body, {{"Cookie", "gp_login=" + nonce + "x"}}).status, 403);
  EXPECT_EQ(router_->sessions().size(), 0u);
  EXPECT_EQ(Call("POST", "/ui/login", body, {{"Cookie", "gp_login=" + nonce}}).status, 303);
}

TEST_F(ConsoleLoginTest, TheLoginPageFollowsTheDomContract) {
  MakeRouter();

  http::Response r = Call("GET", "/ui/login?next=%2Fui%2Fmessages");

  EXPECT_EQ(r.status, 200);
  for (const char* part :
       {"<form id=\"login-form\" class=\"login\" method=\"post\" action=\"/ui/login\">",
        "<label for=\"token\">Admin token or API key</label>",
        "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\"",
        "<input type=\"hidden\" name=\"next\" value=\"/ui/messages\">", ">Sign in</button>",
        "<title>Sign in · graphpost</title>", "<html lang=\"en\">"}) {
    EXPECT_NE(r.body.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(r.body.find("id=\"logout\""), std::string::npos);  // nobody to sign out
}

}  // namespace
}  // namespace graphpost::console
