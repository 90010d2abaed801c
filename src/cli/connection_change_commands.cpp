// `graphpost connection edit` and `connection rotate-certificate` (client_commands.hpp): changing
// a saved connection after `add`. The pending key pair of rotate-certificate waits in
// <data dir>/setup-keys/ (key 0600, folder 0700) with a small record, <name>.pending, naming the
// key file and holding the certificate, until --activate proves it with Entra and seals it in
// the store.
#include <iostream>

#include <boost/json.hpp>

#include "auth/token_provider.hpp"
#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "cli/setup_keys.hpp"
#include "cli/table.hpp"
#include "connections/connection_json.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "setup/powershell.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using connections::AuthType;
using connections::Connection;

constexpr std::string_view kKeyLine = "key=";

void PrintConnection(const Connection& c, bool as_json) {
  json::object view = connections::ConnectionToJson(c);
  std::cout << (as_json ? ToJson(view) + "\n" : RenderList(view));
}

bool NothingToEdit(const ConnectionEditOptions& o) {
  return o.user_id.empty() && o.tenant.empty() && o.cloud.empty() && o.login_url.empty() &&
         o.graph_url.empty() && o.ca_file.empty() && o.secret_expires.empty() &&
         !o.clear_secret_expires;
}

// Applies the given fields of `o` to `c`, as `connection add` would have set them.
Status ApplyEdit(Connection& c, const ConnectionEditOptions& o) {
  if (!o.user_id.empty()) c.user_id = o.user_id;
  if (!o.tenant.empty()) c.tenant = o.tenant;
  if (!o.cloud.empty()) {
    c.cloud = o.cloud;
    // A named cloud brings its own URLs; explicit ones given in the same edit still win.
    if (o.cloud != "custom") c.login_url.clear(), c.graph_url.clear();
  }
  if (!o.login_url.empty()) c.login_url = o.login_url;
  if (!o.graph_url.empty()) c.graph_url = o.graph_url;
  if (o.cloud.empty() && !o.login_url.empty() && !o.graph_url.empty()) c.cloud = "custom";
  if (!o.ca_file.empty()) {
    if (auto s = CheckCaFile(o.ca_file); !s) return s;
    c.ca_file = o.ca_file;
  }
  if (!o.secret_expires.empty() || o.clear_secret_expires) {
    if (c.auth_type == AuthType::kCertificate) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--secret-expires: connection '" + c.name +
                      "' uses a certificate, whose expiry is its own notAfter date");
    }
    auto expiry = ParseExpiry(o.secret_expires);
    if (!expiry) return Fail(expiry.error());
    c.secret_expires_on = *expiry;
  }
  return Ok();
}

fs::path PendingRecord(const fs::path& data_dir, const std::string& name) {
  return data_dir / "setup-keys" / (name + ".pending");
}

// The pending key pair of `name`: its key file and certificate.
struct Pending {
  fs::path key_file;
  std::string certificate_pem;
};

Result<Pending> ReadPending(const fs::path& data_dir, const std::string& name) {
  const fs::path record = PendingRecord(data_dir, name);
  auto text = ReadOwnerOnlyFile(record, 64 * 1024);
  if (!text && text.error().code == ErrorCode::kNotFound) {
    return Fail(ErrorCode::kFailedPrecondition,
                "connection '" + name + "' has no pending certificate: run `graphpost connection " +
                    "rotate-certificate " + name + "` first, upload the certificate, then " +
                    "--activate");
  }
  if (!text) return Fail(text.error());
  const auto end = text->find('\n');
  if (!text->starts_with(kKeyLine) || end == std::string::npos) {
    return Fail(ErrorCode::kFailedPrecondition,
                record.string() + " is damaged: run rotate-certificate " + name + " again");
  }
  return Pending{text->substr(kKeyLine.size(), end - kKeyLine.size()), text->substr(end + 1)};
}

