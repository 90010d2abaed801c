// The console as `graphpost serve` wires it: /ui routed to it, `GET /` sent there, off with
// console.enabled = false, and the admin token made once and kept only as a hash.
#include <sys/stat.h>

#include "console/console_token.hpp"
#include "core/ascii.hpp"
#include "core/form.hpp"
#include "crypto/digest.hpp"
#include "gateway/demo.hpp"
#include "gateway/gateway_test_fixture.hpp"
#include "sandbox/server/sandbox_test_support.hpp"

namespace graphpost::gateway {
namespace {

// The value `name` gets in the answer's Set-Cookie headers; empty when none sets it.
std::string CookieSet(const http::ClientResponse& r, std::string_view name) {
  const std::string prefix = std::string(name) + "=";
  for (const auto& h : r.headers.all()) {
    if (!AsciiIEquals(h.name, "Set-Cookie") || !h.value.starts_with(prefix)) continue;
    return h.value.substr(prefix.size(), h.value.find(';') - prefix.size());
  }
  return "";
}

class GatewayConsoleTest : public GatewayTest {
 protected:
  http::ClientResponse Get(const Gateway& gw, const std::string& path,
                           const std::string& cookie = "") {
    http::ClientRequest req{.method = "GET", .url = gw.endpoint().base_url + path};
    if (!cookie.empty()) req.headers.Set("Cookie", cookie);
    return http_.Send(req).value_or(http::ClientResponse{});
  }

  // The hidden csrf field's value in a page.
  static std::string CsrfField(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    const std::size_t at = html.find(marker);
    if (at == std::string::npos) return "";
    const std::size_t start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
  }

  // Signs in through the login form as a browser does; the session cookie ("gp_session=...")
  // when it worked, else empty. `status` gets the login POST's answer.
  std::string SignIn(const Gateway& gw, const std::string& credential, int* status = nullptr) {
    auto form = Get(gw, "/ui/login");
    const std::string login_cookie = CookieSet(form, "gp_login");
    http::ClientRequest post{
        .method = "POST",
        .url = gw.endpoint().base_url + "/ui/login",
        .body = EncodeForm(
            {{"token", credential}, {"csrf", CsrfField(form.body)}, {"next", "/ui/connections"}})};
    post.headers.Set("Content-Type", "application/x-www-form-urlencoded");
    post.headers.Set("Cookie", "gp_login=" + login_cookie);
    auto answer = http_.Send(post).value_or(http::ClientResponse{});
    if (status) *status = answer.status;
    const std::string session = CookieSet(answer, "gp_session");
    return session.empty() ? "" : "gp_session=" + session;
  }
};

TEST_F(GatewayTest, TheRootRedirectsToTheConsoleAndUiIsTheConsoles) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;

  auto root = Call(**gw, "GET", "/");
  auto ui = Call(**gw, "GET", "/ui/overview");

  EXPECT_EQ(root.status, 303);
  EXPECT_EQ(root.headers.Get("Location"), "/ui/");
  EXPECT_NE(ui.status, 404) << ui.body;
  EXPECT_NE(ui.headers.Get("Content-Type"), "application/problem+json");
  EXPECT_EQ(Call(**gw, "GET", "/healthz").status, 200);
}

TEST_F(GatewayTest, WithoutTheConsoleUiIsNotFoundAndNoTokenIsMade) {
  configure_ = [](GatewayConfig& c) { c.console_enabled = false; };
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;

  auto ui = Call(**gw, "GET", "/ui/overview");
  auto root = Call(**gw, "GET", "/");

  EXPECT_EQ(ui.status, 404);
  EXPECT_EQ(root.status, 404);
  EXPECT_TRUE((*gw)->TakeNewConsoleToken().empty());
  EXPECT_FALSE(std::filesystem::exists(ConsoleTokenFile(dir_.path())));
}

TEST_F(GatewayTest, TheFirstStartMakesATokenKeptOnlyAsAnOwnerOnlyHashAndNeverLogged) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;

  const Secret token = (*gw)->TakeNewConsoleToken();

