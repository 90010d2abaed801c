#include "smtp/command.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include "core/ascii.hpp"
#include "smtp/internal/address_parser.hpp"
#include "smtp/internal/esmtp_params.hpp"

namespace graphpost::smtp {
namespace {

struct VerbEntry {
  std::string_view name;
  Verb verb;
};
constexpr VerbEntry kVerbs[] = {
    {"EHLO", Verb::kEhlo}, {"HELO", Verb::kHelo},         {"MAIL", Verb::kMail},
    {"RCPT", Verb::kRcpt}, {"DATA", Verb::kData},         {"BDAT", Verb::kBdat},
    {"RSET", Verb::kRset}, {"NOOP", Verb::kNoop},         {"QUIT", Verb::kQuit},
    {"VRFY", Verb::kVrfy}, {"EXPN", Verb::kExpn},         {"HELP", Verb::kHelp},
    {"AUTH", Verb::kAuth}, {"STARTTLS", Verb::kStartTls},
};

using Parsed = Expected<Command, CommandError>;

tl::unexpected<CommandError> Refuse(std::optional<Verb> verb, int code, std::string enhanced,
                                    std::string text) {
  return tl::unexpected<CommandError>(
      CommandError{verb, Reply{code, std::move(enhanced), std::move(text)}});
}

std::string_view SkipSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

std::optional<std::size_t> ControlCharacterAt(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c == 0x7f) return i;
  }
  return std::nullopt;
}

// "FROM:" / "TO:" then the path (a space after the colon is tolerated, as most servers do).
Expected<std::pair<internal::ParsedPath, std::string_view>, CommandError> PathAfter(
    Verb verb, std::string_view args, std::string_view keyword) {
  const bool sender = verb == Verb::kMail;
  const std::string usage = sender ? "Syntax: MAIL FROM:<address> [parameters]"
                                   : "Syntax: RCPT TO:<address> [parameters]";
  if (!AsciiIStartsWith(args, keyword)) return Refuse(verb, 501, "5.5.4", usage);
  std::string_view rest = SkipSpaces(args.substr(keyword.size()));
  auto path = internal::ParsePath(
      rest, sender ? internal::PathKind::kSender : internal::PathKind::kRecipient);
  if (!path) {
    return Refuse(
        verb, 501, sender ? "5.1.7" : "5.1.3",
        std::string(sender ? "Bad sender address: " : "Bad recipient address: ") + path.error());
  }
  rest.remove_prefix(path->consumed);
  if (!rest.empty() && rest.front() != ' ') {
    return Refuse(verb, 501, "5.5.4", "Expected a space or the end of the line after the address");
  }
  return std::pair{std::move(*path), rest};
}

Parsed ParseMail(std::string_view args) {
  auto path = PathAfter(Verb::kMail, args, "FROM:");
  if (!path) return tl::unexpected<CommandError>(path.error());
  auto params = internal::ParseMailParameters(path->second);
  if (!params) return tl::unexpected<CommandError>(CommandError{Verb::kMail, params.error()});
  if (path->first.utf8 && !params->smtputf8) {
    return Refuse(Verb::kMail, 553, "5.6.7",
                  "The sender address has non-ASCII characters; add SMTPUTF8 to MAIL FROM");
  }
  Command command{.verb = Verb::kMail};
  command.address = std::move(path->first.address);
  command.utf8_address = path->first.utf8;
  command.mail = std::move(*params);
  return command;
}

Parsed ParseRcpt(std::string_view args) {
  auto path = PathAfter(Verb::kRcpt, args, "TO:");
  if (!path) return tl::unexpected<CommandError>(path.error());
  auto params = internal::ParseRcptParameters(path->second);
  if (!params) return tl::unexpected<CommandError>(CommandError{Verb::kRcpt, params.error()});
  Command command{.verb = Verb::kRcpt};
  command.address = std::move(path->first.address);
  command.utf8_address = path->first.utf8;
  command.rcpt = std::move(*params);
  return command;
}

Parsed ParseBdat(std::string_view args) {
  auto usage = [] { return Refuse(Verb::kBdat, 501, "5.5.4", "Syntax: BDAT <size> [LAST]"); };
  const std::size_t space = args.find(' ');
  const std::string_view size = args.substr(0, space);
  const std::string_view rest =
      space == std::string_view::npos ? std::string_view() : SkipSpaces(args.substr(space));
  Command command{.verb = Verb::kBdat};
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), command.chunk_size);
  if (size.empty() || ec != std::errc() || end != size.data() + size.size()) return usage();
  if (!rest.empty() && !AsciiIEquals(rest, "LAST")) return usage();
  command.last_chunk = !rest.empty();
  return command;
}

Parsed ParseAuth(std::string_view args) {
  if (args.empty())
    return Refuse(Verb::kAuth, 501, "5.5.4", "Syntax: AUTH <mechanism> [initial-response]");
  const std::size_t space = args.find(' ');
  Command command{.verb = Verb::kAuth};
  for (char c : args.substr(0, space)) {
    command.argument.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (space != std::string_view::npos) {
    const std::string_view initial = SkipSpaces(args.substr(space));
    if (initial.empty() || initial.find(' ') != std::string_view::npos) {
      return Refuse(Verb::kAuth, 501, "5.5.4", "Syntax: AUTH <mechanism> [initial-response]");
    }
    command.initial_response = std::string(initial);
  }
  return command;
}

Parsed ParseArguments(Verb verb, std::string_view args) {
  switch (verb) {
    case Verb::kMail:
      return ParseMail(args);
    case Verb::kRcpt:
      return ParseRcpt(args);
    case Verb::kBdat:
      return ParseBdat(args);
    case Verb::kAuth:
      return ParseAuth(args);
    case Verb::kData:
    case Verb::kRset:
    case Verb::kQuit:
    case Verb::kStartTls:
      if (!args.empty()) {
        return Refuse(verb, 501, "5.5.4", std::string(VerbName(verb)) + " takes no arguments");
      }
      break;
    case Verb::kEhlo:
    case Verb::kHelo:
      if (args.empty()) {
        return Refuse(verb, 501, "5.5.4",
                      std::string(VerbName(verb)) + " needs your host name: " +
                          std::string(VerbName(verb)) + " client.example.com");
      }
      break;
    case Verb::kVrfy:
    case Verb::kExpn:
      if (args.empty())
        return Refuse(verb, 501, "5.5.4", std::string(VerbName(verb)) + " needs an address");
      break;
    case Verb::kNoop:
    case Verb::kHelp:
      break;
  }
  return Command{.verb = verb, .argument = std::string(args)};
}

}  // namespace

Expected<Command, CommandError> ParseCommand(std::string_view line) {
  if (auto at = ControlCharacterAt(line)) {
    return Refuse(std::nullopt, 500, "5.5.2",
                  "Control character in the command at character " + std::to_string(*at + 1));
  }
  const std::size_t space = line.find(' ');
  const std::string_view name = line.substr(0, space);
  std::string_view args =
      space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  while (!args.empty() && args.back() == ' ') args.remove_suffix(1);
  for (const VerbEntry& entry : kVerbs) {
    if (AsciiIEquals(name, entry.name)) return ParseArguments(entry.verb, SkipSpaces(args));
  }
  if (name.empty()) return Refuse(std::nullopt, 500, "5.5.2", "Empty command");
  return Refuse(std::nullopt, 500, "5.5.1", "Unknown command");
}

std::string_view VerbName(Verb verb) {
  for (const VerbEntry& entry : kVerbs) {
    if (entry.verb == verb) return entry.name;
  }
  return "?";
}

}  // namespace graphpost::smtp
