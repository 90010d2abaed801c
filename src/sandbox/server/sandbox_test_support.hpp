// sandbox/server/sandbox_test_support.hpp — the real sandbox in-process for tests (of the sandbox
// and of what shows it, such as the console): the setup guide's tenant
// (scenarios/setup-guide.json) served without a socket (listen = false) from a temporary state
// directory, its app's generated secret, a Graph token for the app, and requests to Handle() with
// the admin key or the token. Test-only, header-only. Not thread-safe.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "sandbox/server/sandbox.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"
#include "testing/test_keys.hpp"

namespace graphpost::sandbox::testing {

inline constexpr std::string_view kGuideTenant = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";
inline constexpr std::string_view kGuideApp = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";

// A request as the HTTP server would hand it over: target split into path and query.
inline http::Request MakeRequest(std::string method, std::string target, std::string body = {},
                                 std::string content_type = "application/json") {
  http::Request r;
  r.method = std::move(method);
  r.target = target;
  const std::size_t q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  if (!body.empty()) r.headers.Set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

class GuideSandbox {
 public:
  // Starts the sandbox; the error names what failed.
  [[nodiscard]] Status Start() {
    const auto state = dir_.path() / "sandbox";
    std::filesystem::create_directories(state);
    std::filesystem::permissions(state, std::filesystem::perms::owner_all);
    // A committed key: generating the token-signing RSA key would cost 50-200 ms per test.
    std::ofstream(state / "signing.key", std::ios::binary)
        << ::graphpost::testing::TestRsaKeyPem(3);
    std::filesystem::permissions(state / "signing.key", std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_write);
    auto sb = Sandbox::Start(
        {.state_dir = state,
         .scenario = std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json",
         .listen = false,
         .log = &log_},
        clock_, random_);
    if (!sb) return Fail(sb.error());
    sandbox_ = std::move(*sb);
    return Ok();
  }

  Sandbox& sandbox() { return *sandbox_; }
  const std::string& admin_key() const { return sandbox_->admin_key(); }

  // The admin API, as the admin key's holder calls it.
  http::Response Admin(http::Request request) {
    request.headers.Set("Authorization", "Bearer " + sandbox_->admin_key());
    return sandbox_->Handle(request);
  }

  // The guide app's generated client secret (the scenario wrote it to a 0600 file).
  std::string AppSecret() const {
    for (const auto& written : sandbox_->written_secrets()) {
      if (written.app_id != kGuideApp) continue;
      std::ifstream in(written.path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      return std::string(TrimAscii(text.str()));
    }
    return {};
  }

  // A Graph access token of the guide app from the sandbox's token endpoint; empty on failure.
  std::string GraphToken() {
    const std::string form = "client_id=" + PercentEncode(kGuideApp) +
                             "&client_secret=" + PercentEncode(AppSecret()) +
                             "&scope=" + PercentEncode("https://graph.microsoft.com/.default") +
                             "&grant_type=client_credentials";
    http::Response reply =
        sandbox_->Handle(MakeRequest("POST", "/" + std::string(kGuideTenant) + "/oauth2/v2.0/token",
                                     form, "application/x-www-form-urlencoded"));
    auto doc = ParseJson(reply.body);
    return doc ? JsonString(*doc, "access_token").value_or("") : "";
  }

  // POST /v1.0/users/{from}/sendMail with `message` (Graph's message JSON); 202 on success.
  http::Response SendMail(std::string_view from, const boost::json::object& message) {
    http::Request request = MakeRequest("POST", "/v1.0/users/" + std::string(from) + "/sendMail",
                                        ToJson(boost::json::object{{"message", message}}));
    request.headers.Set("Authorization", "Bearer " + GraphToken());
    http::Response reply = sandbox_->Handle(request);
    if (reply.on_complete) reply.on_complete();
    return reply;
  }

  // What the sandbox reported on its log (save failures, journal notes).
  std::string log() const { return log_.str(); }

 private:
  ::graphpost::testing::TempDir dir_;
  ::graphpost::testing::FakeClock clock_;
  ::graphpost::testing::FakeRandom random_;
  std::ostringstream log_;
  std::unique_ptr<Sandbox> sandbox_;
};

}  // namespace graphpost::sandbox::testing
