// The answers file (ParseAnswersToml, AnswersToToml). toml++ is slow to compile and throws: it
// stays in this file, and its exceptions stop here. The writer is by hand, so the file keeps the
// documented key order and a comment per key.
#include <algorithm>
#include <climits>
#include <cstdio>

#include <toml++/toml.h>

#include "setup/answers.hpp"

namespace graphpost::setup {
namespace {

// "<file>:<line>:<column>: <what>" (what starts with the key).
tl::unexpected<Error> InvalidAt(std::string_view file, const toml::source_region& where,
                                const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, std::string(file) + ":" +
                                               std::to_string(where.begin.line) + ":" +
                                               std::to_string(where.begin.column) + ": " + what);
}

constexpr std::string_view kTopKeys =
    "tenant, domains, cloud, app_name, group_name, credential, credential_months, mode, "
    "admin_upn, mailbox";
constexpr std::string_view kMailboxKeys = "address, kind, alias_of, connection";

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  Status Top(Answers& a, const std::string& key, const toml::node& value);

 private:
  Result<std::string> String(const toml::node& node, const std::string& key) {
    if (auto s = node.as_string()) return s->get();
    return InvalidAt(file_, node.source(), key + ": must be a string (in double quotes)");
  }

  Status SetString(std::string& out, const toml::node& node, const std::string& key) {
    auto s = String(node, key);
    if (!s) return Fail(s.error());
    out = std::move(*s);
    return Ok();
  }

  // An enum's text through its Parse function, whose message starts with the bare key name.
  template <class T, class ParseFn>
  Status SetEnum(T& out, const toml::node& node, const std::string& key, ParseFn parse) {
    auto s = String(node, key);
    if (!s) return Fail(s.error());
    auto parsed = parse(*s);
    if (!parsed) {
      const std::string& m = parsed.error().message;
      const auto colon = m.find(':');
      return InvalidAt(file_, node.source(),
                       key + (colon == std::string::npos ? ": " + m : m.substr(colon)));
    }
    out = *parsed;
    return Ok();
  }

  Status Domains(Answers& a, const toml::node& node);
  Status Months(Answers& a, const toml::node& node);
  Status Mailboxes(Answers& a, const toml::node& node);
  Status Mailbox(MailboxAnswer& m, const toml::table& table, const std::string& field);

  std::string_view file_;
};

Status Reader::Domains(Answers& a, const toml::node& node) {
  const auto* array = node.as_array();
  if (!array) {
    return InvalidAt(file_, node.source(), "domains: must be a list of strings like [\"a.com\"]");
  }
  a.domains.clear();
  for (size_t i = 0; i < array->size(); ++i) {
    auto s = String((*array)[i], "domains[" + std::to_string(i) + "]");
    if (!s) return Fail(s.error());
    a.domains.push_back(std::move(*s));
  }
  return Ok();
}

Status Reader::Months(Answers& a, const toml::node& node) {
  const auto* n = node.as_integer();
  if (!n || n->get() < INT_MIN || n->get() > INT_MAX) {
    return InvalidAt(file_, node.source(),
                     "credential_months: must be a whole number of months (1 to 24)");
  }
  a.credential_months = static_cast<int>(n->get());
  return Ok();
}

Status Reader::Mailbox(MailboxAnswer& m, const toml::table& table, const std::string& field) {
  for (const auto& [k, value] : table) {
    const std::string key(k.str()), name = field + "." + key;
    Status s = Ok();
    if (key == "address") {
      s = SetString(m.address, value, name);
    } else if (key == "kind") {
      s = SetEnum(m.kind, value, name, ParseMailboxKind);
    } else if (key == "alias_of") {
      s = SetString(m.alias_of, value, name);
    } else if (key == "connection") {
      s = SetString(m.connection, value, name);
    } else {
      return InvalidAt(file_, value.source(),
                       name + ": unknown key (known: " + std::string(kMailboxKeys) + ")");
    }
    if (!s) return s;
  }
  return Ok();
}

