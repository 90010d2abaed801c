// CLI11 wiring of `graphpost setup migrate CONNECTION` (setup_commands.hpp); the command itself is
// in setup_migrate.cpp.
#include <charconv>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/setup_commands.hpp"

namespace graphpost::cli {
namespace {

// "5400", "90s", "30m" or "2h" as seconds; nullopt for anything else (or zero).
std::optional<double> ParseWait(const std::string& text) {
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n <= 0) return std::nullopt;
  std::string_view unit(end, text.data() + text.size() - end);
  if (unit.empty() || unit == "s") return static_cast<double>(n);
  if (unit == "m") return static_cast<double>(n) * 60;
  if (unit == "h") return static_cast<double>(n) * 3600;
  return std::nullopt;
}

}  // namespace

void AddSetupMigrateCommand(CLI::App& setup, ClientGlobal& g, MigrateOptions& options,
                            std::function<Status()>& action) {
  auto* migrate = setup.add_subcommand(
      "migrate",
      "Move the app of a connection from the tenant-wide Entra grant (or an Application Access "
      "Policy) to Exchange RBAC for Applications only: writes the runbook; --rehearse runs it on "
      "the sandbox with its checks");
  migrate->add_option("connection", options.connection, "A connection of the app to migrate")
      ->required();
  migrate->add_option("--app-name", options.app_name,
                      "The app's name in the new group and scope (default: graphpost app "
                      "<client ID's first 8 characters>)");
  migrate->add_option("--group,--group-name", options.group_name,
                      "The mail-enabled security group for the mailboxes (default: "
                      "\"<app name> Senders\")");
  migrate->add_option("--canary", options.canary,
                      "With --rehearse: a mailbox outside the group that must be refused "
                      "(default: one of the tenant's other mailboxes)");
  migrate->add_option("--out", options.out_dir,
                      "The runbook folder (default: ./graphpost-migrate-<connection>)");
  migrate->add_flag("--rehearse", options.rehearse,
                    "Run the migration on the sandbox the connection points at, then check it");
  migrate
      ->add_option_function<std::string>(
          "--propagation-wait",
          [&options](const std::string& text) {
            auto seconds = ParseWait(text);
            if (!seconds) {
              throw CLI::ValidationError("--propagation-wait",
                                         "'" + text + "' is not a duration: seconds, or 30m, 2h");
            }
            options.propagation_wait_seconds = *seconds;
          },
          "How long Exchange may take to apply the scope: seconds, or 30m, 2h (default 1h)")
      ->type_name("DURATION");
  migrate->add_flag("--force", options.force,
                    "Write the runbook into a folder that holds other files too (they stay)");
  migrate->callback([&] { action = [&] { return RunSetupMigrate(g, options, std::cout); }; });
}

}  // namespace graphpost::cli
