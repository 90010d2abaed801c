// The flags of `graphpost smtp-account ...` (CLI11); the commands are in smtp_account_commands.cpp.
// Its own translation unit so cli_main.cpp does not grow with every command group.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/smtp_account_commands.hpp"

namespace graphpost::cli {

void AddSmtpAccountCommands(CLI::App& root, ClientGlobal& g, SmtpAccountArgs& args,
                            std::function<Status()>& action) {
  SmtpAccountOptions& o = args.options;
  auto* group = root.add_subcommand("smtp-account",
                                    "SMTP accounts of the running gateway: what devices and apps "
                                    "log in with over SMTP AUTH (as the operator)")
                    ->require_subcommand(1);
  group->add_flag("--json", g.json, "Print JSON for scripts");
  const char* stdin_help =
      "Read the password from standard input (else a strong one is generated and shown once)";

  auto* add = group->add_subcommand("add", "Make an account; a generated password is shown once");
  add->add_option("name", o.name, "The AUTH user name (letters, digits, . _ - @ +)")->required();
  add->add_option("--connection", o.connections, "A connection it may send through (repeat)")
      ->required();
  add->add_option("--sender", o.senders,
                  "Another sender address or @domain it may use beyond the connections' "
                  "mailboxes (repeat)");
  add->add_flag("--password-stdin", o.password_stdin, stdin_help);
  add->callback([&] { action = [&] { return RunSmtpAccountAdd(g, o, std::cin); }; });

  group->add_subcommand("list", "List accounts (never a password or its hash)")->callback([&] {
    action = [&] { return RunSmtpAccountList(g); };
  });

  auto* remove = group->add_subcommand("remove", "Remove an account; its next login fails");
  remove->add_option("name", o.name, "The account's name")->required();
  remove->callback([&] { action = [&] { return RunSmtpAccountRemove(g, o.name); }; });

  auto* set = group->add_subcommand("set-password", "Give an account a new password");
  set->add_option("name", o.name, "The account's name")->required();
  set->add_flag("--password-stdin", o.password_stdin, stdin_help);
  set->callback([&] { action = [&] { return RunSmtpAccountSetPassword(g, o, std::cin); }; });
}

}  // namespace graphpost::cli
