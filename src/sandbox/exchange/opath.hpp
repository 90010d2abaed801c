// sandbox/exchange/opath.hpp — OPATH recipient filters as Exchange Online accepts them in
// -RecipientRestrictionFilter: `Property -eq|-ne|-like|-notlike 'value'`, `-and`, `-or`, `-not`
// and parentheses; operators and property names ignore case. ParseOpath builds an immutable
// OpathFilter; Matches evaluates it against one recipient of a tenant. Pure functions; an
// OpathFilter is a value, safe to share between threads once built.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::exchange {

// The filterable recipient properties the sandbox models.
enum class OpathProperty {
  kMemberOfGroup,  // link property: the DNs of the groups the recipient DIRECTLY belongs to
  kPrimarySmtpAddress,
  kEmailAddresses,  // every SMTP address; a value may carry an "smtp:" prefix
  kRecipientTypeDetails,
  kAlias,
  kDepartment,
  kCustomAttribute,  // CustomAttribute1..15; see OpathNode::custom_attribute
  kUserPrincipalName,
  kDisplayName,
  kName,
};

enum class OpathOperator { kEq, kNe, kLike, kNotLike };

struct OpathNode {
  enum class Kind { kCompare, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  // kCompare only:
  OpathProperty property = OpathProperty::kName;
  int custom_attribute = 0;  // 1..15 when property is kCustomAttribute
  OpathOperator op = OpathOperator::kEq;
  std::optional<std::string> value;  // nullopt is $null; $true/$false become "True"/"False"
  // kAnd/kOr: two or more operands; kNot: one.
  std::vector<OpathNode> children;
};

struct OpathFilter {
  std::string text;  // as written
  OpathNode root;
};

// Parses an OPATH filter. kInvalidArgument with an Exchange-like message on bad syntax (naming the
// 1-based position), an unknown property, or a -like pattern starting with a wildcard.
[[nodiscard]] Result<OpathFilter> ParseOpath(std::string_view text);

// True when `recipient` satisfies `filter` in `tenant`. MemberOfGroup compares the value with the
// distinguished name of each group that lists the recipient as a DIRECT member, so a group's
// name, address or GUID never matches and nested members are out of scope (as in Exchange).
bool Matches(const OpathFilter& filter, const Tenant& tenant, const Recipient& recipient);

// Case-insensitive match of `text` against `pattern`, where '*' stands for any run of characters.
bool WildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace graphpost::sandbox::exchange