// Replaces the pending pair of `name` with `pair` (an older pending key is deleted: it was never
// used).
Status SavePending(const fs::path& data_dir, const std::string& name, const SetupKeyPair& pair) {
  if (auto old = ReadPending(data_dir, name); old && old->key_file != pair.private_key_path) {
    std::error_code ignored;
    fs::remove(old->key_file, ignored);
  }
  return WriteFileAtomic(PendingRecord(data_dir, name),
                         std::string(kKeyLine) +
                             fs::absolute(pair.private_key_path).lexically_normal().string() +
                             "\n" + pair.certificate_pem,
                         kOwnerOnly);
}

std::string DefaultCertificateOut(const std::string& name, WallTime now) {
  std::string date = FormatDate(now);  // yyyy-mm-dd
  std::erase(date, '-');
  return name + "-" + date + ".pem";
}

// Connect-MgGraph -Environment for the connection's cloud (empty: the default, Global).
std::string GraphEnvironmentArg(const Connection& c) {
  if (c.cloud == "usgov") return " -Environment USGov";
  if (c.cloud == "usgov-dod") return " -Environment USGovDoD";
  if (c.cloud == "china") return " -Environment China";
  return "";
}

void PrintUploadHelp(const Connection& c, const SetupKeyPair& pair, const fs::path& out) {
  const std::string abs = fs::absolute(out).lexically_normal().string();
  std::cout << "New certificate for connection " << c.name << " (thumbprint " << pair.thumbprint
            << ", expires " << pair.not_after << ") written to " << abs
            << "\nThe private key stays in " << pair.private_key_path.string()
            << " (0600); only the certificate leaves this machine.\n\n"
            << "Upload the certificate to the app (client ID " << c.client_id << "):\n"
            << "  Portal: Microsoft Entra admin center > App registrations > the app > "
               "Certificates & secrets > Certificates > Upload certificate > "
            << out.filename().string() << "\n"
            << "  Microsoft Graph PowerShell (this replaces the app's certificate list):\n"
            << "    Connect-MgGraph -TenantId " << c.tenant << GraphEnvironmentArg(c)
            << " -Scopes Application.ReadWrite.All\n"
            << "    $app = Get-MgApplication -Filter \"appId eq '" << c.client_id << "'\"\n"
            << "    $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new("
            << setup::PsQuote(abs) << ")\n"
            << "    Update-MgApplication -ApplicationId $app.Id -KeyCredentials "
               "@(@{ Type = 'AsymmetricX509Cert'; Usage = 'Verify'; Key = $cert.RawData })\n\n"
            << "Then switch the connections of the app to it (after Entra accepts it):\n"
            << "  graphpost connection rotate-certificate " << c.name << " --activate\n";
}

Status MakePending(const ClientGlobal& g, app::Client& client, const Connection& c,
                   const RotateCertificateOptions& o) {
  auto pair = MakeSetupKeyPair(g.data_dir, c.name, "graphpost-" + c.name, o.months, client.clock());
  if (!pair) return Fail(pair.error());
  const fs::path out = o.certificate_out.empty()
                           ? fs::path(DefaultCertificateOut(c.name, client.clock().WallNow()))
                           : fs::path(o.certificate_out);
  // A refusal changes nothing: the new private key goes again, and the pending pair stays.
  auto drop_key = [&] {
    std::error_code ignored;
    fs::remove(pair->private_key_path, ignored);
  };
  if (auto written = WriteFileAtomic(out, pair->certificate_pem, kWorldReadable); !written) {
    drop_key();
    return Fail(written.error().code, "--out: " + written.error().message);
  }
  if (auto saved = SavePending(g.data_dir, c.name, *pair); !saved) {
    drop_key();
    return saved;
  }
  if (g.json) {
    std::cout << ToJson(json::object{
                     {"connection", c.name},
                     {"certificateFile", fs::absolute(out).lexically_normal().string()},
                     {"thumbprint", pair->thumbprint},
                     {"notAfter", pair->not_after},
                     {"privateKeyFile", pair->private_key_path.string()},
                     {"pending", true}})
              << "\n";
  } else {
    PrintUploadHelp(c, *pair, out);
  }
  return Ok();
}

