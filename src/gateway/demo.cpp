// The demo reuses the setup guide's tenant exactly as scripts/quickstart-guide.sh walks it: the
// guide app (its generated secret), references@company.com as the sender, pat@company.com as the
// recipient.
#include "gateway/demo.hpp"

#include <future>
#include <sstream>

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "core/shell_quote.hpp"
#include "core/time_format.hpp"
#include "crypto/password_hash.hpp"
#include "gateway/gateway.hpp"
#include "gateway/key_files.hpp"

namespace graphpost::gateway {
namespace {

constexpr char kGuideTenant[] = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";
constexpr char kGuideClient[] = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d";
constexpr char kGuideSecretFile[] = "slapfive-email-automation.secret";

Result<Secret> GuideSecret(const sandbox::Sandbox& sb, const std::filesystem::path& data_dir) {
  std::filesystem::path file = DemoSandboxDir(data_dir) / "secrets" / kGuideSecretFile;
  for (const auto& written : sb.written_secrets()) {
    if (written.app_id == kGuideClient) file = written.path;
  }
  auto text = ReadOwnerOnlyFile(file, 4096);
  if (!text)
    return Fail(text.error().code, "demo: the guide app's secret: " + text.error().message);
  return Secret(std::string(TrimAscii(*text)));
}

// When the guide app's secret expires, as the sandbox's admin API describes the app: the
// credential whose hint (the first three characters, as Entra shows it) is the secret's, the
// latest if several share it; nullopt when the sandbox does not say.
std::optional<WallTime> SecretExpiry(sandbox::Sandbox& sb, const Secret& secret) {
  http::Request req;
  req.method = "GET";
  req.path = req.target =
      std::string("/_sandbox/tenants/") + kGuideTenant + "/apps/" + kGuideClient;
  req.headers.Set("Authorization", "Bearer " + sb.admin_key());
  const http::Response resp = sb.Handle(req);
  if (resp.status != 200) return std::nullopt;
  auto doc = ParseJson(resp.body);
  const auto* secrets = doc ? JsonArray(*doc, "secrets") : nullptr;
  if (!secrets) return std::nullopt;
  const std::string hint = secret.Reveal().substr(0, 3);
  std::optional<WallTime> latest;
  for (const auto& credential : *secrets) {
    if (JsonString(credential, "hint").value_or("") != hint) continue;
    auto end = ParseIso8601(JsonString(credential, "endDateTime").value_or(""));
    if (end && (!latest || *end > *latest)) latest = end;
  }
  return latest;
}

}  // namespace

std::filesystem::path DemoSandboxDir(const std::filesystem::path& data_dir) {
  return data_dir / "demo-sandbox";
}

std::filesystem::path DemoKeyFile(const std::filesystem::path& data_dir) {
  return data_dir / "demo.key";
}

std::filesystem::path DemoSmtpPasswordFile(const std::filesystem::path& data_dir) {
  return data_dir / "demo-smtp.password";
}

Result<std::unique_ptr<sandbox::Sandbox>> StartDemoSandbox(const std::filesystem::path& data_dir,
                                                           const std::filesystem::path& scenario,
                                                           Clock& clock, Random& random) {
  sandbox::SandboxOptions options{
      .state_dir = DemoSandboxDir(data_dir), .host = "127.0.0.1", .port = 0, .scenario = scenario};
  auto sb = sandbox::Sandbox::Start(std::move(options), clock, random);
  if (!sb) return Fail(sb.error().code, "demo sandbox: " + sb.error().message);
  return sb;
}

Status SaveDemoConnection(connections::ConnectionStore& store, sandbox::Sandbox& sb,
                          const std::filesystem::path& data_dir) {
  auto secret = GuideSecret(sb, data_dir);
  if (!secret) return Fail(secret.error());
  connections::Connection c;
  c.secret_expires_on = SecretExpiry(sb, *secret);
  c.name = kDemoConnection;
  c.tenant = kGuideTenant;
  c.client_id = kGuideClient;
  c.user_id = kDemoMailbox;
  c.client_secret = std::move(*secret);
  c.cloud = "custom";
  c.login_url = sb.endpoint().login_url;
  c.graph_url = sb.endpoint().graph_url;
  c.ca_file = sb.endpoint().ca_path;
  if (auto old = store.Get(kDemoConnection); old) {
    if (old->login_url == c.login_url && old->client_secret.Reveal() == c.client_secret.Reveal() &&
        old->secret_expires_on == c.secret_expires_on) {
      return Ok();
    }
    if (auto removed = store.Remove(kDemoConnection); !removed) return removed;
  }
  return store.Add(c);
}

Status EnsureDemoKey(outbox::OutboxStore& outbox, Clock& clock, Random& random,
                     const std::filesystem::path& data_dir) {
  auto made = EnsureKeyFile(outbox, clock, random, DemoKeyFile(data_dir),
                            {.name = "demo", .connections = {kDemoConnection}});
  if (!made) return Fail(made.error());
  return Ok();
}

Status EnsureDemoSmtpAccount(outbox::OutboxStore& outbox, Clock& clock, Random& random,
                             const std::filesystem::path& data_dir) {
  const auto file = DemoSmtpPasswordFile(data_dir);
  auto account = outbox.FindSmtpAccount(kDemoSmtpAccount);
  if (!account) return Fail(account.error().code, "outbox: " + account.error().message);
  if (auto text = ReadOwnerOnlyFile(file, 256);
      text && *account && (*account)->connections == std::vector<std::string>{kDemoConnection} &&
      crypto::VerifyPassword(Secret(*text), (*account)->password_hash)) {
    return Ok();
  }
  const Secret password(Base64UrlEncode(random.Bytes(18)));
  auto hash = crypto::HashPassword(password);
  if (!hash) return Fail(hash.error());
  const auto now = clock.WallNow();
  outbox::SmtpAccountRecord record{.name = kDemoSmtpAccount,
                                   .password_hash = std::move(*hash),
                                   .connections = {kDemoConnection},
                                   .senders = {},
                                   .created_at = *account ? (*account)->created_at : now,
                                   .password_changed_at = now};
  std::promise<Status> stored;
  outbox.PutSmtpAccount(std::move(record), [&stored](Status s) { stored.set_value(std::move(s)); });
  if (auto s = stored.get_future().get(); !s) {
    return Fail(s.error().code, "outbox: " + s.error().message);
  }
  return WriteFileAtomic(file, password.Reveal(), kOwnerOnly);
}

std::string DemoSwaksCommand(const std::filesystem::path& data_dir, std::uint16_t smtp_port) {
  return "SWAKS_OPT_auth_password=\"$(cat " + ShellQuote(DemoSmtpPasswordFile(data_dir).string()) +
         ")\" swaks --server 127.0.0.1:" + std::to_string(smtp_port) +
         " --auth PLAIN --auth-user " + kDemoSmtpAccount + " \\\n    --from " + kDemoMailbox +
         " --to " + kDemoRecipient + " --header 'Subject: Hello over SMTP'";
}

std::string DemoMessageJson() {
  json::object body{{"connection", kDemoConnection},
                    {"to", json::array{kDemoRecipient}},
                    {"subject", "Hello from graphpost"},
                    {"text", "My first message through the graphpost gateway."}};
  return ToJson(body);
}

console::SandboxAdmin DemoSandboxAdmin(sandbox::Sandbox& sandbox) {
  return [&sandbox](http::Request request) {
    request.headers.Set("Authorization", "Bearer " + sandbox.admin_key());
    return sandbox.Handle(request);
  };
}

std::string DemoInstructions(const std::string& gateway_url, const std::filesystem::path& data_dir,
                             const std::string& program, std::uint16_t smtp_port, bool console) {
  const std::string auth =
      "-H \"Authorization: Bearer $(cat " + ShellQuote(DemoKeyFile(data_dir).string()) + ")\"";
  std::ostringstream out;
  out << "graphpost gateway (demo) listening on " << gateway_url << "\n"
      << "It delivers through the embedded sandbox: the setup guide's tenant, as " << kDemoMailbox
      << ".\n\n";
  if (console) {
    out << "Open the web console: " << gateway_url << "/ui/\n"
        << "  Sign in with the console token printed at the first start (make a new one with\n"
        << "  " << ShellQuote(program) << " --data-dir " << ShellQuote(data_dir.string())
        << " console reset-token),\n"
        << "  or with the operator key in " << OperatorKeyFile(data_dir).string() << ".\n\n";
  }
  out << "Send a first message (the demo API key is read from its file, never printed):\n\n"
      << "  curl -sS " << gateway_url << "/v1/messages " << auth << " \\\n"
      << "    -H 'Content-Type: application/json' \\\n"
      << "    -d " << ShellQuote(DemoMessageJson()) << "\n\n"
      << "Follow it (the id is in the answer):\n\n"
      << "  curl -sS " << gateway_url << "/v1/messages/<id> " << auth << "\n\n";
  if (smtp_port != 0) {
    out << "Or send one over SMTP on 127.0.0.1:" << smtp_port << " as the SMTP account '"
        << kDemoSmtpAccount << "' (its password is read from its file, never printed):\n\n"
        << "  " << DemoSwaksCommand(data_dir, smtp_port) << "\n\n";
  }
  out << "See it in " << kDemoRecipient << "'s Inbox:\n\n"
      << "  " << ShellQuote(program) << " sandbox --state-dir "
      << ShellQuote(DemoSandboxDir(data_dir).string()) << " mailbox " << kDemoRecipient << "\n\n"
      << "Health: " << gateway_url << "/readyz   Metrics: " << gateway_url << "/metrics\n"
      << "Stop with Ctrl-C: messages not yet sent stay queued for the next start.\n";
  return out.str();
}

}  // namespace graphpost::gateway
