// GatherSetupAnswers (setup_commands.hpp): the answers file, then the flags over it, then the
// prompts. A refusal names where the bad value came from: the flag, or the file.
#include <string_view>
#include <utility>

#include "cli/setup_commands.hpp"
#include "core/ascii.hpp"
#include "core/files.hpp"
#include "setup/prompts.hpp"

namespace graphpost::cli {
namespace {

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

Result<setup::Answers> ReadAnswersFile(const std::string& file) {
  auto text = ReadFileText(file);
  if (!text) return Fail(text.error().code, "--answers: " + text.error().message);
  return setup::ParseAnswersToml(*text, file);
}

// Each flag named in `given` replaces the file's value.
void ApplyFlags(const SetupOptions& o, setup::Answers& a) {
  auto given = [&](const char* name) { return o.given.count(name) > 0; };
  const setup::Answers& f = o.flags;
  if (given("tenant")) a.tenant = f.tenant;
  if (given("domain")) a.domains = f.domains;
  if (given("cloud")) a.cloud = f.cloud;
  if (given("app-name")) a.app_name = f.app_name;
  if (given("group")) a.group_name = f.group_name;
  if (given("credential")) a.credential = f.credential;
  if (given("credential-months")) a.credential_months = f.credential_months;
  if (given("mode")) a.mode = f.mode;
  if (given("admin-upn")) a.admin_upn = f.admin_upn;
}

// "ADDRESS[:KIND[:ALIAS_OF]]".
Result<setup::MailboxAnswer> ParseMailboxFlag(const std::string& text) {
  const auto parts = Split(text, ':');
  const std::string head = "--mailbox " + setup::QuoteValue(text) + ": ";
  if (parts.size() > 3) return Invalid(head + "give ADDRESS, ADDRESS:KIND or ADDRESS:alias:OF");
  setup::MailboxAnswer m{.address = std::string(parts[0])};
  if (parts.size() > 1) {
    auto kind = setup::ParseMailboxKind(parts[1]);
    if (!kind) return Invalid(head + kind.error().message);
    m.kind = *kind;
  }
  if (parts.size() > 2) m.alias_of = std::string(parts[2]);
  return m;
}

Status ApplyMailboxFlags(const std::vector<std::string>& flags, setup::Answers& a) {
  if (flags.empty()) return Ok();
  a.mailboxes.clear();
  for (const auto& text : flags) {
    auto m = ParseMailboxFlag(text);
    if (!m) return Fail(m.error());
    a.mailboxes.push_back(std::move(*m));
  }
  return Ok();
}

// The flag that sets the field a ValidateAnswers message starts with ("mailboxes[1].address").
std::string FlagOfField(std::string_view message) {
  static const std::pair<std::string_view, std::string_view> kFlags[] = {
      {"tenant", "tenant"},
      {"domains", "domain"},
      {"cloud", "cloud"},
      {"app_name", "app-name"},
      {"group_name", "group"},
      {"mailboxes", "mailbox"},
      {"credential_months", "credential-months"},
      {"admin_upn", "admin-upn"}};
  const auto end = message.find_first_of(".[:");
  const std::string_view field = message.substr(0, end);
  for (const auto& [name, flag] : kFlags) {
    if (field == name) return std::string(flag);
  }
  return "";
}

// The ValidateAnswers message with where the value came from in front.
std::string WithSource(const SetupOptions& o, const std::string& message) {
  const std::string flag = FlagOfField(message);
  const bool from_flag = flag == "mailbox" ? !o.mailbox_flags.empty() : o.given.count(flag) > 0;
  if (from_flag) return "--" + flag + ": " + message;
  if (!o.answers_file.empty()) return o.answers_file + ": " + message;
  return message + " (give --answers FILE or the flags; the questions need a terminal)";
}

}  // namespace

Result<setup::Answers> GatherSetupAnswers(const SetupOptions& options, std::istream& in,
                                          std::ostream& out) {
  setup::Answers answers;
  if (!options.answers_file.empty()) {
    auto file = ReadAnswersFile(options.answers_file);
    if (!file) return Fail(file.error());
    answers = std::move(*file);
  }
  ApplyFlags(options, answers);
  if (auto s = ApplyMailboxFlags(options.mailbox_flags, answers); !s) return Fail(s.error());
  if (options.prompt) return setup::AskAnswers(in, out, answers);
  if (auto s = setup::ValidateAnswers(answers); !s) {
    return Fail(s.error().code, WithSource(options, s.error().message));
  }
  return answers;
}

}  // namespace graphpost::cli
