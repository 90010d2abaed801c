// cli/smtp_account_commands.hpp — `graphpost smtp-account add | list | remove | set-password`
// through the running gateway's operator routes (docs/cli.md; docs/smtp.md, "Accounts and who may
// submit"). The password is hashed here with Argon2id and only the hash is sent, so it never
// travels; it never appears in argv either: it is generated (and printed once) or read from
// standard input. Plain functions over parsed options; AddSmtpAccountCommands (CLI11, in
// smtp_account_cli.cpp) declares the flags. Not thread-safe.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "cli/client_commands.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace CLI {
class App;
}

namespace graphpost::cli {

struct SmtpAccountOptions {
  std::string name;
  std::vector<std::string> connections;  // add: at least one
  std::vector<std::string> senders;      // add: extra addresses or @domains
  bool password_stdin = false;           // else a password is generated and shown once
};

// The flag values of every smtp-account subcommand, owned by cli::Run for one parse and run.
struct SmtpAccountArgs {
  SmtpAccountOptions options;
};

// Registers `smtp-account` and its subcommands on `root`; the chosen one sets `action`.
void AddSmtpAccountCommands(CLI::App& root, ClientGlobal& g, SmtpAccountArgs& args,
                            std::function<Status()>& action);

// A generated password: 24 characters of lower-case base32 (a-z, 2-7; 120 bits from `random`),
// easy to type on a printer's panel.
Secret GeneratePassword(Random& random);

// A password read from `in` (surrounding whitespace and the trailing newline removed).
// kInvalidArgument when it is shorter than 12 characters or longer than 1,024 bytes (the message
// never repeats it).
[[nodiscard]] Result<Secret> ReadPassword(std::istream& in);

// Hashes the password (generated, or from `in` with password_stdin) and creates the account; a
// generated password is printed once. kAlreadyExists when the name is taken; kInvalidArgument
// for an unknown connection (named); kUnavailable when no gateway runs.
[[nodiscard]] Status RunSmtpAccountAdd(const ClientGlobal& g, const SmtpAccountOptions& options,
                                       std::istream& in);
// A table of the accounts (name, connections, senders, dates), or JSON with --json.
[[nodiscard]] Status RunSmtpAccountList(const ClientGlobal& g);
// kNotFound for an unknown name.
[[nodiscard]] Status RunSmtpAccountRemove(const ClientGlobal& g, const std::string& name);
// As add: a new password, generated or from `in`. kNotFound for an unknown name.
[[nodiscard]] Status RunSmtpAccountSetPassword(const ClientGlobal& g,
                                               const SmtpAccountOptions& options, std::istream& in);

}  // namespace graphpost::cli
