// tests/e2e/setup_migrate_e2e_support.hpp — the fixture the `setup migrate` end-to-end tests
// share: the setup guide's tenant (scenarios/setup-guide.json) in a sandbox, connections saved
// with the binary into a data directory of their own, the doctor's verdict per check, the
// migration run, and what Graph and the sandbox's request log then say. Each test adds the
// connections with its own credential flags. Header-only; not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "tests/e2e/client_e2e_support.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {

class SetupMigrateFixture : public ::testing::Test {
 protected:
  static constexpr char kMessage[] =
      R"({"message":{"subject":"after the migration","body":{"contentType":"Text","content":"hi"},
          "toRecipients":[{"emailAddress":{"address":"admin@company.com"}}]}})";

  std::string DataDir() const { return (sandbox_.state_dir() / "data").string(); }
  std::string SandboxDir() const { return (sandbox_.state_dir() / "sandbox").string(); }
  std::filesystem::path OutDir() const { return sandbox_.state_dir() / "migration"; }

  // `connection add NAME` for the guide's app on this sandbox, with `credential` flags.
  void AddConnection(const std::string& name, const std::string& user_id,
                     const std::vector<std::string>& credential) {
    std::vector<std::string> args{
        "--data-dir", DataDir(),    "connection",    "add",        name,
        "--tenant",   kGuideTenant, "--client-id",   kGuideClient, "--user-id",
        user_id,      "--sandbox",  "--sandbox-dir", SandboxDir()};
    args.insert(args.end(), credential.begin(), credential.end());
    CliResult r = sandbox_.Cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // The status of check `id` in `connection --json test NAME`.
  std::string DoctorCheck(const std::string& name, std::string_view id) {
    CliResult r = sandbox_.Cli({"--data-dir", DataDir(), "connection", "--json", "test", name});
    auto doc = ParseJson(r.out);
    const boost::json::array* checks = doc ? JsonArray(*doc, "checks") : nullptr;
    for (const auto& c : checks != nullptr ? *checks : boost::json::array{}) {
      if (JsonString(c, "id") == id) return JsonString(c, "status").value_or("");
    }
    return "(no check " + std::string(id) + " in: " + r.out + r.err + ")";
  }

  // `setup migrate references --out OutDir()` plus `extra`.
  CliResult Migrate(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--data-dir", DataDir(), "setup",          "migrate",
                                  "references", "--out",   OutDir().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return sandbox_.Cli(args);
  }

  int SendAs(const std::string& mailbox, const std::string& token) {
    return sandbox_.Graph("POST", "/users/" + mailbox + "/sendMail", token, kMessage).status;
  }

  // A 403 sendMail for `mailbox` in the sandbox's request log after sequence `after`.
  bool LoggedRefusalFor(const std::string& mailbox, std::uint64_t after) {
    for (const auto& r : RequestLog(sandbox_, after)) {
      if (r.mailbox == mailbox && r.status == 403 && r.path.ends_with("/sendMail")) return true;
    }
    return false;
  }

  SandboxFixture sandbox_;  // scenarios/setup-guide.json
};

}  // namespace graphpost::testing
