// cli/sandbox_commands.hpp — what `graphpost sandbox ...` does, as plain functions over parsed
// options (cli_main.cpp owns the CLI11 parsing). Each prints its result (a table for people, or
// JSON with --json) and returns a Status for the exit code. Not thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace graphpost::cli {

struct SandboxGlobal {
  std::filesystem::path state_dir;
  std::string tenant;  // empty: the only tenant
  bool json = false;
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  int threads = 2;
  std::string scenario;
  bool reset = false;
  bool fsync = false;                 // flush the mail journal to disk before each answer
  std::vector<std::string> settings;  // key=value
};

// The settings patch of `--set name=value` flags (serve and settings): each value must be a whole
// finite number. kInvalidArgument naming the flag and the value otherwise.
[[nodiscard]] Result<boost::json::object> SettingsPatch(const std::vector<std::string>& settings);

// Runs the sandbox until SIGINT or SIGTERM.
[[nodiscard]] Status RunSandboxServe(const SandboxGlobal& global, const ServeOptions& options);
[[nodiscard]] Status RunSandboxStatus(const SandboxGlobal& global);

// A generic admin call: METHOD on /_sandbox/tenants/<tenant>/<path> (or /_sandbox/<path> when
// `tenant_scoped` is false) with an optional JSON body; the reply is printed as a table with
// `columns` taken from the array found under `list_key` (or as a list for a single object).
struct AdminCall {
  std::string method = "GET";
  std::string path;
  bool tenant_scoped = true;
  std::string body_json;  // empty: none
  std::string list_key;   // e.g. "tenants"; empty: the reply is one object
  std::vector<std::string> columns;
};
[[nodiscard]] Status RunAdminCall(const SandboxGlobal& global, const AdminCall& call);

// `graphpost sandbox deliveries [--header X-Graphpost-Id]`: how many copies of each message
// (by that header's value) are in Inboxes, Sent Items and the internet sink, across tenants.
// Prints totals and the values with more than one copy in a place; --json prints the admin API's
// reply (docs/sandbox.md "Counting deliveries").
[[nodiscard]] Status RunSandboxDeliveries(const SandboxGlobal& global, const std::string& header);

// `graphpost sandbox exo <Cmdlet> [-Param value]...`: PowerShell-style arguments.
[[nodiscard]] Status RunExoCmdlet(const SandboxGlobal& global, const std::string& cmdlet,
                                  const std::vector<std::string>& args);

// Adds a client secret and prints its value once (or writes it to `value_file`, mode 0600).
[[nodiscard]] Status RunAddSecret(const SandboxGlobal& global, const std::string& app_id,
                                  const std::string& body_json, const std::string& value_file);

// Parses PowerShell-style cmdlet arguments: a leading bare value is -Identity; "-Name value",
// "-Name:value"; a parameter followed by another parameter (or nothing) is a switch ("true").
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> ParseCmdletArgs(
    const std::vector<std::string>& args);

}  // namespace graphpost::cli
