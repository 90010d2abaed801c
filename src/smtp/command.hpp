// smtp/command.hpp — one SMTP command line parsed into a value: the verb, its argument, and for
// MAIL / RCPT the path and ESMTP parameters (RFC 5321 §4.1, SIZE RFC 1870, BODY RFC 6152 and
// RFC 3030, SMTPUTF8 RFC 6531, DSN RFC 3461, AUTH= RFC 4954). Verbs and parameter names are
// case-insensitive. A malformed line gives the reply to send, whose text says what is wrong and
// where. Pure functions; the state rules (order of commands, limits) are the Session's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::smtp {

enum class Verb {
  kEhlo,
  kHelo,
  kMail,
  kRcpt,
  kData,
  kBdat,
  kRset,
  kNoop,
  kQuit,
  kVrfy,
  kExpn,
  kHelp,
  kAuth,
  kStartTls,
};

// MAIL FROM parameters. Values are normalised: keywords upper-case, xtext decoded.
struct MailParameters {
  std::optional<std::uint64_t> size;  // SIZE=
  std::string body;                   // "", "7BIT", "8BITMIME" or "BINARYMIME"
  bool smtputf8 = false;              // SMTPUTF8
  std::string ret;                    // "", "FULL" or "HDRS"
  std::string envid;                  // ENVID=, decoded
  std::string auth;                   // AUTH=, decoded ("<>" when the client gave none)
};

// RCPT TO parameters (DSN, RFC 3461).
struct RcptParameters {
  std::vector<std::string> notify;  // NOTIFY=: "NEVER" alone, or SUCCESS / FAILURE / DELAY
  std::string orcpt;                // ORCPT=, decoded ("rfc822;pat@example.com")
};

struct Command {
  Verb verb = Verb::kNoop;
  // EHLO / HELO: the client's name; VRFY / EXPN / HELP / NOOP: the rest of the line;
  // AUTH: the mechanism, upper-case.
  std::string argument;
  std::optional<std::string> initial_response;  // AUTH: the base64 initial response, as sent
  // MAIL / RCPT: the mailbox without <> and without a source route; "" = null sender (MAIL only).
  // A quoted local part keeps its quotes ("\"pat smith\"@example.com").
  std::string address;
  bool utf8_address = false;  // the address has non-ASCII (UTF-8) characters
  MailParameters mail;
  RcptParameters rcpt;
  std::uint64_t chunk_size = 0;  // BDAT
  bool last_chunk = false;       // BDAT ... LAST
};

// Why a line is not a valid command: the reply to send (enhanced code included), and the verb
// when the line started with a known one.
struct CommandError {
  std::optional<Verb> verb;
  Reply reply;
};

// Parses one command line, without its CRLF. Errors: 500 5.5.1 unknown command, 500 5.5.2
// non-ASCII or control characters in the line, 501 5.5.4 bad arguments, 501 5.1.7 / 5.1.3 bad
// sender / recipient address, 555 5.5.4 an unknown MAIL / RCPT parameter, 553 5.6.7 a UTF-8
// address in MAIL without SMTPUTF8.
[[nodiscard]] Expected<Command, CommandError> ParseCommand(std::string_view line);

// The verb as written in replies ("MAIL", "STARTTLS").
std::string_view VerbName(Verb verb);

}  // namespace graphpost::smtp
