// The flags of `graphpost connection ...` (CLI11); the commands are in connection_commands.cpp,
// connection_test_command.cpp and connection_change_commands.cpp. Its own translation unit so
// cli_main.cpp does not grow with every command group.
#include <string>

#include <CLI/CLI.hpp>

#include "cli/admin_client.hpp"
#include "cli/command_args.hpp"
#include "gateway/gateway_config.hpp"

namespace graphpost::cli {
namespace {

using Action = std::function<Status()>;

void AddSecretSource(CLI::App& cmd, SecretSource& source) {
  cmd.add_flag("--secret-stdin", source.from_stdin, "Read the client secret from standard input");
  cmd.add_option("--secret-file", source.file, "Read the client secret from this file");
  cmd.add_option("--secret-env", source.env_var,
                 "Read the client secret from this environment variable");
}

// edit, rotate-certificate and expiring: the connection changing after it was added.
void AddChangeCommands(CLI::App& conn, ClientGlobal& g, ConnectionArgs& args, Action& action) {
  std::string& name = args.name;
  ConnectionEditOptions& e = args.edit;
  auto* edit = conn.add_subcommand(
      "edit",
      "Change a connection's mailbox, tenant, cloud, URLs or secret expiry date (not its "
      "credential: see rotate-secret, rotate-certificate)");
  edit->add_option("name", name, "Connection name")->required();
  edit->add_option("--user-id", e.user_id, "The mailbox's primary SMTP address");
  edit->add_option("--tenant", e.tenant, "Directory (tenant) ID or domain");
  edit->add_option("--cloud", e.cloud, "global, usgov, usgov-dod, china or custom");
  edit->add_option("--login-url", e.login_url, "Explicit login base URL");
  edit->add_option("--graph-url", e.graph_url, "Explicit Graph base URL");
  edit->add_option("--ca-file", e.ca_file, "Extra CA bundle to trust");
  auto* expires = edit->add_option("--secret-expires", e.secret_expires,
                                   "When the client secret expires (ISO 8601)");
  edit->add_flag("--clear-secret-expires", e.clear_secret_expires,
                 "Forget the secret's expiry date")
      ->excludes(expires);
  edit->callback([&] { action = [&] { return RunConnectionEdit(g, name, e); }; });

  RotateCertificateOptions& r = args.rotate_certificate;
  auto* rotate = conn.add_subcommand(
      "rotate-certificate",
      "Make a new key pair and certificate to upload to the app (the key stays here); then "
      "--activate switches every connection of the app to it once Entra accepts it");
  rotate->add_option("name", name, "Connection name")->required();
  rotate->add_option("--out", r.certificate_out,
                     "Where to write the certificate to upload (default ./<name>-<yyyymmdd>.pem)");
  rotate->add_option("--months", r.months, "How long the certificate is valid (default 12)")
      ->check(CLI::Range(1, 120));
  rotate->add_flag("--activate", r.activate,
                   "Try the pending certificate with Entra and, when it works, save it into every "
                   "connection of the app");
  rotate->callback([&] { action = [&] { return RunConnectionRotateCertificate(g, name, r); }; });

  auto* expiring = conn.add_subcommand(
      "expiring",
      "Connections whose secret or certificate expires soon (exit 7 when any does, for "
      "monitoring)");
  expiring->add_option("--within", args.within,
                       "The window: 30d, 12h, 90m or seconds (default 30d)");
  expiring->callback([&] {
    action = [&]() -> Status {
      auto within = ParseWithin(args.within);
      if (!within) return Fail(within.error());
      return RunConnectionExpiring(g, *within);
    };
  });
}

}  // namespace

void AddConnectionCommands(CLI::App& root, ClientGlobal& g, ConnectionArgs& args, Action& action) {
  auto* conn =
      root.add_subcommand("connection",
                          "Outlook connections: tenant, app credential and mailbox (guide step 8)")
          ->require_subcommand(1);
  conn->add_flag("--json", g.json, "Print JSON for scripts");
  ConnectionAddOptions& add_options = args.add;
  std::string& name = args.name;
  std::string& send_test_to = args.send_test_to;
  std::string& expires = args.expires;
  SecretSource& rotate_source = args.rotate_source;
  auto* add = conn->add_subcommand(
      "add", "Save a connection (secret from stdin, a file or the environment; never argv)");
  add->add_option("name", add_options.name, "Connection name")->required();
  add->add_option("--tenant", add_options.tenant,
                  "Directory (tenant) ID or domain (default $AZURE_TENANT_ID)");
  add->add_option("--client-id", add_options.client_id,
                  "Application (client) ID (default $AZURE_CLIENT_ID)");
  add->add_option("--user-id", add_options.user_id, "The mailbox's primary SMTP address")
      ->required();
  AddSecretSource(*add, add_options.secret);
  add->add_option("--certificate", add_options.certificate_file,
                  "Certificate PEM (with its key, or give --private-key); default "
                  "$AZURE_CLIENT_CERTIFICATE_PATH");
  add->add_option("--private-key", add_options.private_key_file,
                  "Private key PEM for --certificate");
  add->add_option("--secret-expires", add_options.secret_expires,
                  "When the client secret expires (ISO 8601); the doctor warns 30 days ahead");
  add->add_option("--cloud", add_options.cloud,
                  "global, usgov, usgov-dod or china (default global)");
  add->add_option("--login-url", add_options.login_url,
                  "Explicit login base URL (default from --cloud or $AZURE_AUTHORITY_HOST)");
  add->add_option("--graph-url", add_options.graph_url,
                  "Explicit Graph base URL, e.g. https://localhost:8443/v1.0");
  add->add_option("--ca-file", add_options.ca_file, "Extra CA bundle to trust");
  add->add_flag("--sandbox", add_options.sandbox,
                "Use the running graphpost sandbox (its URLs and CA)");
  add->add_option("--sandbox-dir", add_options.sandbox_dir,
                  "The sandbox's state directory (with --sandbox)");
  add->callback([&] {
    action = [&] {
      if (add_options.sandbox_dir.empty()) add_options.sandbox_dir = DefaultSandboxDir();
      return RunConnectionAdd(g, add_options);
    };
  });
  conn->add_subcommand("list", "List saved connections")->callback([&] {
    action = [&] { return RunConnectionList(g); };
  });
  auto* show = conn->add_subcommand("show", "Show a connection (secrets masked)");
  show->add_option("name", name, "Connection name")->required();
  show->callback([&] { action = [&] { return RunConnectionShow(g, name); }; });
  auto* rm = conn->add_subcommand("remove", "Delete a connection");
  rm->add_option("name", name, "Connection name")->required();
  rm->callback([&] { action = [&] { return RunConnectionRemove(g, name); }; });
  auto* test = conn->add_subcommand(
      "test", "Connect and diagnose: ordered checks with the cause and the fix");
  test->add_option("name", name, "Connection name")->required();
  test->add_option("--send-test-to", send_test_to,
                   "Also send a real test message to this address and find it in Sent Items");
  test->callback([&] { action = [&] { return RunConnectionTest(g, name, send_test_to); }; });
  auto* rotate = conn->add_subcommand(
      "rotate-secret",
      "Save a new client secret (for every connection sharing the app credential)");
  rotate->add_option("name", name, "Connection name")->required();
  AddSecretSource(*rotate, rotate_source);
  rotate->add_option("--secret-expires", expires, "When the new secret expires (ISO 8601)");
  rotate->callback(
      [&] { action = [&] { return RunConnectionRotateSecret(g, name, rotate_source, expires); }; });
  AddChangeCommands(*conn, g, args, action);
}

Result<std::chrono::seconds> ParseWithin(std::string_view text) {
  auto d = gateway::ParseDuration(text);
  if (!d) {
    return Fail(ErrorCode::kInvalidArgument,
                "--within: '" + std::string(text) +
                    "' is not a duration (use e.g. 30d, 12h, 90m or a number of seconds)");
  }
  // The clock counts nanoseconds in 64 bits (until 2262): a longer window would overflow
  // now + window and wrap, and the command would say nothing expires.
  constexpr std::chrono::seconds kLongest = std::chrono::days{36500};
  if (*d > kLongest) {
    return Fail(ErrorCode::kInvalidArgument, "--within: '" + std::string(text) +
                                                 "' is longer than 100 years (36500d); give a "
                                                 "window like 30d");
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*d);
}

}  // namespace graphpost::cli
