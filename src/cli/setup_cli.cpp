// CLI11 wiring of `graphpost setup` (setup_commands.hpp): its flags, which of them were given, and
// whether to ask on the terminal. The command is RunSetup (setup_commands.cpp); `setup migrate` is
// wired in setup_migrate_cli.cpp.
#include <unistd.h>

#include <iostream>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/setup_commands.hpp"

namespace graphpost::cli {
namespace {

// An option whose text goes through `parse` (ParseMode, ParseCredentialKind); a refusal is a
// usage error naming the flag.
template <class T, class ParseFn>
CLI::Option* AddEnumOption(CLI::App& cmd, const std::string& flag, T& out, ParseFn parse,
                           const std::string& help) {
  return cmd
      .add_option_function<std::string>(
          flag,
          [&out, flag, parse](const std::string& text) {
            auto value = parse(text);
            if (!value) throw CLI::ValidationError(flag, value.error().message);
            out = *value;
          },
          help)
      ->type_name("NAME");
}

// The options whose values are answers; their names go into SetupOptions::given.
std::vector<std::pair<std::string, CLI::Option*>> AddAnswerFlags(CLI::App& cmd, SetupOptions& o) {
  setup::Answers& f = o.flags;
  return {
      {"tenant", cmd.add_option("--tenant", f.tenant,
                                "The tenant: its directory (tenant) ID or a domain like "
                                "company.com")},
      {"domain", cmd.add_option("--domain", f.domains,
                                "A mail domain of the tenant (repeat; default: the tenant when "
                                "it is a domain)")},
      {"cloud", cmd.add_option("--cloud", f.cloud, "global, usgov, usgov-dod or china")},
      {"app-name", cmd.add_option("--app-name", f.app_name, "The app registration's name")},
      {"group", cmd.add_option("--group", f.group_name,
                               "The mail-enabled security group of the sending mailboxes "
                               "(default: \"<app name> Senders\")")},
      {"credential", AddEnumOption(cmd, "--credential", f.credential, setup::ParseCredentialKind,
                                   "client-secret, or certificate (the key pair is made here)")},
      {"credential-months", cmd.add_option("--credential-months", f.credential_months,
                                           "Months the credential stays valid (1 to 24)")},
      {"mode", AddEnumOption(cmd, "--mode", f.mode, setup::ParseMode,
                             "recommended (RBAC for Applications only) or as-the-guide (adds "
                             "tenant-wide Entra Mail.Send; the app can send as ANY mailbox)")},
      {"admin-upn", cmd.add_option("--admin-upn", f.admin_upn,
                                   "The admin for Connect-ExchangeOnline -UserPrincipalName")},
  };
}

}  // namespace

void AddSetupCommands(CLI::App& root, ClientGlobal& g, SetupArgs& args,
                      std::function<Status()>& action) {
  SetupOptions& o = args.setup;
  auto* setup = root.add_subcommand(
      "setup",
      "Generate the setup guide's runbook for a tenant (Entra and Exchange PowerShell, portal "
      "steps, connection lines); --rehearse runs it on an embedded sandbox. Asks on a terminal");
  setup->add_option("--answers", o.answers_file, "An answers file (TOML); flags override it")
      ->type_name("FILE");
  auto answer_flags = AddAnswerFlags(*setup, o);
  setup
      ->add_option("--mailbox", o.mailbox_flags,
                   "A sending mailbox: ADDRESS, ADDRESS:KIND (user, shared, alias) or "
                   "ADDRESS:alias:MAILBOX (repeat; replaces the answers file's)")
      ->type_name("ADDRESS[:KIND[:OF]]");
  setup->add_option("--out", o.out_dir, "The runbook folder (default: ./graphpost-setup-<app>)")
      ->type_name("DIR");
  setup->add_flag("--rehearse", o.rehearse,
                  "Run the runbook on an embedded blank sandbox, then the doctor on each "
                  "connection");
  setup->add_flag("--force", o.force, "Write into a runbook folder that is not empty");
  setup->add_flag("--json", g.json, "Print JSON for scripts");
  setup->callback([&o, &g, &action, setup, answer_flags] {
    if (!setup->get_subcommands().empty()) return;  // `setup migrate` set its own action
    for (const auto& [name, option] : answer_flags) {
      if (option->count() > 0) o.given.insert(name);
    }
    o.prompt = ::isatty(STDIN_FILENO) == 1 && o.answers_file.empty() && o.mailbox_flags.empty();
    action = [&o, &g] { return RunSetup(g, o, std::cin, std::cout); };
  });
  AddSetupMigrateCommand(*setup, g, args.migrate, action);
}

}  // namespace graphpost::cli