  ASSERT_TRUE(token.Reveal().starts_with("gpc_"));
  EXPECT_TRUE((*gw)->TakeNewConsoleToken().empty());  // handed out once
  const auto file = ConsoleTokenFile(dir_.path());
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto stored = ReadOwnerOnlyFile(file, 256);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->find(token.Reveal()), std::string::npos);
  EXPECT_EQ(console::ReadConsoleTokenHash(file).value_or(""),
            crypto::HexLower(crypto::Sha256(token.Reveal())));
  EXPECT_FALSE(log_.Contains(token.Reveal()));
  auto created = log_.WithMessage("console token created");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].Field("file"), file.string());
  auto endpoint = ReadFileText(EndpointFile(dir_.path()));
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->find(token.Reveal()), std::string::npos);
}

TEST_F(GatewayTest, ALaterStartKeepsTheTokenAndMakesNoNewOne) {
  auto first = StartGateway();
  ASSERT_TRUE(first) << first.error().message;
  const std::string hash = console::ReadConsoleTokenHash(ConsoleTokenFile(dir_.path())).value();
  (*first)->Shutdown();
  first->reset();

  auto second = StartGateway();
  ASSERT_TRUE(second) << second.error().message;

  EXPECT_TRUE((*second)->TakeNewConsoleToken().empty());
  EXPECT_EQ(console::ReadConsoleTokenHash(ConsoleTokenFile(dir_.path())).value_or(""), hash);
  EXPECT_EQ(log_.WithMessage("console token created").size(), 1u);
}

TEST_F(GatewayConsoleTest, AConsolePageWithoutASessionRedirectsToTheLoginPage) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;

  auto page = Get(**gw, "/ui/connections");

  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.headers.Get("Location"), "/ui/login?next=%2Fui%2Fconnections");
  EXPECT_TRUE(page.headers.Get("Content-Security-Policy").has_value());
}

TEST_F(GatewayConsoleTest, TheTokenOfTheFirstStartSignsInAndOpensTheConsole) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const Secret token = (*gw)->TakeNewConsoleToken();

  const std::string session = SignIn(**gw, token.Reveal());

  ASSERT_FALSE(session.empty());
  auto page = Get(**gw, "/ui/connections", session);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-connection=\"contoso\""), std::string::npos);
  EXPECT_EQ(page.body.find(token.Reveal()), std::string::npos);
  EXPECT_FALSE(log_.Contains(token.Reveal()));
}

TEST_F(GatewayConsoleTest, TheOperatorKeySignsIn) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;

  EXPECT_FALSE(SignIn(**gw, OperatorKey()).empty());
}

TEST_F(GatewayConsoleTest, AResetTokenSignsInWithoutARestartAndTheOldOneNoLonger) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const Secret old_token = (*gw)->TakeNewConsoleToken();

  auto fresh = console::ResetConsoleToken(ConsoleTokenFile(dir_.path()), random_);

  ASSERT_TRUE(fresh) << fresh.error().message;
  int old_status = 0;
  EXPECT_TRUE(SignIn(**gw, old_token.Reveal(), &old_status).empty());
  EXPECT_EQ(old_status, 401);
  EXPECT_FALSE(SignIn(**gw, fresh->Reveal()).empty());
}

TEST_F(GatewayConsoleTest, TheSandboxPagesShowTheSandboxTheGatewayWasGiven) {
  sandbox::testing::GuideSandbox sandbox;
  ASSERT_TRUE(sandbox.Start());
  sandbox_admin_ = DemoSandboxAdmin(sandbox.sandbox());
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const std::string session = SignIn(**gw, OperatorKey());

  auto page = Get(**gw, "/ui/sandbox", session);

  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(std::string(sandbox::testing::kGuideTenant)), std::string::npos);
  EXPECT_EQ(page.body.find(sandbox.sandbox().admin_key()), std::string::npos);
}

TEST_F(GatewayConsoleTest, WithoutASandboxThereAreNoSandboxPages) {
  auto gw = StartGateway();
  ASSERT_TRUE(gw) << gw.error().message;
  const std::string session = SignIn(**gw, OperatorKey());

  EXPECT_EQ(Get(**gw, "/ui/sandbox", session).status, 404);
}

}  // namespace
}  // namespace graphpost::gateway
