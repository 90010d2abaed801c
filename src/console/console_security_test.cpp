#include <gtest/gtest.h>

#include "console/console.hpp"
#include "console/console_test_fixture.hpp"
#include "console/shell.hpp"

namespace graphpost::console {
namespace {

using test::ConsoleFixture;
using test::kAdminToken;

void ExpectSecurityHeaders(const http::Response& r, std::string_view what) {
  EXPECT_EQ(r.headers.Get("Content-Security-Policy"), kConsoleCsp) << what;
  EXPECT_EQ(r.headers.Get("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(r.headers.Get("Referrer-Policy"), "same-origin") << what;
  EXPECT_EQ(r.headers.Get("X-Frame-Options"), "DENY") << what;
}

class ConsoleSecurityTest : public ConsoleFixture {};

TEST_F(ConsoleSecurityTest, WithoutASessionEveryPageRedirectsToTheLoginWithNext) {
  MakeRouter();

  http::Response r = Call("GET", "/ui/things?state=failed");
  http::Response unknown = Call("GET", "/ui/no-such-page");
  http::Response forged = Call("GET", "/ui/things", "", {{"Cookie", "gp_session=made-up"}});

  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location"), "/ui/login?next=%2Fui%2Fthings%3Fstate%3Dfailed");
  EXPECT_EQ(unknown.status, 303);  // no route is revealed before signing in
  EXPECT_EQ(forged.status, 303);
  EXPECT_EQ(gets_, 0);
}

TEST_F(ConsoleSecurityTest, APostWithoutTheSessionsCsrfTokenIsForbiddenAndDoesNothing) {
  MakeRouter();
  const std::string cookie = SignIn();
  const std::string other = CsrfOf(SignIn());  // another session's token

  http::Response absent = Call("POST", "/ui/things/a/poke", "", {{"Cookie", cookie}});
  http::Response wrong =
      Call("POST", "/ui/things/a/poke", EncodeForm({{"csrf", other}}), {{"Cookie", cookie}});
  http::Response empty =
      Call("POST", "/ui/things/a/poke", EncodeForm({{"csrf", ""}}), {{"Cookie", cookie}});

  EXPECT_EQ(absent.status, 403);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(empty.status, 403);
  EXPECT_TRUE(poked_.empty());
}

TEST_F(ConsoleSecurityTest, APostWithTheCsrfTokenRunsTheHandlerAndRedirects) {
  MakeRouter();
  const std::string cookie = SignIn();

  http::Response r = Call("POST", "/ui/things/a%20b/poke", EncodeForm({{"csrf", CsrfOf(cookie)}}),
                          {{"Cookie", cookie}});

  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location"), "/ui/things");
  EXPECT_EQ(poked_, std::vector<std::string>{"a b"});
  ExpectSecurityHeaders(r, "redirect");
}

TEST_F(ConsoleSecurityTest, APostWithoutASessionRedirectsToTheLoginAndDoesNothing) {
  MakeRouter();

  http::Response r = Call("POST", "/ui/things/a/poke", "csrf=x");

  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers.Get("Location"), "/ui/login");
  EXPECT_TRUE(poked_.empty());
}

TEST_F(ConsoleSecurityTest, EveryKindOfAnswerCarriesTheSecurityHeaders) {
  MakeRouter();
  const std::string cookie = SignIn();
  std::vector<std::pair<std::string, http::Response>> answers = {
      {"page", Call("GET", "/ui/things", "", {{"Cookie", cookie}})},
      {"404", Call("GET", "/ui/nothing", "", {{"Cookie", cookie}})},
      {"405", Call("DELETE", "/ui/things", "", {{"Cookie", cookie}})},
      {"400 path", Call("GET", "/ui/things%zz", "", {{"Cookie", cookie}})},
      {"403", Call("POST", "/ui/things/a/poke", "", {{"Cookie", cookie}})},
      {"login page", Call("GET", "/ui/login")},
      {"login redirect", Call("GET", "/ui/things")},
      {"root redirect", Call("GET", "/ui")},
      {"401", PostLogin("nope")},
  };

  for (const auto& [what, r] : answers) {
    ExpectSecurityHeaders(r, what);
    EXPECT_EQ(r.headers.Get("Cache-Control"), "no-store") << what;
  }
}

TEST_F(ConsoleSecurityTest, AssetsArePublicCachedAndStillCarryTheSecurityHeaders) {
  MakeRouter();

  http::Response css = Call("GET", "/ui/assets/console.css?v=whatever");
  http::Response js = Call("GET", "/ui/assets/console.js");
  http::Response again = Call("GET", "/ui/assets/console.css", "",
                              {{"If-None-Match", std::string(*css.headers.Get("ETag"))}});

  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.headers.Get("Content-Type"), "text/css; charset=utf-8");
  EXPECT_NE(css.body.find(".state-delivered"), std::string::npos);
  EXPECT_EQ(js.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.body.find("X-Console-Refresh"), std::string::npos);
  EXPECT_EQ(css.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  ExpectSecurityHeaders(css, "css");
  ExpectSecurityHeaders(js, "js");
  EXPECT_EQ(Call("POST", "/ui/assets/console.css").status, 405);
  EXPECT_EQ(Call("GET", "/ui/assets/other.js").status, 404);
}

TEST_F(ConsoleSecurityTest, PagesLinkTheAssetsByContentVersion) {
  MakeRouter();
  http::Response css = Call("GET", "/ui/assets/console.css");
  const std::string version = std::string(*css.headers.Get("ETag")).substr(1, 16);

  http::Response page = Call("GET", "/ui/login");

  EXPECT_NE(page.body.find("href=\"/ui/assets/console.css?v=" + version + "\""), std::string::npos);
  EXPECT_NE(page.body.find("<script src=\"/ui/assets/console.js?v="), std::string::npos);
}

TEST_F(ConsoleSecurityTest, ARawAnswerWithItsOwnPolicyKeepsItAndMayBeFramedByTheConsoleOnly) {
  MakeRouter();
  router_->routes().Add("GET", "body", [](PageRequest, PageReply reply) {
    PageAnswer a;
    a.raw = http::MakeResponse(200, "text/html; charset=utf-8", "<p>mail</p>");
    a.raw->headers.Set("Content-Security-Policy",
                       "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    a.raw->headers.Set("Cache-Control", "public, max-age=600");
    reply(std::move(a));
  });
  const std::string cookie = SignIn();

  http::Response r = Call("GET", "/ui/body", "", {{"Cookie", cookie}});

  EXPECT_EQ(r.body, "<p>mail</p>");
  EXPECT_EQ(r.headers.Get("Content-Security-Policy"),
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            "frame-ancestors 'self'");
  EXPECT_EQ(r.headers.Get("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(r.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.headers.Get("Cache-Control"), "no-store");
}

TEST_F(ConsoleSecurityTest, TheShellFollowsTheDomContract) {
  MakeRouter();
  const std::string cookie = SignIn();

  http::Response r = Call("GET", "/ui/things", "", {{"Cookie", cookie}});

  for (const char* part :
       {"<title>Things · graphpost</title>", "<a class=\"skip-link\" href=\"#main\">",
        "<nav aria-label=\"Console\">", "<a href=\"/ui/messages\" aria-current=\"page\">Messages",
        "<a href=\"/ui/overview\">Overview", "<a href=\"/ui/connections\">Connections",
        "<form id=\"logout\" class=\"inline\" method=\"post\" action=\"/ui/logout\">",
        "<main id=\"main\" data-refresh=\"5\">\n<h1>Things</h1>", ">Sign out</button>"}) {
    EXPECT_NE(r.body.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(r.body.find("/ui/sandbox"), std::string::npos);  // no embedded sandbox
  EXPECT_EQ(r.body.find("style=\""), std::string::npos);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
}

TEST_F(ConsoleSecurityTest, NextCannotRedirectOffTheConsole) {
  MakeRouter();

  for (const char* next : {"//evil.example/", "https://evil.example/", "/\\evil.example",
                           "/ui//evil.example", "/ui/\\\\evil.example", "javascript:alert(1)"}) {
    http::Response r = PostLogin(kAdminToken, next);
    http::Response form = Call("GET", "/ui/login?next=" + PercentEncode(next));

    EXPECT_EQ(r.headers.Get("Location"), "/ui/overview") << next;
    EXPECT_NE(form.body.find("name=\"next\" value=\"/ui/overview\""), std::string::npos) << next;
  }
}

TEST_F(ConsoleSecurityTest, NoTokenOrKeyAppearsInAnyAnswer) {
  const std::string key = AddKey({.name = "ops", .admin = true});
  const std::string sender = AddKey({.name = "app", .connections = {"contoso"}});
  MakeRouter();

  const std::string admin_cookie = SignIn(kAdminToken);
  const std::string key_cookie = SignIn(key);
  PostLogin(sender);
  PostLogin(std::string(kAdminToken) + "x");
  Call("GET", "/ui/things", "", {{"Cookie", admin_cookie}});
  Call("GET", "/ui/things", "", {{"Cookie", key_cookie}});
  Call("GET", "/ui/nothing", "", {{"Cookie", key_cookie}});

  ASSERT_GT(answers_.size(), 10u);
  for (const http::Response& r : answers_) {
    for (const std::string& secret : {std::string(kAdminToken), key, sender, admin_hash_}) {
      EXPECT_EQ(r.body.find(secret), std::string::npos);
      for (const auto& h : r.headers.all()) EXPECT_EQ(h.value.find(secret), std::string::npos);
    }
  }
}

TEST_F(ConsoleSecurityTest, HeadAnswersLikeGetAndLeavesTheBodyToTheServer) {
  MakeRouter();
  const std::string cookie = SignIn();

  http::Response page = Call("HEAD", "/ui/things", "", {{"Cookie", cookie}});
  http::Response css = Call("HEAD", "/ui/assets/console.css");
  http::Response login = Call("HEAD", "/ui/login");

  // The body is the GET's: the HTTP server leaves it out and sends its Content-Length.
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(gets_, 1);
  EXPECT_FALSE(page.body.empty());
  EXPECT_EQ(page.headers.Get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, Call("GET", "/ui/assets/console.css").body);
  EXPECT_FALSE(login.body.empty());
}

TEST_F(ConsoleSecurityTest, RoutingDecodesSegmentsAndRefusesBadOnes) {
  MakeRouter();
  router_->routes().Add("GET", "items/*", [](PageRequest r, PageReply reply) {
    PageAnswer a;
    a.title = "Item " + r.path[1];
    reply(std::move(a));
  });
  const std::string cookie = SignIn();
  auto get = [&](const std::string& target) {
    return Call("GET", target, "", {{"Cookie", cookie}});
  };

  EXPECT_EQ(get("/ui/").headers.Get("Location"), "/ui/overview");
  EXPECT_NE(get("/ui/items/a%3Cb").body.find("<h1>Item a&lt;b</h1>"), std::string::npos);
  EXPECT_EQ(get("/ui/items/a%2Fb").status, 400);
  EXPECT_EQ(get("/ui/items/a%00b").status, 400);
  EXPECT_EQ(get("/ui/items/a%zz").status, 400);
  http::Response bad_query = get("/ui/things?state=%zz");
  EXPECT_EQ(bad_query.status, 400);
  EXPECT_NE(bad_query.body.find("state"), std::string::npos);
  http::Response wrong_method =
      Call("POST", "/ui/things", EncodeForm({{"csrf", CsrfOf(cookie)}}), {{"Cookie", cookie}});
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.headers.Get("Allow"), "GET, HEAD");
}

TEST_F(ConsoleSecurityTest, AdmitRefusesOtherMethodsWithAConsolePage) {
  MakeRouter();
  http::Request head;
  head.method = "PUT";
  head.path = head.target = "/ui/things";

  http::Admission a = router_->Admit(head);

  ASSERT_TRUE(a.refusal);
  EXPECT_EQ(a.refusal->status, 405);
  ExpectSecurityHeaders(*a.refusal, "admission");
}

// The Console itself: the page modules' routes (placeholders on this branch) plus login, logout
// and the assets.
TEST_F(ConsoleSecurityTest, TheConsoleServesLoginAssetsAnd404sBehindTheLogin) {
  Console console(Deps());
  auto call = [&](std::string method, std::string target, std::string body, std::string cookie) {
    http::Request r;
    r.method = std::move(method);
    r.target = r.path = std::move(target);
    r.body = std::move(body);
    if (!cookie.empty()) r.headers.Set("Cookie", cookie);
    std::optional<http::Response> answer;
    console.Handle(std::move(r), [&](http::Response resp) { answer = std::move(resp); });
    return answer.value();
  };
  http::Response form = call("GET", "/ui/login", "", "");
  const std::string login = *SetCookieValue(form, kLoginCookie);
  http::Response signed_in =
      call("POST", "/ui/login",
           EncodeForm({{"csrf", CsrfIn(form.body)}, {"token", std::string(kAdminToken)}}),
           "gp_login=" + login);
  const std::string cookie = "gp_session=" + *SetCookieValue(signed_in, kSessionCookie);

  EXPECT_TRUE(Console::Serves("/ui"));
  EXPECT_FALSE(Console::Serves("/uix"));
  EXPECT_EQ(call("GET", "/ui/zzz", "", "").status, 303);
  EXPECT_EQ(signed_in.headers.Get("Location"), "/ui/overview");
  http::Response missing = call("GET", "/ui/zzz", "", cookie);
  EXPECT_EQ(missing.status, 404);
  ExpectSecurityHeaders(missing, "404");
  EXPECT_EQ(call("GET", "/ui/assets/console.js", "", "").status, 200);
  const std::string csrf = CsrfIn(missing.body);
  EXPECT_EQ(call("POST", "/ui/logout", EncodeForm({{"csrf", csrf}}), cookie).status, 303);
  EXPECT_EQ(call("GET", "/ui/zzz", "", cookie).status, 303);
}

}  // namespace
}  // namespace graphpost::console
