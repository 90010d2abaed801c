// sandbox/graph/odata_filter.hpp — the $filter expression tree behind the opaque FilterNode of
// odata.hpp, and its parser, which type-checks against odata_schema.hpp. Internal to the sandbox
// Graph module. Pure; a parsed tree is immutable.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sandbox/graph/odata_operand.hpp"
#include "sandbox/graph/odata_schema.hpp"

namespace graphpost::sandbox::graph {

enum class NodeKind { kOr, kAnd, kNot, kCompare, kCall, kAny, kAll, kLiteral, kPath };
enum class CompareOp { kEq, kNe, kGt, kGe, kLt, kLe };
enum class Function { kStartsWith, kEndsWith, kContains };

struct FilterNode {
  NodeKind kind = NodeKind::kLiteral;
  TypeRef type{EdmType::kBoolean, "Edm.Boolean"};  // static type of this expression
  CompareOp op = CompareOp::kEq;                   // kCompare
  Function function = Function::kContains;         // kCall
  // kPath: the range variable the path starts from (its lambda nesting level), -1 for the
  // message. kAny/kAll: the level this lambda binds.
  int variable = -1;
  std::vector<std::string> path;  // kPath: segments after the variable
  std::string text;               // kLiteral strings
  Operand literal;                // kLiteral; literal.text views `text`
  // kOr/kAnd: operands; kNot: one; kCompare/kCall: the arguments; kAny/kAll: the collection path,
  // then the body unless it is "any()".
  std::vector<std::unique_ptr<FilterNode>> children;
};

// Parses decoded $filter text. kInvalidArgument "Invalid filter clause: ..." on syntax or type
// errors, or when the text exceeds kMaxFilterBytes or nests deeper than kMaxFilterDepth.
[[nodiscard]] Result<std::shared_ptr<const FilterNode>> ParseFilter(std::string_view text);

// "from/emailAddress/address" for a kPath node rooted at the message, else nullopt.
std::optional<std::string> MessagePropertyPath(const FilterNode& node);

}  // namespace graphpost::sandbox::graph
