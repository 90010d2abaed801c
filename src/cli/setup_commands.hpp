// cli/setup_commands.hpp — `graphpost setup` and `graphpost setup migrate` (docs/setup.md): plain
// functions over parsed options (cli_main.cpp owns the CLI11 parsing). Not thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cli/client_commands.hpp"
#include "core/result.hpp"
#include "setup/answers.hpp"
#include "setup/runbook.hpp"

namespace CLI {
class App;
}

namespace graphpost::cli {

struct SetupOptions {
  std::string answers_file;                // TOML; empty: flags, then prompts on a terminal
  setup::Answers flags;                    // values given as flags (they override the answers file)
  std::vector<std::string> mailbox_flags;  // --mailbox ADDRESS[:kind[:alias_of]] (repeat)
  bool prompt = false;                     // stdin is a terminal and no answers file: ask
  std::filesystem::path out_dir;           // the runbook folder; empty: ./graphpost-setup-<app>
  bool rehearse = false;        // run the runbook on an embedded blank sandbox, then the doctor
  bool force = false;           // overwrite a non-empty out_dir
  std::set<std::string> given;  // the flags given ("tenant", "mode", ...): they win over the file
};

// The answers of `options`: the answers file when given, then each flag in `given` over it, then
// --mailbox flags (replacing the file's mailboxes), then, when `prompt`, the prompts on in/out
// with all that as defaults. Validated (ValidateAnswers); its error names the file or flag.
[[nodiscard]] Result<setup::Answers> GatherSetupAnswers(const SetupOptions& options,
                                                        std::istream& in, std::ostream& out);

// Gathers the answers, builds the plan, writes the runbook (and, in certificate mode, the key pair:
// the certificate into the runbook, the private key 0600 into <data dir>/setup-keys/). With
// `rehearse`: starts a sandbox in <out_dir>/rehearsal/sandbox on a blank tenant, runs the plan
// there, adds the connections to the data directory <out_dir>/rehearsal/data, runs the doctor on
// each and prints the reports. Fails (kFailedPrecondition, exit 7) when a step or a connection
// fails, or when recommended mode ends with a `permissions` warning.
[[nodiscard]] Status RunSetup(const ClientGlobal& g, const SetupOptions& options, std::istream& in,
                              std::ostream& out);

// Writes a runbook's files into `dir` (setup::WriteRunbook), forgetting an earlier rehearsal of a
// setup runbook there. A folder holding other files is refused (kAlreadyExists, naming --force)
// unless `force`, which writes the runbook's files beside the others and deletes nothing. A `dir`
// that is a file is refused (kAlreadyExists) with or without `force`.
[[nodiscard]] Status WriteRunbookFiles(const std::filesystem::path& dir,
                                       const std::vector<setup::RunbookFile>& files, bool force);

struct MigrateOptions {
  std::string connection;
  std::string app_name, group_name;  // names for the new group and scope; empty: derived
  std::string canary;                // a mailbox outside the group that must be refused
  std::filesystem::path out_dir;     // the migration runbook; empty: ./graphpost-migrate-<name>
  bool rehearse = false;             // run it on the sandbox the connection points at
  double propagation_wait_seconds = 3600;  // how long Exchange may take (UNCONFIRMED: 30 min-2 h)
  bool force = false;
};

// Writes the migration runbook for the app of `connection`. With `rehearse` (the connection must
// point at a sandbox): runs phase 1, waits for propagation while probing every connection with
// the doctor (moving the sandbox's clock forward instead of sleeping), runs phases 2 and 3, then
// checks that no token carries a tenant-wide mail role, that every connection passes the doctor,
// and that the canary is refused. kFailedPrecondition naming the first check that failed.
[[nodiscard]] Status RunSetupMigrate(const ClientGlobal& g, const MigrateOptions& options,
                                     std::ostream& out);

// The flag values of `setup` and `setup migrate`, owned by cli::Run for one parse and run.
struct SetupArgs {
  SetupOptions setup;
  MigrateOptions migrate;
};

// Registers `setup` (setup_cli.cpp) on `root`, and through AddSetupMigrateCommand its `migrate`
// subcommand (setup_migrate_cli.cpp); the chosen one sets `action`.
void AddSetupCommands(CLI::App& root, ClientGlobal& g, SetupArgs& args,
                      std::function<Status()>& action);
void AddSetupMigrateCommand(CLI::App& setup, ClientGlobal& g, MigrateOptions& options,
                            std::function<Status()>& action);

}  // namespace graphpost::cli
