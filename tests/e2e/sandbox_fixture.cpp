#include "tests/e2e/sandbox_fixture.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/form.hpp"
#include "core/json.hpp"
#include "testing/test_keys.hpp"

extern char** environ;

namespace graphpost::testing {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The sandbox makes an RSA token-signing key for a fresh state directory, which costs 50-200 ms
// per test; it reads an existing signing.key instead, so the fixture puts a committed one there.
void SeedSigningKey(const std::filesystem::path& state_dir) {
  std::filesystem::create_directories(state_dir);
  std::filesystem::permissions(state_dir, std::filesystem::perms::owner_all);
  const std::filesystem::path key = state_dir / "signing.key";
  std::ofstream(key, std::ios::binary) << TestRsaKeyPem(3);
  std::filesystem::permissions(
      key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace

SandboxFixture::SandboxFixture(const std::string& scenario, boost::json::object settings) {
  SeedSigningKey(dir_.path() / "sandbox");
  sandbox::SandboxOptions options{.state_dir = dir_.path() / "sandbox",
                                  .settings_patch = std::move(settings)};
  if (!scenario.empty()) options.scenario = std::string(GRAPHPOST_SOURCE_DIR) + "/" + scenario;
  auto sb = sandbox::Sandbox::Start(std::move(options), clock_, random_);
  if (!sb) {
    ADD_FAILURE() << "sandbox did not start: " << sb.error().message;
    std::abort();
  }
  sandbox_ = std::move(*sb);
  http_ = std::make_unique<http::CurlTransport>(
      http::CurlOptions{.ca_file = sandbox_->endpoint().ca_path});
}

SandboxFixture::~SandboxFixture() {
  http_.reset();
  sandbox_->Stop();
}

CliResult SandboxFixture::Cli(const std::vector<std::string>& args,
                              const std::filesystem::path& stdin_file) const {
  const char* binary = std::getenv("GRAPHPOST_BINARY");
  CliResult result;
  if (binary == nullptr) {
    result.err = "GRAPHPOST_BINARY is not set";
    return result;
  }
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), args.begin(), args.end());
  if (args.size() >= 1 && args[0] == "sandbox") {
    argv.insert(argv.begin() + 2, {"--state-dir", (dir_.path() / "sandbox").string()});
  }
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  auto out_path = dir_.path() / ("cli-" + std::to_string(::getpid()) + ".out");
  auto err_path = dir_.path() / ("cli-" + std::to_string(::getpid()) + ".err");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_file.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, binary, &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    result.err = "cannot start " + std::string(binary);
    return result;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = Slurp(out_path);
  result.err = Slurp(err_path);
  return result;
}

std::pair<int, boost::json::value> SandboxFixture::Token(const std::string& tenant,
                                                         const std::string& form) {
  http::ClientRequest req{
      .method = "POST", .url = base_url() + "/" + tenant + "/oauth2/v2.0/token", .body = form};
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  auto resp = http_->Send(req);
  if (!resp) return {0, nullptr};
  auto doc = ParseJson(resp->body);
  return {resp->status, doc ? *doc : boost::json::value(nullptr)};
}

http::ClientResponse SandboxFixture::Graph(const std::string& method,
                                           const std::string& path_and_query,
                                           const std::string& token, const std::string& body,
                                           const std::string& content_type) {
  http::ClientRequest req{
      .method = method, .url = base_url() + "/v1.0" + path_and_query, .body = body};
  if (!token.empty()) req.headers.Set("Authorization", "Bearer " + token);
  if (!body.empty()) req.headers.Set("Content-Type", content_type);
  auto resp = http_->Send(req);
  return resp ? *resp : http::ClientResponse{};
}

std::string SandboxFixture::GuideSecret() const {
  return Slurp(dir_.path() / "sandbox" / "secrets" / "slapfive-email-automation.secret");
}

std::string SandboxFixture::GuideAccessToken() {
  auto [status, reply] =
      Token(kGuideTenant, EncodeForm({{"grant_type", "client_credentials"},
                                      {"client_id", kGuideClient},
                                      {"scope", "https://graph.microsoft.com/.default"},
                                      {"client_secret", GuideSecret()}}));
  EXPECT_EQ(status, 200) << ToJson(reply);
  return JsonString(reply, "access_token").value_or("");
}

}  // namespace graphpost::testing
