// The prompts of `graphpost setup` (AskAnswers). Each question is one small function over an
// Asker, which prints the question with its default, reads one line, and, while the check refuses
// the answer, prints the reason on one line and asks again.
#include "setup/prompts.hpp"

#include <charconv>
#include <functional>
#include <string>

#include "auth/cloud.hpp"
#include "core/ascii.hpp"
#include "core/ids.hpp"

namespace graphpost::setup {
namespace {

tl::unexpected<Error> Refuse(std::string why) {
  return Fail(ErrorCode::kInvalidArgument, std::move(why));
}

struct Question {
  std::string text;      // "Tenant (directory ID or a domain like company.com)"
  std::string fallback;  // shown in brackets and taken on Enter; empty: none
  std::string what;      // for "input ended before <what>"
};

class Asker {
 public:
  Asker(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  // One answer, trimmed; the fallback for an empty line.
  Result<std::string> Line(const Question& q) {
    out_ << q.text << (q.fallback.empty() ? "" : " [" + q.fallback + "]") << ": " << std::flush;
    std::string line;
    if (!std::getline(in_, line)) {
      out_ << "\n";
      return Fail(ErrorCode::kInvalidArgument, "input ended before " + q.what);
    }
    std::string answer(TrimAscii(line));
    return answer.empty() ? q.fallback : answer;
  }

  // Asks until `check` takes the answer.
  template <class T>
  Result<T> Until(const Question& q, const std::function<Result<T>(const std::string&)>& check) {
    for (;;) {
      auto line = Line(q);
      if (!line) return Fail(line.error());
      auto value = check(*line);
      if (value) return value;
      Say("  " + value.error().message);
    }
  }

  void Say(const std::string& text) { out_ << text << "\n" << std::flush; }

 private:
  std::istream& in_;
  std::ostream& out_;
};

// Checks one field through ValidateAnswers on answers that are otherwise valid, so the prompts
// refuse exactly what the answers file refuses, with the same message.
Status CheckAlone(const std::function<void(Answers&)>& set) {
  Answers probe;
  probe.tenant = "company.com";
  probe.group_name = "Senders";
  probe.mailboxes = {{.address = "a@company.com"}};
  set(probe);
  return ValidateAnswers(probe);
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(sep)) + item;
  return out;
}

Result<std::string> AskTenant(Asker& ask, const Answers& d) {
  return ask.Until<std::string>(
      {"Tenant: its directory (tenant) ID, or a domain like company.com", d.tenant, "the tenant"},
      [](const std::string& t) -> Result<std::string> {
        if (auto s = CheckTenant(t); !s) return Fail(s.error());
        return t;
      });
}

Result<std::vector<std::string>> ParseDomains(const std::string& line) {
  std::string spaced = line;
  for (char& c : spaced) c = c == ',' ? ' ' : c;
  std::vector<std::string> out;
  for (auto piece : Split(spaced, ' ')) {
    if (piece.empty()) continue;
    if (IsGuid(piece) || !CheckTenant(piece)) {
      return Refuse("domains: " + QuoteValue(piece) + " is not a domain name like company.com");
    }
    out.emplace_back(piece);
  }
  if (out.empty()) return Refuse("domains: give at least one mail domain, like company.com");
  return out;
}

Result<std::vector<std::string>> AskDomains(Asker& ask, const Answers& d) {
  return ask.Until<std::vector<std::string>>({"Mail domains of the tenant (separated by spaces)",
                                              Join(d.domains, " "), "the mail domains"},
                                             ParseDomains);
}

Result<std::string> AskCloud(Asker& ask, const Answers& d) {
  return ask.Until<std::string>({"Cloud: global, usgov, usgov-dod or china", d.cloud, "the cloud"},
                                [](const std::string& c) -> Result<std::string> {
                                  if (auto s = CheckAlone([&](Answers& a) { a.cloud = c; }); !s)
                                    return Fail(s.error());
                                  return c;
                                });
}

Result<std::string> AskName(Asker& ask, Question q, std::string Answers::*field) {
  return ask.Until<std::string>(q, [field](const std::string& name) -> Result<std::string> {
    if (auto s = CheckAlone([&](Answers& a) { a.*field = name; }); !s) return Fail(s.error());
    return name;
  });
}

// One mailbox line: "ADDRESS [KIND [ALIAS_OF]]", checked against the domains and those so far.
Result<MailboxAnswer> ParseMailboxLine(const std::string& line, const Answers& so_far) {
  std::vector<std::string> words;
  for (auto w : Split(line, ' ')) {
    if (!w.empty()) words.emplace_back(w);
  }
  MailboxAnswer m{.address = words.empty() ? "" : words[0]};
  const auto domains = EffectiveDomains(so_far);
  if (auto s = CheckMailboxAddress(m.address, domains); !s) return Fail(s.error());
  const std::string head = "mailbox '" + m.address + "': ";
  if (words.size() > 1) {
    auto kind = ParseMailboxKind(words[1]);
    if (!kind) return Refuse(head + kind.error().message);
    m.kind = *kind;
  }
  if (m.kind == MailboxKind::kAlias) {
    if (words.size() != 3) {
      return Refuse(head + "an alias needs the address of its mailbox, like: " + m.address +
                    " alias billing@" + domains.front());
    }
    m.alias_of = words[2];
    if (auto s = CheckMailboxAddress(m.alias_of, domains); !s) return Fail(s.error());
  } else if (words.size() > 2) {
    return Refuse(head + "only an alias is followed by another address");
  }
  for (const auto& other : so_far.mailboxes) {
    if (AsciiIEquals(other.address, m.address)) return Refuse(head + "is in the list already");
    if (ConnectionName(other) == ConnectionName(m)) {
      return Refuse(head + "its connection name '" + ConnectionName(m) + "' is " + other.address +
                    "'s already; name connections in an answers file");
    }
  }
  return m;
}

Status AskMailboxes(Asker& ask, Answers& a) {
  std::vector<std::string> given;
  for (const auto& m : a.mailboxes) given.push_back(m.address);
  ask.Say(
      "Sending mailboxes, one per line: the address, then optionally its kind (user, shared "
      "or alias) and, for an alias, its mailbox's address. An empty line ends the list.");
  Answers so_far = a;
  so_far.mailboxes.clear();
  for (;;) {
    const bool first = so_far.mailboxes.empty();
    Question q{"Mailbox " + std::to_string(so_far.mailboxes.size() + 1),
               first ? Join(given, ", ") : "", "the sending mailboxes"};
    auto m = ask.Until<std::optional<MailboxAnswer>>(
        q, [&](const std::string& line) -> Result<std::optional<MailboxAnswer>> {
          if (line.empty() && !first) return std::nullopt;
          if (line.empty()) return Refuse("mailboxes: give at least one sending mailbox");
          if (first && line == q.fallback) return std::nullopt;  // keep the given ones
          auto parsed = ParseMailboxLine(line, so_far);
          if (!parsed) return Fail(parsed.error());
          return std::optional<MailboxAnswer>(std::move(*parsed));
        });
    if (!m) return Fail(m.error());
    if (!*m) break;
    so_far.mailboxes.push_back(std::move(**m));
  }
  if (!so_far.mailboxes.empty()) a.mailboxes = std::move(so_far.mailboxes);
  return Ok();
}

Result<int> AskMonths(Asker& ask, const Answers& d) {
  return ask.Until<int>(
      {"Months the credential stays valid (1 to 24)", std::to_string(d.credential_months),
       "the credential months"},
      [](const std::string& text) -> Result<int> {
        int months = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), months);
        if (ec != std::errc() || end != text.data() + text.size() || months < 1 || months > 24) {
          return Refuse("credential_months: " + QuoteValue(text) +
                        " is not a whole number from 1 to 24");
        }
        return months;
      });
}

