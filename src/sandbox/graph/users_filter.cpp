#include "sandbox/graph/users_filter.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/ascii.hpp"

namespace graphpost::sandbox::graph {
namespace {

GraphError InvalidClause(std::string_view why) {
  return GraphError{400, "BadRequest", "Invalid filter clause: " + std::string(why), {}, {}};
}

GraphError Unsupported(std::string_view property) {
  return GraphError{400,
                    "Request_UnsupportedQuery",
                    "Unsupported or invalid query filter clause specified for property '" +
                        std::string(property) + "' of resource 'User'.",
                    {},
                    {}};
}

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         AsciiIEquals(text.substr(text.size() - suffix.size()), suffix);
}

bool Compare(UserMatch match, std::string_view text, std::string_view value) {
  switch (match) {
    case UserMatch::kEquals:
      return AsciiIEquals(text, value);
    case UserMatch::kStartsWith:
      return AsciiIStartsWith(text, value);
    case UserMatch::kEndsWith:
      return EndsWithIgnoreCase(text, value);
  }
  return false;
}

// A cursor over the filter text; every Parse* leaves it after what it read.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  GraphResult<UsersFilter> Filter() {
    UsersFilter filter;
    do {
      auto clause = Clause();
      if (!clause) return GraphFail(clause.error());
      filter.any_of.push_back(std::move(*clause));
    } while (Keyword("or"));
    SkipSpace();
    if (pos_ != text_.size())
      return GraphFail(InvalidClause("unexpected text at position " + std::to_string(pos_)));
    return filter;
  }

 private:
  GraphResult<UsersFilterClause> Clause() {
    std::string name = Name();
    if (name.empty()) return GraphFail(InvalidClause("a property name was expected"));
    if (AsciiIStartsWith(name, "proxyAddresses/")) {
      if (!AsciiIEquals(name, "proxyAddresses/any"))
        return GraphFail(Unsupported("proxyAddresses"));
      return Lambda();
    }
    std::optional<UserProperty> property = ScalarProperty(name);
    if (!property) return GraphFail(Unsupported(name));
    if (!Keyword("eq")) return GraphFail(Unsupported(name));
    auto value = StringLiteral();
    if (!value) return GraphFail(value.error());
    return UsersFilterClause{*property, UserMatch::kEquals, std::move(*value)};
  }

  // After "proxyAddresses/any": "(x: x eq '…')" or "(x: startsWith(x, '…'))".
  GraphResult<UsersFilterClause> Lambda() {
    if (!Punct('(')) return GraphFail(InvalidClause("'(' expected after any"));
    std::string variable = Name();
    if (variable.empty() || !Punct(':')) {
      return GraphFail(InvalidClause("a lambda 'x: …' was expected in any()"));
    }
    UsersFilterClause clause;
    std::string head = Name();
    if (AsciiIEquals(head, variable)) {
      if (!Keyword("eq")) return GraphFail(Unsupported("proxyAddresses"));
      clause.match = UserMatch::kEquals;
    } else if (AsciiIEquals(head, "startsWith") || AsciiIEquals(head, "endsWith")) {
      clause.match =
          AsciiIEquals(head, "startsWith") ? UserMatch::kStartsWith : UserMatch::kEndsWith;
      if (!Punct('(') || !AsciiIEquals(Name(), variable) || !Punct(',')) {
        return GraphFail(InvalidClause(head + "(" + variable + ", '…') was expected"));
      }
    } else {
      return GraphFail(Unsupported("proxyAddresses"));
    }
    auto value = StringLiteral();
    if (!value) return GraphFail(value.error());
    clause.value = std::move(*value);
    if (clause.match != UserMatch::kEquals && !Punct(')')) {
      return GraphFail(InvalidClause("')' expected"));
    }
    if (!Punct(')')) return GraphFail(InvalidClause("')' expected to close any("));
    return clause;
  }

  static std::optional<UserProperty> ScalarProperty(std::string_view name) {
    if (AsciiIEquals(name, "mail")) return UserProperty::kMail;
    if (AsciiIEquals(name, "userPrincipalName")) return UserProperty::kUserPrincipalName;
    if (AsciiIEquals(name, "id")) return UserProperty::kId;
    return std::nullopt;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  // Letters, digits, '_', '.', '$' and '/' (a property path such as proxyAddresses/any).
  std::string Name() {
    SkipSpace();
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (!std::isalnum(c) && c != '_' && c != '.' && c != '$' && c != '/') break;
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  bool Keyword(std::string_view word) {
    std::size_t saved = pos_;
    if (AsciiIEquals(Name(), word)) return true;
    pos_ = saved;
    return false;
  }

  bool Punct(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  GraphResult<std::string> StringLiteral() {
    if (!Punct('\'')) return GraphFail(InvalidClause("a quoted string was expected"));
    std::string out;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c != '\'') {
        out.push_back(c);
      } else if (pos_ < text_.size() && text_[pos_] == '\'') {
        out.push_back('\'');
        ++pos_;
      } else {
        return out;
      }
    }
    return GraphFail(InvalidClause("unterminated string literal"));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

bool UsersFilter::NeedsAdvancedQuery() const {
  return std::any_of(any_of.begin(), any_of.end(),
                     [](const UsersFilterClause& c) { return c.match == UserMatch::kEndsWith; });
}

GraphResult<UsersFilter> ParseUsersFilter(std::string_view text) {
  if (text.size() > kMaxUsersFilterBytes) {
    return GraphFail(InvalidClause("the filter is longer than " +
                                   std::to_string(kMaxUsersFilterBytes) + " bytes"));
  }
  return Parser(text).Filter();
}

bool MatchesUsersFilter(const UsersFilter& filter, const UserAddresses& user,
                        bool proxy_addresses_readable) {
  auto matches = [&](const UsersFilterClause& c) {
    switch (c.property) {
      case UserProperty::kProxyAddresses:
        return proxy_addresses_readable &&
               std::any_of(user.proxy_addresses.begin(), user.proxy_addresses.end(),
                           [&](const std::string& a) { return Compare(c.match, a, c.value); });
      case UserProperty::kMail:
        return !user.mail.empty() && Compare(c.match, user.mail, c.value);
      case UserProperty::kUserPrincipalName:
        return Compare(c.match, user.user_principal_name, c.value);
      case UserProperty::kId:
        return Compare(c.match, user.id, c.value);
    }
    return false;
  };
  return std::any_of(filter.any_of.begin(), filter.any_of.end(), matches);
}

}  // namespace graphpost::sandbox::graph
