// cli/client_commands.hpp — `graphpost connection ...` and `graphpost send`: plain functions over
// parsed options (cli_main.cpp owns the parsing). Environment variables arrive already read, in
// ClientEnv, so nothing below the CLI edge calls getenv. Each prints its result (a table or list
// for people, JSON with --json) and returns a Status for the exit code. Not thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "graph/reliable_send.hpp"

namespace graphpost::cli {

// GRAPHPOST_MASTER_KEY and the Azure Identity variables, read once in the CLI.
struct ClientEnv {
  std::optional<std::string> master_key;
  std::optional<std::string> azure_tenant_id, azure_client_id, azure_client_secret,
      azure_client_certificate_path, azure_authority_host;
  std::function<std::optional<std::string>(const std::string&)> lookup;  // for --secret-env NAME
};

struct ClientGlobal {
  std::filesystem::path data_dir;
  bool json = false;
  ClientEnv env;
};

// Where a secret comes from: never argv.
struct SecretSource {
  bool from_stdin = false;
  std::string file;
  std::string env_var;
};

struct ConnectionAddOptions {
  std::string name, tenant, client_id, user_id;
  SecretSource secret;
  std::string certificate_file, private_key_file;  // PEM; the key may sit in the certificate file
  std::string secret_expires;                      // ISO 8601 date or date-time
  std::string cloud = "global", login_url, graph_url, ca_file;
  bool sandbox = false;  // use the running sandbox's URLs and CA
  std::filesystem::path sandbox_dir;
};

[[nodiscard]] Status RunConnectionAdd(const ClientGlobal& g, ConnectionAddOptions options);
[[nodiscard]] Status RunConnectionList(const ClientGlobal& g);
[[nodiscard]] Status RunConnectionShow(const ClientGlobal& g, const std::string& name);
[[nodiscard]] Status RunConnectionRemove(const ClientGlobal& g, const std::string& name);
[[nodiscard]] Status RunConnectionRotateSecret(const ClientGlobal& g, const std::string& name,
                                               const SecretSource& secret,
                                               const std::string& expires);
// `connection edit NAME`: change what is not a credential. Empty fields stay as they are;
// `clear_secret_expires` forgets the expiry date. The edited connection is validated as `add`
// does (ValidateConnection) before it is saved.
struct ConnectionEditOptions {
  std::string user_id, tenant, cloud, login_url, graph_url, ca_file, secret_expires;
  bool clear_secret_expires = false;
};
[[nodiscard]] Status RunConnectionEdit(const ClientGlobal& g, const std::string& name,
                                       const ConnectionEditOptions& options);

// `connection rotate-certificate NAME`: without `activate`, makes a new key pair and a
// self-signed certificate valid `months`, keeps the private key 0600 under <data dir>/setup-keys/
// (pending), writes the certificate to `certificate_out` and prints how to upload it (portal path
// and Microsoft Graph PowerShell). With `activate`: asks Entra for a token with the pending pair
// (a fresh in-memory cache) and, only when Entra accepts it, saves it into every connection that
// shares the old credential. kFailedPrecondition (exit 7) when Entra refuses (its AADSTS code).
struct RotateCertificateOptions {
  std::string certificate_out;  // empty: ./<name>-<yyyymmdd>.pem
  int months = 12;
  bool activate = false;
};
[[nodiscard]] Status RunConnectionRotateCertificate(const ClientGlobal& g, const std::string& name,
                                                    const RotateCertificateOptions& options);

// `connection expiring [--within 30d]`: connections whose secret or certificate expires within
// `within` (or has expired), and those whose secret expiry is unknown. Returns kFailedPrecondition
// (exit 7) when any expires within the window, so a monitor can alert on the exit code; Ok
// otherwise (unknown expiry alone is printed but not an alert).
[[nodiscard]] Status RunConnectionExpiring(const ClientGlobal& g, std::chrono::seconds within);

// Returns kFailedPrecondition (exit 7) when the connection cannot send.
[[nodiscard]] Status RunConnectionTest(const ClientGlobal& g, const std::string& name,
                                       const std::string& send_test_to);

struct SendOptions {
  std::string connection;
  std::vector<std::string> to, cc, bcc, reply_to;
  std::string subject;
  std::string text, html, body_file;
  std::vector<std::string> attach;
  std::vector<std::string> headers;  // "X-Name: value"
  bool no_save_to_sent = false;
  double retry_for_seconds = 120;       // total retry deadline
  double timeout_seconds = 60;          // per Graph request
  int sent_items_lookups = 4;           // after an ambiguous failure
  double sent_items_pause_seconds = 5;  // between those lookups
};
// Sends with retries (graph/reliable_send.hpp); tokens are kept sealed in <data_dir>/tokens. A
// failure with delivery_unknown set is "delivery unknown" (exit 8): the result is printed (JSON on
// stdout with --json) before the error.
[[nodiscard]] Expected<void, graph::SendFailure> RunSend(const ClientGlobal& g,
                                                         const SendOptions& options);

// The media type of an attachment from its file name's extension (application/octet-stream when
// unknown).
std::string ContentTypeFor(const std::filesystem::path& file);

// The default data directory: $GRAPHPOST_DATA_DIR, else $XDG_DATA_HOME/graphpost, else
// ~/.local/share/graphpost.
std::filesystem::path DefaultDataDir();

}  // namespace graphpost::cli
