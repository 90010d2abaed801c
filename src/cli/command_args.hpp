// cli/command_args.hpp — the flag values of the sandbox and connection commands, as plain structs
// that cli::Run owns for one parse and run (CLI11 writes into them; the chosen command reads them),
// so no flag lives in function-static storage. AddConnectionCommands (connection_cli.cpp) declares
// the connection commands' flags. Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/client_commands.hpp"
#include "core/result.hpp"

namespace CLI {
class App;
}

namespace graphpost::cli {

struct TenantArgs {
  std::string name, prefix, domain;
};
struct AppArgs {
  std::string app_id, name, value, key_id, cert_file, value_file, end;
  int months = 12;
  bool delegated = false;
};
struct MailArgs {
  std::string upn, name, mailbox, folder = "inbox";
  bool no_license = false;
};
struct OperationArgs {
  std::size_t limit = 50;
  std::uint64_t after = 0;
  std::vector<std::string> sets;
  std::string fault_json;
};
struct SandboxArgs {
  TenantArgs tenant;
  AppArgs app;
  MailArgs mail;
  OperationArgs operation;
  std::string cmdlet;
};
struct ConnectionArgs {
  ConnectionAddOptions add;
  std::string name, send_test_to, expires;
  SecretSource rotate_source;
  ConnectionEditOptions edit;
  RotateCertificateOptions rotate_certificate;
  std::string within = "30d";  // connection expiring --within
};

// Registers `connection` and its subcommands on `root`; the chosen one sets `action`.
void AddConnectionCommands(CLI::App& root, ClientGlobal& g, ConnectionArgs& args,
                           std::function<Status()>& action);

// The window of `connection expiring --within`: "30d", "12h", "90m", "45s" or a bare number of
// seconds. kInvalidArgument (naming the flag and the accepted forms) when malformed or negative,
// or longer than 100 years (now + the window must stay inside the clock's range).
[[nodiscard]] Result<std::chrono::seconds> ParseWithin(std::string_view text);

}  // namespace graphpost::cli
