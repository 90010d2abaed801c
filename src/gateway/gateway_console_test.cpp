// The console as `graphpost serve` wires it: /ui routed to it, `GET /` sent there, off with
// console.enabled = false, and the admin token made once and kept only as a hash.
#include <sys/stat.h>

#include "console/console_token.hpp"
#include "crypto/digest.hpp"
#include "gateway/gateway_test_fixture.hpp"

namespace graphpost::gateway {
namespace {

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

}  // namespace
}  // namespace graphpost::gateway