Status Reader::Mailboxes(Answers& a, const toml::node& node) {
  const auto* array = node.as_array();
  if (!array || !array->is_array_of_tables()) {
    return InvalidAt(file_, node.source(),
                     "mailbox: must be tables, each starting with a [[mailbox]] line");
  }
  a.mailboxes.clear();
  for (size_t i = 0; i < array->size(); ++i) {
    MailboxAnswer m;
    const std::string field = "mailbox[" + std::to_string(i) + "]";
    if (auto s = Mailbox(m, *(*array)[i].as_table(), field); !s) return s;
    a.mailboxes.push_back(std::move(m));
  }
  return Ok();
}

Status Reader::Top(Answers& a, const std::string& key, const toml::node& value) {
  if (key == "tenant") return SetString(a.tenant, value, key);
  if (key == "domains") return Domains(a, value);
  if (key == "cloud") return SetString(a.cloud, value, key);
  if (key == "app_name") return SetString(a.app_name, value, key);
  if (key == "group_name") return SetString(a.group_name, value, key);
  if (key == "credential") return SetEnum(a.credential, value, key, ParseCredentialKind);
  if (key == "credential_months") return Months(a, value);
  if (key == "mode") return SetEnum(a.mode, value, key, ParseMode);
  if (key == "admin_upn") return SetString(a.admin_upn, value, key);
  if (key == "mailbox") return Mailboxes(a, value);
  return InvalidAt(file_, value.source(),
                   key + ": unknown key (known: " + std::string(kTopKeys) + ")");
}

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(u));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Line(std::string_view comment, std::string_view key, const std::string& value) {
  return "# " + std::string(comment) + "\n" + std::string(key) + " = " + value + "\n\n";
}

std::string QuoteList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quote(items[i]);
  return out + "]";
}

std::string MailboxToToml(const MailboxAnswer& m) {
  std::string out = "[[mailbox]]\naddress = " + Quote(m.address) +
                    "\nkind = " + Quote(MailboxKindName(m.kind)) + "\n";
  if (!m.alias_of.empty()) out += "alias_of = " + Quote(m.alias_of) + "\n";
  if (!m.connection.empty()) out += "connection = " + Quote(m.connection) + "\n";
  return out + "\n";
}

