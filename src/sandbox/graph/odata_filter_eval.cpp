// MatchesFilter: walks a parsed $filter tree over one message. Recursion depth is that of the
// tree, which the parser bounds.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/ascii.hpp"
#include "sandbox/graph/odata.hpp"
#include "sandbox/graph/odata_filter.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;
using NodePtr = std::unique_ptr<FilterNode>;

struct EvalContext {
  const json::object& message;
  std::vector<const json::value*> variables;  // index = lambda nesting level
};

bool Evaluate(const FilterNode& node, EvalContext& context);

const json::value* ResolveValue(const FilterNode& node, const EvalContext& context) {
  std::size_t i = 0;
  const json::value* current = nullptr;
  if (node.variable >= 0) {
    current = context.variables[static_cast<std::size_t>(node.variable)];
  } else {
    if (node.path.empty()) return nullptr;
    current = context.message.if_contains(node.path[0]);
    i = 1;
  }
  for (; current != nullptr && i < node.path.size(); ++i) {
    const json::object* object = current->if_object();
    current = object != nullptr ? object->if_contains(node.path[i]) : nullptr;
  }
  return current;
}

Operand EvaluateOperand(const FilterNode& node, EvalContext& context) {
  if (node.kind == NodeKind::kLiteral) return node.literal;
  if (node.kind == NodeKind::kPath) return ToOperand(ResolveValue(node, context), node.type.kind);
  Operand result;
  result.kind = Operand::Kind::kBoolean;
  result.boolean = Evaluate(node, context);
  return result;
}

bool EvaluateCompare(const FilterNode& node, EvalContext& context) {
  Operand a = EvaluateOperand(*node.children[0], context);
  Operand b = EvaluateOperand(*node.children[1], context);
  if (a.kind == Operand::Kind::kNull || b.kind == Operand::Kind::kNull) {
    bool both = a.kind == b.kind;
    return node.op == CompareOp::kEq ? both : node.op == CompareOp::kNe ? !both : false;
  }
  auto order = CompareValues(a, b);
  if (!order) return node.op == CompareOp::kNe;
  switch (node.op) {
    case CompareOp::kEq:
      return *order == 0;
    case CompareOp::kNe:
      return *order != 0;
    case CompareOp::kGt:
      return *order > 0;
    case CompareOp::kGe:
      return *order >= 0;
    case CompareOp::kLt:
      return *order < 0;
    case CompareOp::kLe:
      return *order <= 0;
  }
  return false;
}

bool EvaluateCall(const FilterNode& node, EvalContext& context) {
  Operand a = EvaluateOperand(*node.children[0], context);
  Operand b = EvaluateOperand(*node.children[1], context);
  if (a.kind != Operand::Kind::kString || b.kind != Operand::Kind::kString) return false;
  std::string haystack = AsciiLower(a.text);
  std::string needle = AsciiLower(b.text);
  switch (node.function) {
    case Function::kStartsWith:
      return haystack.starts_with(needle);
    case Function::kEndsWith:
      return haystack.ends_with(needle);
    case Function::kContains:
      return haystack.find(needle) != std::string::npos;
  }
  return false;
}

bool EvaluateLambda(const FilterNode& node, EvalContext& context) {
  bool all = node.kind == NodeKind::kAll;
  const json::value* collection = ResolveValue(*node.children[0], context);
  const json::array* elements = collection != nullptr ? collection->if_array() : nullptr;
  if (elements == nullptr) return all;
  if (node.children.size() == 1) return !elements->empty();
  for (const json::value& element : *elements) {
    context.variables.push_back(&element);
    bool matched = Evaluate(*node.children[1], context);
    context.variables.pop_back();
    if (matched != all) return matched;
  }
  return all;
}

bool Evaluate(const FilterNode& node, EvalContext& context) {
  switch (node.kind) {
    case NodeKind::kOr:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](const NodePtr& child) { return Evaluate(*child, context); });
    case NodeKind::kAnd:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](const NodePtr& child) { return Evaluate(*child, context); });
    case NodeKind::kNot:
      return !Evaluate(*node.children[0], context);
    case NodeKind::kCompare:
      return EvaluateCompare(node, context);
    case NodeKind::kCall:
      return EvaluateCall(node, context);
    case NodeKind::kAny:
    case NodeKind::kAll:
      return EvaluateLambda(node, context);
    case NodeKind::kLiteral:
    case NodeKind::kPath: {
      Operand value = EvaluateOperand(node, context);
      return value.kind == Operand::Kind::kBoolean && value.boolean;
    }
  }
  return false;
}

}  // namespace

bool MatchesFilter(const FilterNode& filter, const json::object& message) {
  EvalContext context{message, {}};
  return Evaluate(filter, context);
}

}  // namespace graphpost::sandbox::graph
