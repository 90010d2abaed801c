// sandbox/graph/users_filter.hpp — the $filter subset of Graph's `GET /v1.0/users` that resolves
// an address to its user (docs/sandbox.md "Finding a user by address"):
//   proxyAddresses/any(x:x eq 'smtp:alias@domain')   (also startsWith(x,'…'), endsWith(x,'…'))
//   mail eq '…' · userPrincipalName eq '…' · id eq '…'
// joined with `or`. Keywords, property names and string comparisons ignore case, as Entra's
// directory does. Anything else is refused the way Graph refuses an unsupported directory query.
// Pure functions; a parsed filter is an immutable value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/graph/graph_error.hpp"

namespace graphpost::sandbox::graph {

// Longest $filter accepted (the fuzzer relies on it to keep hostile input cheap).
inline constexpr std::size_t kMaxUsersFilterBytes = 4096;

enum class UserProperty { kProxyAddresses, kMail, kUserPrincipalName, kId };
enum class UserMatch { kEquals, kStartsWith, kEndsWith };

struct UsersFilterClause {
  UserProperty property = UserProperty::kProxyAddresses;
  UserMatch match = UserMatch::kEquals;
  std::string value;  // the string literal, unescaped ('' → ')
};

// A user matches when any clause does.
struct UsersFilter {
  std::vector<UsersFilterClause> any_of;
  // endsWith is an advanced query: Graph needs ConsistencyLevel: eventual and $count=true.
  bool NeedsAdvancedQuery() const;
};

// What a user looks like to the filter: addresses as Graph shows them.
struct UserAddresses {
  std::string id;
  std::string mail;  // empty for a user without mailbox
  std::string user_principal_name;
  std::vector<std::string> proxy_addresses;  // "SMTP:primary", "smtp:secondary", ...
};

// Parses decoded $filter text. Errors are Graph's 400s: Request_UnsupportedQuery "Unsupported or
// invalid query filter clause specified for property 'x' of resource 'User'." for a property or
// operator outside the subset; BadRequest "Invalid filter clause: …" for a syntax error, or text
// longer than kMaxUsersFilterBytes.
[[nodiscard]] GraphResult<UsersFilter> ParseUsersFilter(std::string_view text);

// True when `user` satisfies `filter`. With `proxy_addresses_readable` false (a token with only
// User.ReadBasic.All) clauses on proxyAddresses are false: Graph omits objects whose filter
// reads properties the caller may not see.
bool MatchesUsersFilter(const UsersFilter& filter, const UserAddresses& user,
                        bool proxy_addresses_readable);

}  // namespace graphpost::sandbox::graph