// toml++ 3.3 (Debian 12) has two faults on malformed input: a table header's '[' or '[[' not
// followed by a key ("[=", "[[[", "[" at a line's end; fixed upstream in tomlplusplus PR #301)
// fails an assert, and a character of U+00A1..U+0499 where it expects whitespace reaches
// TOML_UNREACHABLE. Debian's shared library is built without asserts and ends both in a parse
// error (fuzzed: answers_toml_fuzz), but a header-only debug build stops the process. This scan
// refuses the usual forms first, with their position: such a header line, and non-ASCII outside
// quotes and comments. It tracks strings and comments as TOML does, so no valid answers file is
// refused; input malformed in other ways may still reach toml++ with these characters.
class HazardScan {
 public:
  HazardScan(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  Status Run() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '\n') {
        ++at_;
        line_start_ = at_;
        ++line_;
      } else if (c == '#') {
        at_ = std::min(text_.find('\n', at_), text_.size());
      } else if (c == '"' || c == '\'') {
        SkipString(c);
      } else if (c == '[' && OnlyBlanksBefore()) {
        if (auto s = Header(); !s) return s;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        return Refuse(at_, "a character outside ASCII belongs inside quotes or a comment");
      } else {
        ++at_;
      }
    }
    return Ok();
  }

 private:
  bool OnlyBlanksBefore() const { return text_.find_first_not_of(" \t", line_start_) == at_; }

  static bool MayFollowBracket(char c, bool doubled) {
    auto u = static_cast<unsigned char>(c);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '"' || c == '\'' || c == ']' || u >= 0x80 || (c == '[' && !doubled);
  }

  Status Header() {
    size_t next = at_ + 1;
    const bool doubled = next < text_.size() && text_[next] == '[';
    next = std::min(text_.find_first_not_of(" \t", next + (doubled ? 1 : 0)), text_.size());
    if (next < text_.size() && !MayFollowBracket(text_[next], doubled)) {
      return Refuse(next, "expected a table name after '[', like [[mailbox]]");
    }
    at_ = next;
    return Ok();
  }

  // From the opening quote past the closing one: "..." (with escapes), '...', and the tripled
  // multi-line forms.
  void SkipString(char quote) {
    const std::string triple(3, quote);
    const bool multi = text_.compare(at_, 3, triple) == 0;
    at_ += multi ? 3 : 1;
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '\\' && quote == '"') {
        const bool line_end = at_ + 1 < text_.size() && text_[at_ + 1] == '\n';
        at_ += line_end ? 1 : 2;  // a line-ending backslash: the '\n' is counted below
      } else if (multi ? text_.compare(at_, 3, triple) == 0 : c == quote) {
        at_ += multi ? 3 : 1;
        return;
      } else if (c == '\n') {
        if (!multi) return;  // toml++ reports the unclosed string
        line_start_ = ++at_;
        ++line_;
      } else {
        ++at_;
      }
    }
  }

  tl::unexpected<Error> Refuse(size_t where, const std::string& what) const {
    const auto first = text_.begin() + static_cast<long>(line_start_);
    const auto characters =
        std::count_if(first, text_.begin() + static_cast<long>(where),
                      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    toml::source_region region;
    region.begin.line = static_cast<toml::source_index>(line_);
    region.begin.column = static_cast<toml::source_index>(1 + characters);
    return InvalidAt(file_, region, what);
  }

  std::string_view text_, file_;
  size_t at_ = 0, line_start_ = 0, line_ = 1;
};

}  // namespace

Result<Answers> ParseAnswersToml(std::string_view text, std::string_view file_name) {
  if (auto s = HazardScan(text, file_name).Run(); !s) return Fail(s.error());
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    return InvalidAt(file_name, e.source(), std::string(e.description()));
  }
  Answers answers;
  Reader reader(file_name);
  for (const auto& [key, value] : root) {
    if (auto s = reader.Top(answers, std::string(key.str()), value); !s) return Fail(s.error());
  }
  return answers;
}

std::string AnswersToToml(const Answers& a) {
  std::string out =
      "# Answers of `graphpost setup` (docs/setup.md, \"The answers file\").\n"
      "# Run again with: graphpost setup --answers answers.toml\n\n";
  out +=
      Line("Directory (tenant) ID (a GUID) or a domain of the tenant", "tenant", Quote(a.tenant));
  out += Line("The tenant's mail domains; empty: the tenant when it is a domain", "domains",
              QuoteList(a.domains));
  out += Line("Microsoft cloud: global, usgov, usgov-dod or china", "cloud", Quote(a.cloud));
  out += Line("Display name of the app registration", "app_name", Quote(a.app_name));
  out +=
      Line("Mail-enabled security group of the sending mailboxes; empty: app_name + \" Senders\"",
           "group_name", Quote(a.group_name));
  out +=
      Line("client-secret or certificate", "credential", Quote(CredentialKindName(a.credential)));
  out += Line("Months the credential stays valid (1 to 24)", "credential_months",
              std::to_string(a.credential_months));
  out += Line(
      "recommended (RBAC for Applications only) or as-the-guide (adds tenant-wide Entra "
      "Mail.Send)",
      "mode", Quote(ModeName(a.mode)));
  out += Line("Admin for Connect-ExchangeOnline -UserPrincipalName; may be empty", "admin_upn",
              Quote(a.admin_upn));
  out +=
      "# Sending mailboxes: address, kind (user, shared or alias), alias_of (an alias's\n"
      "# mailbox), connection (its connection name; default: from the address)\n";
  for (const auto& m : a.mailboxes) out += MailboxToToml(m);
  return out;
}

}  // namespace graphpost::setup
