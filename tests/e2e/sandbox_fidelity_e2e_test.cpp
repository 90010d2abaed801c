// Issue #6, "Sandbox fidelity", end to end against a real sandbox: dropped calls in the request
// log, strict fault JSON from the CLI, the clock offset expiring tokens without waiting, and a
// `connection add --sandbox` connection that follows the sandbox to a new port.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {
namespace {

using ::testing::HasSubstr;

class SandboxFidelityE2eTest : public ::testing::Test {
 protected:
  std::string SandboxDir() const { return (f_.state_dir() / "sandbox").string(); }
  std::string DataDir() const { return (f_.state_dir() / "data").string(); }

  std::string GuideToken() { return f_.GuideAccessToken(); }

  // The request log as JSON objects, through the admin API.
  json::array RequestLogJson() {
    http::ClientRequest req{.url = f_.base_url() + "/_sandbox/requests?limit=1000"};
    req.headers.Set("Authorization", "Bearer " + f_.sandbox().admin_key());
    auto resp = f_.http().Send(req);
    EXPECT_TRUE(resp && resp->status == 200);
    auto doc = resp ? ParseJson(resp->body) : Result<json::value>(json::value(nullptr));
    const json::array* entries = doc ? JsonArray(*doc, "requests") : nullptr;
    return entries ? *entries : json::array{};
  }

  SandboxFixture f_;  // scenarios/setup-guide.json
};

TEST_F(SandboxFidelityE2eTest, DroppedCallIsLoggedAsDroppedNotAsAnswered) {
  std::string token = GuideToken();
  CliResult fault = f_.Cli({"sandbox", "faults", "add", R"({"dropRate":1})"});
  ASSERT_EQ(fault.exit_code, 0) << fault.err;

  http::ClientResponse r = f_.Graph("GET", "/users/references@company.com", token);

  EXPECT_EQ(r.status, 0);  // no answer reached the client
  int graph_calls = 0;
  for (const auto& e : RequestLogJson()) {
    if (!JsonString(e, "path").value_or("").starts_with("/v1.0/")) continue;
    ++graph_calls;
    EXPECT_EQ(JsonInt(e, "status"), 0) << ToJson(e);
    EXPECT_EQ(JsonBool(e, "dropped"), true) << ToJson(e);
  }
  EXPECT_GE(graph_calls, 1);
}

TEST_F(SandboxFidelityE2eTest, FaultWithAnUnknownFieldIsRefusedNamingIt) {
  CliResult r = f_.Cli({"sandbox", "faults", "add", R"({"errorRate":1,"errorStatuss":429})"});

  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("errorStatuss"));
  CliResult latency = f_.Cli({"sandbox", "faults", "add", R"({"latencyMs":86400000})"});
  EXPECT_NE(latency.exit_code, 0);
  EXPECT_THAT(latency.err, HasSubstr("latencyMs"));
}

TEST_F(SandboxFidelityE2eTest, FaultThatWouldInjectNothingIsRefused) {
  CliResult nobody =
      f_.Cli({"sandbox", "faults", "add", R"({"mailboxId":"nobody@company.com","dropRate":1})"});
  CliResult empty = f_.Cli({"sandbox", "faults", "add", "{}"});
  CliResult by_address = f_.Cli(
      {"sandbox", "faults", "add", R"({"mailboxId":"references@company.com","errorRate":0.5})"});

  EXPECT_EQ(nobody.exit_code, 3) << nobody.err;
  EXPECT_THAT(nobody.err, HasSubstr("nobody@company.com"));
  EXPECT_EQ(empty.exit_code, 6) << empty.err;
  EXPECT_THAT(empty.err, HasSubstr("must inject something"));
  EXPECT_EQ(by_address.exit_code, 0) << by_address.err;
}

TEST_F(SandboxFidelityE2eTest, ClockOffsetExpiresATokenWithoutWaiting) {
  std::string token = GuideToken();
  ASSERT_EQ(f_.Graph("GET", "/users/references@company.com/messages", token).status, 200);

  CliResult moved = f_.Cli({"sandbox", "settings", "--set", "clockOffsetSeconds=7200"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;

  http::ClientResponse r = f_.Graph("GET", "/users/references@company.com/messages", token);
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.body, HasSubstr("Lifetime validation failed, the token is expired."));
  EXPECT_EQ(f_.Graph("GET", "/users/references@company.com/messages", GuideToken()).status, 200);
  CliResult back = f_.Cli({"sandbox", "settings", "--set", "clockOffsetSeconds=0"});
  EXPECT_NE(back.exit_code, 0);
  EXPECT_THAT(back.err, HasSubstr("only moves forward"));
}

TEST_F(SandboxFidelityE2eTest, PolicyShownUnderAShortDelayStaysAfterTheDelayIsRaised) {
  auto settings = [&](const std::string& delay) {
    CliResult r = f_.Cli({"sandbox", "settings", "--set", "propagationDelaySeconds=" + delay});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  std::string token = GuideToken();
  settings("7200");
  CliResult policy = f_.Cli({"sandbox", "exo", "New-ApplicationAccessPolicy", "-AppId",
                             kGuideClient, "-PolicyScopeGroupId",
                             "slapfiveemailsenders@company.com", "-AccessRight", "DenyAccess"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;
  ASSERT_EQ(f_.Graph("GET", "/users/references@company.com/messages", token).status, 200);

  settings("0");     // the policy reaches Graph at once ...
  settings("7200");  // ... and a longer delay set afterwards does not lift it again

  http::ClientResponse r = f_.Graph("GET", "/users/references@company.com/messages", token);
  EXPECT_EQ(r.status, 403);
  EXPECT_THAT(r.body, HasSubstr("AccessPolicy"));
}

TEST_F(SandboxFidelityE2eTest, SandboxConnectionFollowsTheSandboxToANewPort) {
  std::string secret = SandboxDir() + "/secrets/slapfive-email-automation.secret";
  CliResult added =
      f_.Cli({"--data-dir", DataDir(), "connection", "add", "references", "--tenant", kGuideTenant,
              "--client-id", kGuideClient, "--user-id", "references@company.com", "--secret-file",
              secret, "--sandbox", "--sandbox-dir", SandboxDir()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  int old_port = f_.sandbox().endpoint().port;
  f_.sandbox().Stop();
  SystemClock clock;
  SystemRandom random;
  auto restarted = sandbox::Sandbox::Start({.state_dir = SandboxDir()}, clock, random);
  ASSERT_TRUE(restarted) << restarted.error().message;
  ASSERT_NE((*restarted)->endpoint().port, old_port);

  CliResult sent = f_.Cli({"--data-dir", DataDir(), "send", "-c", "references", "--to",
                           "pat@company.com", "-s", "after the restart", "--text", "hi"});

  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  CliResult inbox = f_.Cli({"sandbox", "--json", "mailbox", "pat@company.com"});
  EXPECT_THAT(inbox.out, HasSubstr("after the restart")) << inbox.err;
  (*restarted)->Stop();
}

}  // namespace
}  // namespace graphpost::testing
