// Sandbox persistence without sockets (listen = false): the state directory lock, state.json
// refused with an unknown key (and left as it was), save failures reported loudly.
#include "sandbox/server/sandbox.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "crypto/keys.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::sandbox {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// RSA key generation is slow; one token-signing key per test binary, put where Start finds it.
const std::string& SigningKeyPem() {
  static const std::string pem = crypto::Key::GenerateRsa(2048)->PrivatePem();
  return pem;
}

class SandboxTest : public ::testing::Test {
 protected:
  SandboxTest() { std::ofstream(dir_.path() / "signing.key") << SigningKeyPem(); }

  Result<std::unique_ptr<Sandbox>> Start() {
    return Sandbox::Start({.state_dir = dir_.path(), .listen = false, .log = &log_}, clock_,
                          random_);
  }

  http::Response Admin(const Sandbox& sandbox, std::string method, std::string path,
                       std::string body) {
    http::Request request;
    request.method = std::move(method);
    request.target = path;
    request.path = std::move(path);
    request.body = std::move(body);
    request.headers.Set("Authorization", "Bearer " + sandbox.admin_key());
    request.headers.Set("Content-Type", "application/json");
    return const_cast<Sandbox&>(sandbox).Handle(request);
  }

  testing::TempDir dir_;
  SystemClock clock_;
  SystemRandom random_;
  std::ostringstream log_;
};

TEST_F(SandboxTest, ASecondSandboxOnTheSameStateDirectoryIsRefusedNamingThePid) {
  auto first = Start();
  ASSERT_TRUE(first) << first.error().message;

  auto second = Start();

  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("(pid " + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << second.error().message;
  (*first)->Stop();
  EXPECT_TRUE(Start()) << "the lock is released by Stop()";
}

TEST_F(SandboxTest, AStateFileWithAnUnknownKeyIsRefusedAndLeftAsItWas) {
  const std::string state = R"({"tenants":[],"mails":{"store":{"mailboxes":[]}}})";
  std::ofstream(dir_.path() / "state.json") << state;

  auto sandbox = Start();

  ASSERT_FALSE(sandbox);
  EXPECT_NE(sandbox.error().message.find("state.json: mails: unknown key"), std::string::npos)
      << sandbox.error().message;
  EXPECT_EQ(Slurp(dir_.path() / "state.json"), state);
}

TEST_F(SandboxTest, AnUnknownKeyInTheMailSectionIsRefused) {
  std::ofstream(dir_.path() / "state.json")
      << R"({"tenants":[],"mail":{"store":{"mailboxes":[]},"outbox":[]}})";

  auto sandbox = Start();

  ASSERT_FALSE(sandbox);
  EXPECT_NE(sandbox.error().message.find("state.json: mail.outbox: unknown key"), std::string::npos)
      << sandbox.error().message;
}

TEST_F(SandboxTest, ASaveFailureIsLoggedAndAnsweredToTheAdminCaller) {
  auto sandbox = Start();
  ASSERT_TRUE(sandbox) << sandbox.error().message;
  // A directory where state.json should be: the save cannot rename its new file into place.
  std::filesystem::remove(dir_.path() / "state.json");
  std::filesystem::create_directory(dir_.path() / "state.json");

  http::Response reply =
      Admin(**sandbox, "POST", "/_sandbox/tenants", R"({"displayName":"C","domainPrefix":"c"})");

  EXPECT_EQ(reply.status, 503);  // kUnavailable: the change is not saved
  EXPECT_NE(log_.str().find("ERROR: state not saved after an admin change: cannot replace " +
                            (dir_.path() / "state.json").string() + ": Is a directory"),
            std::string::npos)
      << log_.str();
}

TEST_F(SandboxTest, AnAdminChangeIsSavedBeforeItIsAnswered) {
  auto sandbox = Start();
  ASSERT_TRUE(sandbox) << sandbox.error().message;

  http::Response reply =
      Admin(**sandbox, "POST", "/_sandbox/tenants", R"({"displayName":"C","domainPrefix":"c"})");

  ASSERT_EQ(reply.status, 201);
  EXPECT_NE(Slurp(dir_.path() / "state.json").find("c.onmicrosoft.com"), std::string::npos);
}

TEST_F(SandboxTest, ATornLastJournalRecordIsIgnoredWithANote) {
  auto first = Start();
  ASSERT_TRUE(first) << first.error().message;
  (*first)->Stop();
  auto journals = ListJournalGenerations(dir_.path()).value();
  ASSERT_EQ(journals.size(), 1u);
  std::ofstream(JournalPath(dir_.path(), journals[0]), std::ios::app) << "{\"ops\":[]}\n{\"ops\":[";

  auto again = Start();

  ASSERT_TRUE(again) << again.error().message;
  EXPECT_NE(log_.str().find("ends in an incomplete record"), std::string::npos) << log_.str();
}

TEST_F(SandboxTest, ABadJournalRecordStopsTheStartNamingTheFileAndLine) {
  auto first = Start();
  ASSERT_TRUE(first) << first.error().message;
  (*first)->Stop();
  auto journals = ListJournalGenerations(dir_.path()).value();
  ASSERT_EQ(journals.size(), 1u);
  auto journal = JournalPath(dir_.path(), journals[0]);
  std::ofstream(journal, std::ios::app) << "{\"ops\":[]}\n{\"ops\":[{\"op\":\"zap\"}]}\n";

  auto again = Start();

  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message,
            journal.string() + " line 2: ops[0].op: unknown operation 'zap'");
}

}  // namespace
}  // namespace graphpost::sandbox
