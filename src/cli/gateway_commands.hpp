// cli/gateway_commands.hpp — `graphpost serve`, `graphpost apikey ...` and `graphpost queue ...`:
// plain functions over parsed options (cli_main.cpp owns the parsing). serve runs the gateway
// until SIGTERM/SIGINT; apikey and queue talk to the running gateway's API as the operator
// (cli/gateway_client.hpp). Each prints a table for people or JSON with --json and returns a
// Status for the exit code. Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/client_commands.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::cli {

struct ServeGatewayOptions {
  std::string config_file;  // TOML; empty = none
  bool check_config = false;
  bool demo = false;
  bool no_console = false;        // --no-console: console.enabled = false
  std::string demo_scenario;      // empty = scenarios/setup-guide.json (cwd, or beside the binary)
  std::vector<std::string> sets;  // "key=value", applied last
  // Flags with their own names; set when given.
  std::optional<std::string> host, tls_cert, tls_key, shutdown_deadline;
  std::optional<int> port;
  bool data_dir_given = false;  // --data-dir on the command line (else the configured one)
  std::string program;          // argv[0] resolved, for the printed commands
};

// Reads the configuration (file, GRAPHPOST_* environment, flags), then with check_config prints
// it and returns; otherwise runs the gateway (and with demo, the embedded sandbox) until a stop
// signal, then shuts down gracefully. kInvalidArgument for a configuration error.
[[nodiscard]] Status RunServe(const ClientGlobal& g, const ServeGatewayOptions& options);

// `graphpost console reset-token`: a new console admin token for the data directory, printed
// once on stdout; the running gateway accepts it at the next login (docs/console.md). Errors of
// the token file.
[[nodiscard]] Status RunConsoleResetToken(const ClientGlobal& g);

// What serve (first start) and reset-token print around a new console admin token: the token,
// that it is shown once, where its hash is kept, where to sign in (`console_url` empty: not
// known) and how to make a new one (`program` is this binary).
std::string PrintableConsoleToken(const Secret& token, const std::string& console_url,
                                  const std::filesystem::path& hash_file,
                                  const std::string& program);

struct ApiKeyCreateOptions {
  std::string name;
  std::vector<std::string> connections;
  bool admin = false;
};
// Prints the new key once (stdout), with its id.
[[nodiscard]] Status RunApiKeyCreate(const ClientGlobal& g, const ApiKeyCreateOptions& options);
[[nodiscard]] Status RunApiKeyList(const ClientGlobal& g);
[[nodiscard]] Status RunApiKeyRevoke(const ClientGlobal& g, const std::string& id);

struct QueueListOptions {
  std::string status, connection, sender, recipient, cursor;
  int limit = 50;
};
// The GET /v1/messages query for `options` (docs/gateway.md): limit, then each value given.
std::string QueueListQuery(const QueueListOptions& options);
[[nodiscard]] Status RunQueueList(const ClientGlobal& g, const QueueListOptions& options);
[[nodiscard]] Status RunQueueShow(const ClientGlobal& g, const std::string& id);
[[nodiscard]] Status RunQueueRetry(const ClientGlobal& g, const std::string& id);
[[nodiscard]] Status RunQueueCancel(const ClientGlobal& g, const std::string& id);
// Deletes delivered, failed, expired and cancelled messages finished more than `older_than`
// ago ("7d", "12h").
[[nodiscard]] Status RunQueuePurge(const ClientGlobal& g, const std::string& older_than);

struct BulkSendOptions {
  std::filesystem::path recipients_file;  // CSV
  std::filesystem::path template_file;    // message.toml
  std::filesystem::path results_file;     // empty = <recipients>.results.csv; *.json = JSON
  std::filesystem::path api_key_file;     // empty = the operator key of the data dir
  bool dry_run = false;
  bool wait = false;                              // follow delivery until every message is final
  int messages_per_minute = 0;                    // > 0: the ETA's rate instead of the gateway's
  std::size_t batch_size = 1000;                  // messages per POST /v1/messages/batch (1..1000)
  std::chrono::milliseconds poll_interval{1000};  // --wait
  bool progress_bar = false;                      // stderr is a terminal (read by the CLI edge)
};
// A mail merge queued through the running gateway (docs/gateway.md, "Bulk sending"): checks every
// row first (kInvalidArgument naming file and line), then submits batches with per-batch
// Idempotency-Keys, writes the results file, and with `wait` follows delivery with a paced ETA.
// kInvalidArgument when rows were rejected, kInternal when (with wait) some failed or expired.
[[nodiscard]] Status RunBulkSend(const ClientGlobal& g, const BulkSendOptions& options);

}  // namespace graphpost::cli
