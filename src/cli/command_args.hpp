// cli/command_args.hpp — the flag values of the sandbox and connection commands, as plain structs
// that cli::Run owns for one parse and run (CLI11 writes into them; the chosen command reads them),
// so no flag lives in function-static storage. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/client_commands.hpp"

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
};

}  // namespace graphpost::cli
