// OPATH evaluation. Multi-valued properties (EmailAddresses, MemberOfGroup) match -eq/-like when
// any value matches; -ne/-notlike are the negations of that, as in Exchange.
#include <algorithm>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "sandbox/exchange/opath.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange {
namespace {

std::string StripSmtp(std::string_view address) {
  return std::string(AsciiIStartsWith(address, "smtp:") ? address.substr(5) : address);
}

// The DNs of the groups listing the recipient as a direct member.
std::vector<std::string> MemberOfGroupValues(const Tenant& tenant, const Recipient& recipient) {
  std::vector<std::string> out;
  for (const Recipient& g : tenant.recipients) {
    if (IsGroup(g.type) && IsDirectMember(g, recipient.id) && !g.distinguished_name.empty()) {
      out.push_back(g.distinguished_name);
    }
  }
  return out;
}

std::vector<std::string> Single(std::string_view value) {
  if (value.empty()) return {};
  return {std::string(value)};
}

std::vector<std::string> PropertyValues(const OpathNode& node, const Tenant& tenant,
                                        const Recipient& r) {
  switch (node.property) {
    case OpathProperty::kMemberOfGroup:
      return MemberOfGroupValues(tenant, r);
    case OpathProperty::kPrimarySmtpAddress:
      return Single(r.primary_smtp_address);
    case OpathProperty::kEmailAddresses:
      return SmtpAddresses(r);
    case OpathProperty::kRecipientTypeDetails:
      return Single(RecipientTypeName(r.type));
    case OpathProperty::kAlias:
      return Single(r.alias);
    case OpathProperty::kDepartment:
      return Single(r.department);
    case OpathProperty::kCustomAttribute:
      return Single(r.custom_attributes.at(static_cast<std::size_t>(node.custom_attribute - 1)));
    case OpathProperty::kUserPrincipalName:
      return Single(r.user_principal_name);
    case OpathProperty::kDisplayName:
      return Single(r.display_name);
    case OpathProperty::kName:
      return Single(ExchangeName(r));
  }
  return {};
}

bool AnyMatches(const OpathNode& node, const std::vector<std::string>& values) {
  if (!node.value) return values.empty();  // "-eq $null": the property is unset
  std::string wanted =
      node.property == OpathProperty::kEmailAddresses ? StripSmtp(*node.value) : *node.value;
  bool like = node.op == OpathOperator::kLike || node.op == OpathOperator::kNotLike;
  for (const std::string& v : values) {
    if (like ? WildcardMatch(wanted, v) : AsciiIEquals(wanted, v)) return true;
  }
  return false;
}

bool Evaluate(const OpathNode& node, const Tenant& tenant, const Recipient& r) {
  switch (node.kind) {
    case OpathNode::Kind::kAnd:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](const OpathNode& c) { return Evaluate(c, tenant, r); });
    case OpathNode::Kind::kOr:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](const OpathNode& c) { return Evaluate(c, tenant, r); });
    case OpathNode::Kind::kNot:
      return !Evaluate(node.children[0], tenant, r);
    case OpathNode::Kind::kCompare:
      break;
  }
  bool hit = AnyMatches(node, PropertyValues(node, tenant, r));
  bool negated = node.op == OpathOperator::kNe || node.op == OpathOperator::kNotLike;
  return negated ? !hit : hit;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool Matches(const OpathFilter& filter, const Tenant& tenant, const Recipient& recipient) {
  return Evaluate(filter.root, tenant, recipient);
}

// Greedy matching with one backtrack point (the last '*'): O(pattern * text) at worst.
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && Lower(pattern[p]) == Lower(text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace graphpost::sandbox::exchange
