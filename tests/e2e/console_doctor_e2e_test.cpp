// The console's Test button in the gateway (gateway/console_doctor.hpp) against a real sandbox,
// in process: the doctor runs on the ConsoleDoctor's own threads and answers through the callback;
// its credential check asks Entra even when the gateway's Client holds a token for the
// credential (on disk and in memory); no test message is sent; an unknown connection is
// kNotFound.
#include <future>

#include <gtest/gtest.h>

#include "app/client.hpp"
#include "gateway/console_doctor.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

Result<doctor::DoctorReport> RunAndWait(const console::DoctorRunner& run, std::string name) {
  std::promise<Result<doctor::DoctorReport>> answered;
  run(std::move(name),
      [&answered](Result<doctor::DoctorReport> report) { answered.set_value(std::move(report)); });
  return answered.get_future().get();
}

const doctor::CheckResult* Check(const doctor::DoctorReport& report, std::string_view id) {
  for (const auto& check : report.checks) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

graph::OutgoingMessage Message() {
  graph::OutgoingMessage m;
  m.subject = "before the doctor";
  m.body = "hello";
  m.to = {{"", "pat@company.com"}};
  return m;
}

TEST(ConsoleDoctorE2eTest, AsksEntraEvenWithACachedTokenAndSendsNothing) {
  SandboxFixture f;
  TempDir data;
  auto client = app::Client::Open({.data_dir = data.path()});
  ASSERT_TRUE(client) << client.error().message;
  ASSERT_TRUE((*client)->connections().Add(GuideConnection(f)));
  auto sent = (*client)->mail_sender().Send(
      {.connection = "references", .message = Message(), .message_id = "warm-up"});
  ASSERT_TRUE(sent) << sent.error().error.message;
  ASSERT_EQ(CountTokenRequests(RequestLog(f)), 1u);
  const std::uint64_t before = LastSequence(f);
  gateway::ConsoleDoctor doctor(**client);

  auto report = RunAndWait(doctor.Runner(), "references");

  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->connection, "references");
  EXPECT_TRUE(report->can_send) << doctor::RenderReport(*report);
  const doctor::CheckResult* credential = Check(*report, "credential");
  ASSERT_NE(credential, nullptr);
  EXPECT_EQ(credential->status, doctor::CheckStatus::kPass);
  const auto after = RequestLog(f, before);
  EXPECT_EQ(CountTokenRequests(after), 1u);  // the doctor's own, from Entra
  for (const auto& r : after) {
    EXPECT_FALSE(r.path.ends_with("/sendMail") && r.status == 202) << r.path;
  }
  const doctor::CheckResult* test_send = Check(*report, "test-send");
  if (test_send != nullptr) {
    EXPECT_EQ(test_send->status, doctor::CheckStatus::kSkipped);
  }
}

TEST(ConsoleDoctorE2eTest, AWrongSecretFailsTheCredentialCheckAndAnUnknownNameIsNotFound) {
  SandboxFixture f;
  TempDir data;
  auto client = app::Client::Open({.data_dir = data.path()});
  ASSERT_TRUE(client) << client.error().message;
  auto connection = GuideConnection(f);
  connection.client_secret = Secret("not~the.secret_Entra-issued~0");
  ASSERT_TRUE((*client)->connections().Add(connection));
  gateway::ConsoleDoctor doctor(**client);

  auto report = RunAndWait(doctor.Runner(), "references");
  auto unknown = RunAndWait(doctor.Runner(), "nobody");

  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->can_send);
  const doctor::CheckResult* credential = Check(*report, "credential");
  ASSERT_NE(credential, nullptr);
  EXPECT_EQ(credential->status, doctor::CheckStatus::kFail);
  EXPECT_EQ(doctor::RenderReport(*report).find("not~the.secret"), std::string::npos);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

Status CheckAndWait(gateway::ConsoleDoctor& doctor, std::string name, Secret secret) {
  std::promise<Status> answered;
  doctor.SecretChecker()(std::move(name), std::move(secret),
                         [&answered](Status s) { answered.set_value(std::move(s)); });
  return answered.get_future().get();
}

// The rotate form's check: the pasted secret is tried with one token request before it is saved;
// Entra's refusal comes back with its AADSTS code and without the secret; nothing is stored.
TEST(ConsoleDoctorE2eTest, ASecretIsCheckedWithEntraBeforeTheConsoleSavesIt) {
  SandboxFixture f;
  TempDir data;
  auto client = app::Client::Open({.data_dir = data.path()});
  ASSERT_TRUE(client) << client.error().message;
  auto stored = GuideConnection(f);
  const Secret good = stored.client_secret;
  stored.client_secret = Secret("an~old.secret_that-no-longer~works0");
  ASSERT_TRUE((*client)->connections().Add(stored));
  gateway::ConsoleDoctor doctor(**client);

  Status wrong = CheckAndWait(doctor, "references", Secret("not~the.secret_Entra-issued~0"));
  Status right = CheckAndWait(doctor, "references", good);
  Status unknown = CheckAndWait(doctor, "nobody", good);

  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated) << wrong.error().message;
  EXPECT_NE(wrong.error().remote_code.find("AADSTS"), std::string::npos);
  EXPECT_EQ(wrong.error().message.find("not~the.secret"), std::string::npos);
  EXPECT_TRUE(right) << right.error().message;
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto after = (*client)->connections().Get("references");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->client_secret.Reveal(), "an~old.secret_that-no-longer~works0");  // not saved
}

}  // namespace
}  // namespace graphpost::testing
