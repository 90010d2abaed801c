// cli/client_commands.hpp — `graphpost connection ...` and `graphpost send`: plain functions over
// parsed options (cli_main.cpp owns the parsing). Environment variables arrive already read, in
// ClientEnv, so nothing below the CLI edge calls getenv. Each prints its result (a table or list
// for people, JSON with --json) and returns a Status for the exit code. Not thread-safe.
#pragma once

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