// "<text> [Y/n]" or "[y/N]"; Enter takes `yes_by_default`.
Result<bool> AskYesNo(Asker& ask, const std::string& text, bool yes_by_default,
                      const std::string& what) {
  Question q{text + (yes_by_default ? " [Y/n]" : " [y/N]"), "", what};
  return ask.Until<bool>(q, [yes_by_default](const std::string& answer) -> Result<bool> {
    if (answer.empty()) return yes_by_default;
    if (AsciiIEquals(answer, "y") || AsciiIEquals(answer, "yes")) return true;
    if (AsciiIEquals(answer, "n") || AsciiIEquals(answer, "no")) return false;
    return Refuse("answer y (yes) or n (no)");
  });
}

Result<Mode> AskMode(Asker& ask, const Answers& d) {
  for (;;) {
    auto mode = ask.Until<Mode>({"Mode: recommended (RBAC for Applications only) or as-the-guide",
                                 std::string(ModeName(d.mode)), "the mode"},
                                [](const std::string& t) { return ParseMode(t); });
    if (!mode || *mode == Mode::kRecommended) return mode;
    ask.Say(
        "Warning: as-the-guide grants the app Entra Mail.Send for the whole tenant: the app can "
        "then send as ANY mailbox in the tenant, and the Exchange RBAC scope does not narrow "
        "an Entra grant. recommended lets it send as the listed mailboxes only.");
    auto sure = AskYesNo(ask, "Use as-the-guide anyway?", false, "the as-the-guide confirmation");
    if (!sure) return Fail(sure.error());
    if (*sure) return mode;
  }
}

