// Issue #3, "Done when" 3, end to end: a whole session of graphpost commands against a real
// sandbox — connections added with a secret from a file, stdin and the environment and with a
// certificate, list/show/test (tables and JSON), sends that work and sends that fail, a secret
// rotation, a doctor run on a broken connection, removal — and then no client secret, rotated
// secret, private key or access token in any command's output, in the sandbox's request log or
// saved state, or in graphpost's database files. The key file and database are 0600.
// Failure messages never print a secret: text is redacted before it is shown.
#include <cstdlib>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/form.hpp"
#include "crypto/keys.hpp"
#include "testing/test_keys.hpp"
#include "tests/e2e/client_e2e_support.hpp"

namespace graphpost::testing {
namespace {

namespace fs = std::filesystem;

bool IsBase64UrlChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// A JWT-looking string: "eyJ" + 10 or more base64url characters, '.', "eyJ" (header.payload).
bool ContainsJwt(const std::string& text) {
  for (auto at = text.find("eyJ"); at != std::string::npos; at = text.find("eyJ", at + 1)) {
    std::size_t end = at;
    while (end < text.size() && IsBase64UrlChar(text[end])) ++end;
    if (end - at >= 13 && text.compare(end, 4, ".eyJ") == 0) return true;
  }
  return false;
}

// The base64 lines of a PEM block (without the BEGIN/END lines).
std::vector<std::string> PemBodyLines(const std::string& pem) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < pem.size()) {
    auto end = pem.find('\n', start);
    if (end == std::string::npos) end = pem.size();
    std::string line = pem.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() >= 16 && !line.starts_with("-----")) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

class SecretLeakE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(std::getenv("GRAPHPOST_BINARY"), nullptr) << "run through ctest (GRAPHPOST_BINARY)";
    data_dir_ = inputs_.path() / "data";
    guide_secret_ = f_.GuideSecret();
    Forbid("the guide's client secret", guide_secret_);
    WriteAll(inputs_.path() / "secret", guide_secret_);
  }
  ~SecretLeakE2eTest() override {
    ::unsetenv("GP_E2E_SECRET");
    ::unsetenv("GP_E2E_WRONG_SECRET");
  }

  void Forbid(const std::string& what, const std::string& value) {
    ASSERT_GE(value.size(), 16u) << what << " is too short to search for";
    forbidden_.emplace_back(what, value);
  }

  std::string Redact(std::string text) const {
    for (const auto& [what, value] : forbidden_) {
      for (auto at = text.find(value); at != std::string::npos; at = text.find(value, at)) {
        text.replace(at, value.size(), "<" + what + ">");
      }
    }
    return text;
  }

  // Records the output of a command for the final scan, and checks its exit code.
  CliResult Record(const std::string& label, CliResult r, int expected_exit) {
    EXPECT_EQ(r.exit_code, expected_exit)
        << label << "\nstdout: " << Redact(r.out) << "\nstderr: " << Redact(r.err);
    artifacts_.emplace_back(label + " (stdout)", r.out);
    artifacts_.emplace_back(label + " (stderr)", r.err);
    return r;
  }

  CliResult Client(const std::string& label, std::vector<std::string> args, int expected_exit = 0) {
    args.insert(args.begin(), {"--data-dir", data_dir_.string()});
    return Record(label, f_.Cli(args), expected_exit);
  }
  CliResult ClientWithStdin(const std::string& label, std::vector<std::string> args,
                            const fs::path& in, int expected_exit = 0) {
    args.insert(args.begin(), {"--data-dir", data_dir_.string()});
    return Record(label, CliWithStdin(f_, args, in), expected_exit);
  }
  CliResult Sandbox(const std::string& label, std::vector<std::string> args) {
    args.insert(args.begin(), "sandbox");
    return Record(label, f_.Cli(args), 0);
  }

  std::vector<std::string> AddArgs(const std::string& name, const std::string& user) const {
    return {"connection", "add",           name,
            "--tenant",   kGuideTenant,    "--client-id",
            kGuideClient, "--user-id",     user,
            "--sandbox",  "--sandbox-dir", (f_.state_dir() / "sandbox").string()};
  }
  template <typename... More>
  std::vector<std::string> AddArgs(const std::string& name, const std::string& user,
                                   More... more) const {
    auto args = AddArgs(name, user);
    (args.push_back(more), ...);
    return args;
  }

  // A certificate credential: key + self-signed certificate, registered on the guide's app.
  void AddCertificateCredential() {
    const crypto::Key& key = TestRsaKey(1);  // committed: generating one costs 50-200 ms
    auto now = std::chrono::system_clock::now();
    auto cert = crypto::Certificate::SelfSigned({.common_name = "graphpost e2e",
                                                 .not_before = now - std::chrono::hours(1),
                                                 .not_after = now + std::chrono::hours(24 * 365)},
                                                key);
    ASSERT_TRUE(cert);
    std::string key_pem = key.PrivatePem();
    for (const auto& line : PemBodyLines(key_pem)) Forbid("a private key line", line);
    ASSERT_GE(forbidden_.size(), 10u);
    WriteAll(inputs_.path() / "cert.pem", cert->Pem());
    WriteAll(inputs_.path() / "key.pem", key_pem);
    WriteAll(inputs_.path() / "combined.pem", cert->Pem() + key_pem);
    Sandbox("app add-certificate", {"app", "add-certificate", kGuideClient, "--cert",
                                    (inputs_.path() / "cert.pem").string(), "--name", "e2e"});
  }

  // Every file under `dir` (recursively) except those under `skip`.
  void RecordFiles(const std::string& label, const fs::path& dir, const fs::path& skip = {}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      if (!skip.empty() && entry.path().string().starts_with(skip.string())) continue;
      artifacts_.emplace_back(label + " " + fs::relative(entry.path(), dir).string(),
                              ReadAll(entry.path()));
    }
  }

  void RecordRequestLog() {
    http::ClientRequest req{.url = f_.base_url() + "/_sandbox/requests?limit=1000000"};
    req.headers.Set("Authorization", "Bearer " + f_.sandbox().admin_key());
    auto resp = f_.http().Send(req);
    ASSERT_TRUE(resp && resp->status == 200);
    artifacts_.emplace_back("GET /_sandbox/requests", resp->body);
    Sandbox("sandbox --json requests", {"--json", "requests", "--limit", "100000"});
    Sandbox("sandbox requests", {"requests", "--limit", "100000"});
  }

  static unsigned Mode(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
  }

  SandboxFixture f_;
  TempDir inputs_;
  fs::path data_dir_;
  std::string guide_secret_;
  std::vector<std::pair<std::string, std::string>> forbidden_;  // what, value
  std::vector<std::pair<std::string, std::string>> artifacts_;  // where, bytes
};

