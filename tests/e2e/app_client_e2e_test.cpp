// Issue #7, ground work, end to end: the client's composition root (app::Client) against a real
// sandbox over HTTPS. Its MailSender delivers, one token serves every send of a session, and a
// rotated secret makes a new session whose first send asks Entra for a token with the new secret
// (counted in the sandbox's own request log). The log of the sends never holds a secret.
#include <gtest/gtest.h>

#include "app/client.hpp"
#include "log/capturing_logger.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

app::MailSendRequest Request(int n) {
  graph::OutgoingMessage m;
  m.subject = "composition root #" + std::to_string(n);
  m.body = "hello";
  m.to = {{"", "pat@company.com"}};
  return {.connection = "references", .message = m, .message_id = "id-" + std::to_string(n)};
}

std::string NewSandboxSecret(SandboxFixture& f) {
  const std::string file = (f.state_dir() / "rotated.secret").string();
  CliResult r = f.Cli({"sandbox", "app", "add-secret", kGuideClient, "--value-file", file});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadAll(file);
}

TEST(AppClientE2eTest, MailSenderDeliversAndARotatedSecretGetsANewSessionAndToken) {
  SandboxFixture f;
  TempDir data;
  log::CapturingLogger log;
  auto client = app::Client::Open({.data_dir = data.path()}, {.log = &log});
  ASSERT_TRUE(client) << client.error().message;
  ASSERT_TRUE((*client)->connections().Add(GuideConnection(f)));

  for (int i = 0; i < 3; ++i) {
    auto sent = (*client)->mail_sender().Send(Request(i));
    ASSERT_TRUE(sent) << sent.error().error.message;
  }
  auto before = (*client)->Session("references");
  const std::string rotated = NewSandboxSecret(f);
  ASSERT_FALSE(rotated.empty());
  ASSERT_TRUE((*client)->connections().RotateSecret("references", Secret(rotated), std::nullopt));
  auto sent = (*client)->mail_sender().Send(Request(3));
  auto after = (*client)->Session("references");

  ASSERT_TRUE(sent) << sent.error().error.message;
  ASSERT_TRUE(before && after);
  EXPECT_NE(before->get(), after->get());
  EXPECT_EQ((*after)->credential.client_secret.Reveal(), rotated);
  EXPECT_EQ(CountTokenRequests(RequestLog(f)), 2u);  // one per secret, not one per send
  EXPECT_EQ(log.WithMessage("message sent").size(), 4u);
  EXPECT_FALSE(log.Contains(f.GuideSecret()));
  EXPECT_FALSE(log.Contains(rotated));
}

}  // namespace
}  // namespace graphpost::testing