void ShowSummary(Asker& ask, const Answers& a) {
  ask.Say("\nSummary:");
  ask.Say("  tenant:      " + a.tenant + " (mail domains: " + Join(EffectiveDomains(a), ", ") +
          ")");
  ask.Say("  cloud:       " + a.cloud);
  ask.Say("  app:         " + a.app_name);
  ask.Say("  group:       " + GroupName(a));
  for (const auto& m : a.mailboxes) {
    std::string alias = m.alias_of.empty() ? "" : " of " + m.alias_of;
    ask.Say("  mailbox:     " + m.address + " (" + std::string(MailboxKindName(m.kind)) + alias +
            ", connection " + ConnectionName(m) + ")");
  }
  ask.Say("  credential:  " + std::string(CredentialKindName(a.credential)) + ", " +
          std::to_string(a.credential_months) + " months");
  ask.Say("  mode:        " + std::string(ModeName(a.mode)));
}

// The questions up to the mailboxes: where the tenant is and what the app is called.
Status AskTenantPart(Asker& ask, Answers& a) {
  auto tenant = AskTenant(ask, a);
  if (!tenant) return Fail(tenant.error());
  a.tenant = *tenant;
  if (IsGuid(a.tenant)) {
    auto domains = AskDomains(ask, a);
    if (!domains) return Fail(domains.error());
    a.domains = *domains;
  }
  auto cloud = AskCloud(ask, a);
  if (!cloud) return Fail(cloud.error());
  a.cloud = *cloud;
  auto app = AskName(ask, {"App name", a.app_name, "the app name"}, &Answers::app_name);
  if (!app) return Fail(app.error());
  a.app_name = *app;
  return AskMailboxes(ask, a);
}

// The questions after the mailboxes: the group, the credential and the mode.
Status AskAppPart(Asker& ask, Answers& a) {
  auto group = AskName(ask, {"Group of the sending mailboxes", GroupName(a), "the group name"},
                       &Answers::group_name);
  if (!group) return Fail(group.error());
  a.group_name = *group == a.app_name + " Senders" ? "" : *group;
  auto credential =
      ask.Until<CredentialKind>({"Credential: client-secret or certificate",
                                 std::string(CredentialKindName(a.credential)), "the credential"},
                                [](const std::string& t) { return ParseCredentialKind(t); });
  if (!credential) return Fail(credential.error());
  a.credential = *credential;
  auto months = AskMonths(ask, a);
  if (!months) return Fail(months.error());
  a.credential_months = *months;
  auto mode = AskMode(ask, a);
  if (!mode) return Fail(mode.error());
  a.mode = *mode;
  return Ok();
}

}  // namespace

Result<Answers> AskAnswers(std::istream& in, std::ostream& out, const Answers& defaults) {
  Asker ask(in, out);
  Answers a = defaults;
  if (auto s = AskTenantPart(ask, a); !s) return Fail(s.error());
  if (auto s = AskAppPart(ask, a); !s) return Fail(s.error());
  ShowSummary(ask, a);
  auto write = AskYesNo(ask, "Write the runbook?", true, "the answer to 'Write the runbook?'");
  if (!write) return Fail(write.error());
  if (!*write) return Fail(ErrorCode::kFailedPrecondition, "cancelled");
  if (auto s = ValidateAnswers(a); !s) return Fail(s.error());
  return a;
}

}  // namespace graphpost::setup
