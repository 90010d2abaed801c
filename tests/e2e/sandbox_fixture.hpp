// tests/e2e/sandbox_fixture.hpp — a real sandbox for end-to-end tests: HTTPS on 127.0.0.1 port 0,
// a fresh state directory, optionally a scenario; plus a CurlTransport that trusts its CA and a
// runner for the graphpost binary (GRAPHPOST_BINARY) pointed at the same state directory.
// Not thread-safe; one per test.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/curl_transport.hpp"
#include "sandbox/server/sandbox.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

class SandboxFixture {
 public:
  // Starts the sandbox; `scenario` is a path relative to the source tree, or empty.
  explicit SandboxFixture(const std::string& scenario = "scenarios/setup-guide.json",
                          boost::json::object settings = {});
  ~SandboxFixture();

  sandbox::Sandbox& sandbox() { return *sandbox_; }
  const std::string& base_url() const { return sandbox_->endpoint().base_url; }
  http::CurlTransport& http() { return *http_; }
  const std::filesystem::path& state_dir() const { return dir_.path(); }

  // Runs `graphpost <args>` with --state-dir set for sandbox commands; stdin comes from
  // `stdin_file` (empty by default).
  CliResult Cli(const std::vector<std::string>& args,
                const std::filesystem::path& stdin_file = "/dev/null") const;

  // POST form to the token endpoint; returns the parsed JSON reply and status.
  std::pair<int, boost::json::value> Token(const std::string& tenant, const std::string& form);
  // Graph call with a bearer token.
  http::ClientResponse Graph(const std::string& method, const std::string& path_and_query,
                             const std::string& token, const std::string& body = "",
                             const std::string& content_type = "application/json");
  // The generated secret of the guide scenario's app.
  std::string GuideSecret() const;
  // An access token of the guide scenario's app (client credentials with its secret); empty, and
  // a test failure, when the token endpoint refuses.
  std::string GuideAccessToken();

 private:
  TempDir dir_;
  SystemClock clock_;
  SystemRandom random_;
  std::unique_ptr<sandbox::Sandbox> sandbox_;
  std::unique_ptr<http::CurlTransport> http_;
};

inline constexpr char kGuideTenant[] = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";
inline constexpr char kGuideClient[] = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
inline constexpr char kGuideSpObject[] = "0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c";

}  // namespace graphpost::testing
