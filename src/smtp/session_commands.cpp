// Session: command lines other than AUTH, DATA and BDAT (session_auth.cpp, session_data.cpp).
#include <algorithm>
#include <string>

#include "core/ascii.hpp"
#include "smtp/internal/session_impl.hpp"

namespace graphpost::smtp {

bool Session::Impl::PumpCommand() {
  const LineTake take = TakeLine(CommandLineLimit());
  switch (take.kind) {
    case LineTake::Kind::kNeedMore:
      return false;
    case LineTake::Kind::kTooLong:
      ++counters.commands;
      Refuse(500, "5.5.6",
             "Line too long (the limit is " + std::to_string(config.limits.max_command_line) +
                 " bytes)");
      return true;
    case LineTake::Kind::kLine:
      OnCommandLine(take.line);
      return true;
  }
  return false;
}

void Session::Impl::OnCommandLine(std::string_view line) {
  if (++counters.commands > config.limits.max_commands) {
    CloseWith(421, "4.7.0", config.hostname + " Too many commands in one session; closing");
    return;
  }
  auto command = ParseCommand(line);
  if (!command) {
    OnBadCommand(command.error());
    return;
  }
  Dispatch(*command);
}

void Session::Impl::OnBadCommand(const CommandError& error) {
  if (error.verb == Verb::kBdat) {
    // Without the chunk's size its bytes cannot be told from commands: stop reading.
    Say(error.reply);
    CloseWith(421, "4.5.0", config.hostname + " Cannot find the end of the BDAT chunk; closing");
    return;
  }
  Refuse(error.reply.code, error.reply.enhanced, error.reply.text);
}

void Session::Impl::Dispatch(const Command& command) {
  switch (command.verb) {
    case Verb::kEhlo:
    case Verb::kHelo:
      return OnHello(command);
    case Verb::kMail:
      return OnMail(command);
    case Verb::kRcpt:
      return OnRcpt(command);
    case Verb::kData:
      return OnData();
    case Verb::kBdat:
      return OnBdat(command);
    case Verb::kAuth:
      return OnAuth(command);
    case Verb::kStartTls:
      return OnStartTls();
    case Verb::kHelp:
      return OnHelp();
    case Verb::kRset:
      ResetTransaction();
      return Say(250, "2.0.0", "OK");
    case Verb::kNoop:
      return Say(250, "2.0.0", "OK");
    case Verb::kQuit:
      return CloseWith(221, "2.0.0", config.hostname + " closing connection");
    case Verb::kVrfy:
      return Say(252, "2.5.0", "Cannot VRFY a user, but will accept the message and try delivery");
    case Verb::kExpn:
      return Refuse(502, "5.5.1", "EXPN is not supported");
  }
}

bool Session::Impl::NeedHello() {
  if (hello != Hello::kNone) return false;
  Refuse(503, "5.5.1", "Send EHLO or HELO first");
  return true;
}

void Session::Impl::OnHello(const Command& command) {
  ResetTransaction();
  hello = command.verb == Verb::kEhlo ? Hello::kEhlo : Hello::kHelo;
  if (hello == Hello::kHelo) return Say(250, "", config.hostname);
  std::vector<std::string> lines{
      config.hostname, "PIPELINING", "SIZE " + std::to_string(config.limits.max_message_bytes),
      "8BITMIME",      "SMTPUTF8",   "ENHANCEDSTATUSCODES",
      "CHUNKING",      "DSN"};
  if (config.tls_available && !config.tls_active) lines.push_back("STARTTLS");
  if (config.auth_offered && (config.tls_active || config.auth_without_tls)) {
    lines.push_back("AUTH PLAIN LOGIN");
  }
  SayLines(250, "", lines);
}

void Session::Impl::OnMail(const Command& command) {
  if (NeedHello()) return;
  if (tx.active) return Refuse(503, "5.5.1", "Nested MAIL command; send RSET to start over");
  if (counters.messages_accepted + counters.messages_refused >= config.limits.max_messages) {
    return CloseWith(421, "4.7.0",
                     config.hostname + " Too many messages in one session; reconnect");
  }
  if (!authenticated && !config.anonymous) {
    const bool tls_first = !config.tls_active && !config.auth_without_tls && config.tls_available;
    return Refuse(530, "5.7.0",
                  tls_first ? "Authentication required; send STARTTLS, then AUTH"
                            : "Authentication required");
  }
  const std::uint64_t max = config.limits.max_message_bytes;
  if (command.mail.size && *command.mail.size > max) {
    return Refuse(552, "5.3.4",
                  "Message size exceeds the limit of " + std::to_string(max) + " bytes");
  }
  if (!authenticated) principal = config.anonymous;
  tx = Transaction{.active = true, .mail_from = command.address, .params = command.mail};
  Say(250, "2.1.0", "Sender <" + command.address + "> OK");
}

void Session::Impl::OnRcpt(const Command& command) {
  if (NeedHello()) return;
  if (!tx.active) return Refuse(503, "5.5.1", "Send MAIL first");
  if (tx.chunked) return Refuse(503, "5.5.1", "RCPT cannot follow BDAT; send RSET to start over");
  if (command.utf8_address && !tx.params.smtputf8) {
    return Refuse(553, "5.6.7",
                  "The recipient address has non-ASCII characters; add SMTPUTF8 to MAIL FROM");
  }
  const bool duplicate =
      std::any_of(tx.rcpt_to.begin(), tx.rcpt_to.end(),
                  [&](const std::string& r) { return AsciiIEquals(r, command.address); });
  if (!duplicate && tx.rcpt_to.size() >= static_cast<std::size_t>(config.limits.max_recipients)) {
    // RFC 5321 §4.5.3.1.10: 452, and the client sends the rest in another transaction. Not an
    // error: a well-behaved client with a long list gets here.
    return Say(452, "4.5.3", "Too many recipients; send the rest in another message");
  }
  if (!duplicate) tx.rcpt_to.push_back(command.address);
  Say(250, "2.1.5", "Recipient <" + command.address + "> OK");
}

void Session::Impl::OnStartTls() {
  if (config.tls_active) return Refuse(503, "5.5.1", "TLS is already active");
  if (!config.tls_available) return Refuse(502, "5.5.1", "STARTTLS is not available");
  Say(220, "2.0.0", "Ready to start TLS");
  // Anything pipelined after STARTTLS came in clear text: drop it (CVE-2011-0411).
  in.clear();
  pos = 0;
  Wait(Next::kStartTls);
}

void Session::Impl::OnHelp() {
  SayLines(214, "2.0.0",
           {"graphpost SMTP submission; commands:",
            "EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP AUTH STARTTLS"});
}

}  // namespace graphpost::smtp