// Asks Entra for a token with the pending pair on a runtime of its own (memory-only cache), so
// the answer is Entra's about this certificate, not a cached token of the old credential.
Status ProveWithEntra(app::Client& client, const std::string& name, const Pending& pending,
                      const Secret& key) {
  auto session = client.Session(name);  // the connection as it is reached now (sandbox URLs)
  if (!session) return Fail(session.error());
  Connection probe = (*session)->connection;
  probe.auth_type = AuthType::kCertificate;
  probe.client_secret = Secret();
  probe.certificate_pem = pending.certificate_pem;
  probe.private_key_pem = key;
  app::ClientRuntime runtime(client.clock(), client.random());
  auto opened = runtime.Open(probe);
  if (!opened) return Fail(opened.error());
  auto token = (*opened)->tokens->GetToken();
  if (token) return Ok();
  const Error& e = token.error();
  if (!e.remote_code.starts_with("AADSTS")) return Fail(e);
  return Fail(ErrorCode::kFailedPrecondition,
              "Entra refused the new certificate of connection '" + name + "' (" + e.remote_code +
                  "): upload it to the app first (App registrations > the app > Certificates & "
                  "secrets > Certificates > Upload certificate), wait a minute, then --activate "
                  "again. Nothing was changed; the connections keep their current credential.");
}

Status Activate(const ClientGlobal& g, app::Client& client, const Connection& c) {
  auto pending = ReadPending(g.data_dir, c.name);
  if (!pending) return Fail(pending.error());
  auto key_text = ReadOwnerOnlyFile(pending->key_file, 64 * 1024);
  if (!key_text) return Fail(key_text.error());
  const Secret key(std::move(*key_text));
  if (auto proved = ProveWithEntra(client, c.name, *pending, key); !proved) return proved;
  auto updated = client.connections().RotateCertificate(c.name, pending->certificate_pem, key);
  if (!updated) return Fail(updated.error());
  std::error_code ignored;  // the key is sealed in the store now; the plain copy goes
  fs::remove(pending->key_file, ignored);
  fs::remove(PendingRecord(g.data_dir, c.name), ignored);
  json::array names;
  for (const auto& n : *updated) names.emplace_back(n);
  if (g.json) {
    std::cout << ToJson(json::object{{"updated", names}}) << "\n";
  } else {
    std::cout << "Entra accepted the new certificate; now used by: "
              << RenderList({{"connections", names}}).substr(14);
  }
  return Ok();
}

}  // namespace

Status RunConnectionEdit(const ClientGlobal& g, const std::string& name,
                         const ConnectionEditOptions& options) {
  if (NothingToEdit(options)) {
    return Fail(ErrorCode::kInvalidArgument,
                "nothing to change: give --user-id, --tenant, --cloud, --login-url, --graph-url, "
                "--ca-file, --secret-expires or --clear-secret-expires");
  }
  auto client = OpenClient(g);
  if (!client) return Fail(client.error());
  auto c = (*client)->connections().Get(name);
  if (!c) return Fail(c.error());
  if (auto applied = ApplyEdit(*c, options); !applied) return applied;
  if (auto updated = (*client)->connections().Update(*c); !updated) return updated;
  auto saved = (*client)->connections().Get(name);
  if (!saved) return Fail(saved.error());
  PrintConnection(*saved, g.json);
  return Ok();
}

Status RunConnectionRotateCertificate(const ClientGlobal& g, const std::string& name,
                                      const RotateCertificateOptions& options) {
  auto client = OpenClient(g, {.tokens_on_disk = false});
  if (!client) return Fail(client.error());
  auto c = (*client)->connections().Get(name);
  if (!c) return Fail(c.error());
  return options.activate ? Activate(g, **client, *c) : MakePending(g, **client, *c, options);
}

}  // namespace graphpost::cli
