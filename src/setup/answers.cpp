// The answers' enums and the names derived from them. Checks are in answers_check.cpp, the TOML
// file in answers_toml.cpp.
#include "setup/answers.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"

namespace graphpost::setup {

std::string_view ModeName(Mode mode) {
  return mode == Mode::kRecommended ? "recommended" : "as-the-guide";
}

Result<Mode> ParseMode(std::string_view text) {
  std::string t = AsciiLower(text);
  if (t == "recommended") return Mode::kRecommended;
  if (t == "as-the-guide" || t == "guide") return Mode::kAsTheGuide;
  return Fail(ErrorCode::kInvalidArgument,
              "mode: " + QuoteValue(text) + " is neither 'recommended' nor 'as-the-guide'");
}

std::string_view CredentialKindName(CredentialKind kind) {
  return kind == CredentialKind::kClientSecret ? "client-secret" : "certificate";
}

Result<CredentialKind> ParseCredentialKind(std::string_view text) {
  std::string t = AsciiLower(text);
  if (t == "client-secret" || t == "secret") return CredentialKind::kClientSecret;
  if (t == "certificate" || t == "cert") return CredentialKind::kCertificate;
  return Fail(ErrorCode::kInvalidArgument,
              "credential: " + QuoteValue(text) + " is neither 'client-secret' nor 'certificate'");
}

std::string_view MailboxKindName(MailboxKind kind) {
  switch (kind) {
    case MailboxKind::kUser:
      return "user";
    case MailboxKind::kShared:
      return "shared";
    case MailboxKind::kAlias:
      return "alias";
  }
  return "user";
}

Result<MailboxKind> ParseMailboxKind(std::string_view text) {
  std::string t = AsciiLower(text);
  if (t == "user") return MailboxKind::kUser;
  if (t == "shared") return MailboxKind::kShared;
  if (t == "alias") return MailboxKind::kAlias;
  return Fail(ErrorCode::kInvalidArgument,
              "kind: " + QuoteValue(text) + " is not one of user, shared, alias");
}

std::string GroupName(const Answers& answers) {
  return answers.group_name.empty() ? answers.app_name + " Senders" : answers.group_name;
}

std::string QuoteValue(std::string_view text) {
  constexpr size_t kShown = 64;
  size_t chars = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == kShown) cut = std::min(cut, i);
    ++chars;
  }
  if (chars <= kShown) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, cut)) + "...' (" + std::to_string(chars) + " characters)";
}

std::string GroupAlias(const Answers& answers) {
  std::string out;
  for (char c : GroupName(answers)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out.empty() ? "senders" : out;
}

std::string ScopeName(const Answers& answers) { return GroupName(answers) + " Scope"; }

std::string AssignmentName(const Answers& answers) { return answers.app_name + " Mail.Send"; }

std::string SendingAddress(const MailboxAnswer& mailbox) {
  return mailbox.kind == MailboxKind::kAlias && !mailbox.alias_of.empty() ? mailbox.alias_of
                                                                          : mailbox.address;
}

std::string ConnectionName(const MailboxAnswer& mailbox) {
  if (!mailbox.connection.empty()) return mailbox.connection;
  std::string address = SendingAddress(mailbox);
  std::string local = address.substr(0, address.find('@'));
  std::string out;
  for (char c : local) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  if (out.size() > 64) out.resize(64);
  return out.empty() ? "mailbox" : out;
}

}  // namespace graphpost::setup