TEST_F(SecretLeakE2eTest, NoSecretKeyOrTokenAnywhereAfterAFullSession) {
  const fs::path secret_file = inputs_.path() / "secret";
  // Connections: secret from a file, from stdin, from the environment; a certificate; a wrong
  // secret.
  Client("add refs --secret-file",
         AddArgs("refs", "references@company.com", "--secret-file", secret_file.string()));
  ClientWithStdin("add advocacy --secret-stdin",
                  AddArgs("advocacy", "advocacy@company.com", "--secret-stdin"), secret_file);
  ::setenv("GP_E2E_SECRET", guide_secret_.c_str(), 1);
  Client("add pat --secret-env",
         AddArgs("pat", "pat@company.com", "--secret-env", "GP_E2E_SECRET"));
  Client("add nobody",
         AddArgs("nobody", "nobody@company.com", "--secret-file", secret_file.string()));
  AddCertificateCredential();
  auto cert_args = AddArgs("cert", "references@company.com", "--certificate",
                           (inputs_.path() / "cert.pem").string(), "--private-key",
                           (inputs_.path() / "key.pem").string());
  cert_args.insert(cert_args.begin() + 1, "--json");
  Client("connection --json add cert", cert_args);
  Client("add cert2 (combined PEM)", AddArgs("cert2", "advocacy@company.com", "--certificate",
                                             (inputs_.path() / "combined.pem").string()));
  const std::string wrong = "Wr0ng~" + guide_secret_.substr(6) + "x";
  Forbid("a wrong client secret", wrong);
  ::setenv("GP_E2E_WRONG_SECRET", wrong.c_str(), 1);
  Client("add broken --secret-env",
         AddArgs("broken", "references@company.com", "--secret-env", "GP_E2E_WRONG_SECRET"));

  // Look at them.
  Client("list", {"connection", "list"});
  Client("--json list", {"connection", "--json", "list"});
  for (const std::string name : {"refs", "advocacy", "cert", "broken"}) {
    Client("show " + name, {"connection", "show", name});
    Client("--json show " + name, {"connection", "--json", "show", name});
  }

  // The doctor: working connections, with a test message, and a broken one.
  Client("test refs", {"connection", "test", "refs"});
  Client("--json test cert", {"connection", "--json", "test", "cert"});
  Client("test cert2", {"connection", "test", "cert2"});
  Client("test refs --send-test-to",
         {"connection", "test", "refs", "--send-test-to", "pat@company.com"});
  CliResult broken = Client("test broken", {"connection", "test", "broken"}, 7);
  EXPECT_NE(broken.out.find("7000215"), std::string::npos) << Redact(broken.out);
  Client("--json test broken", {"connection", "--json", "test", "broken"}, 7);
  // The guide's app keeps tenant-wide Mail.Send (step 2), so pat@ may send too (the doctor warns).
  Client("test pat", {"connection", "test", "pat"});

  // Sends that work and sends that fail.
  Client("send refs",
         {"send", "-c", "refs", "--to", "pat@company.com", "-s", "hello", "--text", "hi"});
  Client("send --json cert",
         {"send", "--json", "-c", "cert", "--to", "pat@company.com", "-s", "cert", "--text", "hi"});
  CliResult nobody =
      Client("send nobody (no such mailbox)",
             {"send", "-c", "nobody", "--to", "pat@company.com", "-s", "x", "--text", "x"}, 3);
  Client("send --json pat",
         {"send", "--json", "-c", "pat", "--to", "admin@company.com", "-s", "x", "--text", "x"});
  Client("send broken",
         {"send", "-c", "broken", "--to", "pat@company.com", "-s", "x", "--text", "x"}, 4);

  // Rotation: a new secret in the sandbox, saved for refs (and so advocacy and pat), then for
  // broken.
  const fs::path rotated_file = inputs_.path() / "rotated";
  Sandbox("app add-secret", {"app", "add-secret", kGuideClient, "--name", "rotated", "--value-file",
                             rotated_file.string()});
  std::string rotated = ReadAll(rotated_file);
  while (!rotated.empty() && (rotated.back() == '\n' || rotated.back() == '\r')) rotated.pop_back();
  Forbid("the rotated client secret", rotated);
  Client("rotate-secret refs --secret-file",
         {"connection", "rotate-secret", "refs", "--secret-file", rotated_file.string()});
  ClientWithStdin("--json rotate-secret broken --secret-stdin",
                  {"connection", "--json", "rotate-secret", "broken", "--secret-stdin"},
                  rotated_file);
  Client("send advocacy after rotation",
         {"send", "-c", "advocacy", "--to", "pat@company.com", "-s", "r", "--text", "r"});
  Client("test broken after rotation", {"connection", "test", "broken"});
  Client("--json show refs after rotation", {"connection", "--json", "show", "refs"});

  // Removal.
  Client("remove pat", {"connection", "remove", "pat"});
  Client("--json remove nobody", {"connection", "--json", "remove", "nobody"});
  Client("list after remove", {"connection", "list"});

  // An access token the sandbox minted, which no command should ever echo.
  auto [status, reply] =
      f_.Token(kGuideTenant, EncodeForm({{"grant_type", "client_credentials"},
                                         {"client_id", kGuideClient},
                                         {"scope", "https://graph.microsoft.com/.default"},
                                         {"client_secret", guide_secret_}}));
  ASSERT_EQ(status, 200);
  std::string token = JsonString(reply, "access_token").value_or("");
  ASSERT_TRUE(ContainsJwt(token));
  Forbid("an access token", token);

  // Everything the session left behind.
  RecordRequestLog();
  ASSERT_TRUE(f_.sandbox().Save());
  ASSERT_TRUE(fs::exists(f_.state_dir() / "sandbox" / "state.json"));
  ASSERT_TRUE(fs::exists(data_dir_ / "graphpost.db"));
  RecordFiles("sandbox state", f_.state_dir() / "sandbox", f_.state_dir() / "sandbox" / "secrets");
  RecordFiles("data dir", data_dir_);

  for (const auto& [where, bytes] : artifacts_) {
    for (const auto& [what, value] : forbidden_) {
      EXPECT_EQ(bytes.find(value), std::string::npos) << what << " found in " << where;
    }
    EXPECT_FALSE(ContainsJwt(bytes)) << "a JWT-looking string in " << where;
  }
  EXPECT_GT(artifacts_.size(), 70u);

  EXPECT_EQ(Mode(data_dir_ / "master.key"), 0600u);
  EXPECT_EQ(Mode(data_dir_ / "graphpost.db"), 0600u);
  for (const char* extra : {"graphpost.db-wal", "graphpost.db-shm"}) {
    if (fs::exists(data_dir_ / extra)) {
      EXPECT_EQ(Mode(data_dir_ / extra), 0600u) << extra;
    }
  }
}

}  // namespace
}  // namespace graphpost::testing
