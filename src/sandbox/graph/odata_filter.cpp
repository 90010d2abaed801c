// The $filter parser: recursive descent over the tokens of odata_filter_tokens.hpp, type-checking
// against the message schema. Recursion is bounded by kMaxFilterDepth (and/or chains are flat
// n-ary nodes), so hostile input cannot exhaust the stack, here or in the evaluator.
#include "sandbox/graph/odata_filter.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/graph/odata.hpp"
#include "sandbox/graph/odata_filter_tokens.hpp"

namespace graphpost::sandbox::graph {
namespace {

using NodePtr = std::unique_ptr<FilterNode>;

constexpr TypeRef kBooleanType{EdmType::kBoolean, "Edm.Boolean"};

struct CompareOpName {
  std::string_view keyword;
  CompareOp op;
  std::string_view kind;  // ODataLib's operator kind, for error messages
};
constexpr CompareOpName kCompareOps[] = {
    {"eq", CompareOp::kEq, "Equal"},       {"ne", CompareOp::kNe, "NotEqual"},
    {"gt", CompareOp::kGt, "GreaterThan"}, {"ge", CompareOp::kGe, "GreaterThanOrEqual"},
    {"lt", CompareOp::kLt, "LessThan"},    {"le", CompareOp::kLe, "LessThanOrEqual"},
};

const CompareOpName* FindCompareOp(const Token& token) {
  if (token.kind != TokenKind::kIdentifier) return nullptr;
  for (const auto& entry : kCompareOps) {
    if (AsciiIEquals(token.raw, entry.keyword)) return &entry;
  }
  return nullptr;
}

std::optional<Function> FindFunction(std::string_view name) {
  if (AsciiIEquals(name, "startswith")) return Function::kStartsWith;
  if (AsciiIEquals(name, "endswith")) return Function::kEndsWith;
  if (AsciiIEquals(name, "contains")) return Function::kContains;
  return std::nullopt;
}

bool Comparable(const TypeRef& a, const TypeRef& b) {
  if (a.kind == EdmType::kNull || b.kind == EdmType::kNull) return true;
  if (!IsPrimitive(a.kind) || !IsPrimitive(b.kind)) return false;
  if (IsStringLike(a.kind) && IsStringLike(b.kind)) return true;
  return a.kind == b.kind;
}

// Recursive descent over the token list; the first error wins and is kept in error_.
class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  NodePtr ParseAll() {
    NodePtr root = ParseOr();
    if (root == nullptr) return nullptr;
    if (Peek().kind != TokenKind::kEnd) return SyntaxError(Peek().pos);
    if (root->type.kind != EdmType::kBoolean) {
      return Error("The $filter expression must evaluate to a single boolean value.");
    }
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  struct RangeVariable {
    std::string_view name;
    TypeRef type;
  };
  // Counts nesting for the lifetime of one recursive step.
  class DepthGuard {
   public:
    explicit DepthGuard(int& depth, bool counts = true) : depth_(depth), step_(counts ? 1 : 0) {
      depth_ += step_;
    }
    ~DepthGuard() { depth_ -= step_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int& depth_;
    int step_;
  };

  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];  // last token is kEnd
  }
  const Token& Advance() {
    const Token& token = Peek();
    if (next_ < tokens_.size() - 1) ++next_;
    return token;
  }
  bool IsKeyword(const Token& token, std::string_view keyword) const {
    return token.kind == TokenKind::kIdentifier && AsciiIEquals(token.raw, keyword);
  }
  bool Expect(TokenKind kind) {
    if (Peek().kind != kind) {
      SyntaxError(Peek().pos);
      return false;
    }
    Advance();
    return true;
  }

  NodePtr Error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return nullptr;
  }
  NodePtr SyntaxError(std::size_t pos) {
    return Error("Syntax error at position " + std::to_string(pos) + " in '" + std::string(text_) +
                 "'.");
  }
  NodePtr TooDeep() {
    return Error("The query nests more than " + std::to_string(kMaxFilterDepth) + " levels.");
  }
  NodePtr IncompatibleTypes(const TypeRef& a, const TypeRef& b, std::string_view kind) {
    return Error("A binary operator with incompatible types was detected. Found operand types '" +
                 TypeName(a) + "' and '" + TypeName(b) + "' for operator kind '" +
                 std::string(kind) + "'.");
  }

  NodePtr ParseOr() { return ParseLogical("or", NodeKind::kOr, "Or"); }
  NodePtr ParseAnd() { return ParseLogical("and", NodeKind::kAnd, "And"); }

  // "a or b or c" (or the same with "and") as one flat node, so long chains add no depth.
  NodePtr ParseLogical(std::string_view keyword, NodeKind kind, std::string_view op_kind) {
    // Only "or" levels count: every parenthesis, function argument and lambda body passes one.
    DepthGuard guard(depth_, kind == NodeKind::kOr);
    if (depth_ > kMaxFilterDepth) return TooDeep();
    NodePtr first = kind == NodeKind::kOr ? ParseAnd() : ParseComparison();
    if (first == nullptr || !IsKeyword(Peek(), keyword)) return first;
    auto node = std::make_unique<FilterNode>();
    node->kind = kind;
    node->children.push_back(std::move(first));
    while (IsKeyword(Peek(), keyword)) {
      Advance();
      NodePtr next = kind == NodeKind::kOr ? ParseAnd() : ParseComparison();
      if (next == nullptr) return nullptr;
      node->children.push_back(std::move(next));
    }
    for (const auto& child : node->children) {
      if (child->type.kind != EdmType::kBoolean) {
        return IncompatibleTypes(child->type, kBooleanType, op_kind);
      }
    }
    return node;
  }

  NodePtr ParseComparison() {
    NodePtr left = ParseUnary();
    if (left == nullptr) return nullptr;
    const CompareOpName* op = FindCompareOp(Peek());
    if (op == nullptr) return left;
    Advance();
    NodePtr right = ParseUnary();
    if (right == nullptr) return nullptr;
    if (FindCompareOp(Peek()) != nullptr) return SyntaxError(Peek().pos);  // no chaining
    if (!Comparable(left->type, right->type)) {
      return IncompatibleTypes(left->type, right->type, op->kind);
    }
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::kCompare;
    node->op = op->op;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  NodePtr ParseUnary() {
    if (!IsKeyword(Peek(), "not") || Peek(1).kind == TokenKind::kSlash) return ParsePrimary();
    Advance();
    DepthGuard guard(depth_);
    if (depth_ > kMaxFilterDepth) return TooDeep();
    NodePtr operand = ParseUnary();
    if (operand == nullptr) return nullptr;
    if (operand->type.kind != EdmType::kBoolean) {
      return Error("A unary operator with an incompatible type was detected. Found operand type '" +
                   TypeName(operand->type) + "' for operator kind 'Not'.");
    }
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::kNot;
    node->children.push_back(std::move(operand));
    return node;
  }

  NodePtr ParsePrimary() {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kLeftParen: {
        Advance();
        NodePtr inner = ParseOr();
        if (inner == nullptr || !Expect(TokenKind::kRightParen)) return nullptr;
        return inner;
      }
      case TokenKind::kString:
      case TokenKind::kNumber:
      case TokenKind::kDateTime:
      case TokenKind::kGuid:
        return MakeLiteral(Advance());
      case TokenKind::kIdentifier:
        return ParseIdentifier();
      default:
        return SyntaxError(token.pos);
    }
  }

  NodePtr ParseIdentifier() {
    const Token& token = Peek();
    TokenKind after = Peek(1).kind;
    bool keyword_literal =
        IsKeyword(token, "true") || IsKeyword(token, "false") || IsKeyword(token, "null");
    if (keyword_literal && after != TokenKind::kSlash && after != TokenKind::kLeftParen) {
      return MakeLiteral(Advance());
    }
    if (after == TokenKind::kLeftParen) return ParseFunction();
    return ParsePath();
  }

  NodePtr MakeLiteral(const Token& token) {
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::kLiteral;
    Operand& value = node->literal;
    switch (token.kind) {
      case TokenKind::kString:
      case TokenKind::kGuid:
        node->text = token.text;
        value.kind = Operand::Kind::kString;
        value.text = node->text;  // the node lives on the heap, so the view stays valid
        node->type = token.kind == TokenKind::kGuid ? TypeRef{EdmType::kGuid, "Edm.Guid"}
                                                    : TypeRef{EdmType::kString, "Edm.String"};
        break;
      case TokenKind::kNumber:
        value.kind = Operand::Kind::kNumber;
        value.number = token.number;
        node->type = {EdmType::kNumber, token.integral ? "Edm.Int32" : "Edm.Double"};
        break;
      case TokenKind::kDateTime:
        value.kind = Operand::Kind::kInstant;
        value.instant = token.instant;
        node->type = {EdmType::kDateTimeOffset, "Edm.DateTimeOffset"};
        break;
      default:  // true / false / null
        bool is_null = IsKeyword(token, "null");
        value.kind = is_null ? Operand::Kind::kNull : Operand::Kind::kBoolean;
        value.boolean = IsKeyword(token, "true");
        node->type = is_null ? TypeRef{EdmType::kNull, "null"} : kBooleanType;
    }
    return node;
  }

  NodePtr ParseFunction() {
    const Token& name = Advance();
    auto function = FindFunction(name.raw);
    if (!function) {
      return Error("An unknown function with name '" + std::string(name.raw) +
                   "' was found. This may also be a function import or a key lookup on a "
                   "navigation property, which is not allowed.");
    }
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::kCall;
    node->function = *function;
    Advance();  // '('
    for (int i = 0; i < 2; ++i) {
      if (i == 1 && !Expect(TokenKind::kComma)) return nullptr;
      NodePtr arg = ParseOr();
      if (arg == nullptr) return nullptr;
      node->children.push_back(std::move(arg));
    }
    if (!Expect(TokenKind::kRightParen)) return nullptr;
    for (const auto& arg : node->children) {
      if (!IsStringLike(arg->type.kind) && arg->type.kind != EdmType::kNull) {
        return Error("No function signature for the function with name '" + AsciiLower(name.raw) +
                     "' matches the specified arguments. The function signatures considered "
                     "are: " +
                     AsciiLower(name.raw) +
                     "(Edm.String Nullable=true, Edm.String Nullable=true).");
      }
    }
    return node;
  }

  // A property path, optionally ending in "/any(...)" or "/all(...)".
  NodePtr ParsePath() {
    auto node = std::make_unique<FilterNode>();
    node->kind = NodeKind::kPath;
    const Token& first = Advance();
    TypeRef start{EdmType::kComplex, kMessageType};
    auto range = std::find_if(ranges_.rbegin(), ranges_.rend(),
                              [&](const RangeVariable& r) { return r.name == first.raw; });
    if (range != ranges_.rend()) {
      node->variable = static_cast<int>(ranges_.rend() - range) - 1;
      start = range->type;
    } else {
      node->path.emplace_back(first.raw);
    }
    while (Peek().kind == TokenKind::kSlash) {
      Advance();
      const Token& segment = Peek();
      if (segment.kind != TokenKind::kIdentifier) return SyntaxError(segment.pos);
      Advance();
      bool lambda = IsKeyword(segment, "any") || IsKeyword(segment, "all");
      if (lambda && Peek().kind == TokenKind::kLeftParen) {
        if (!Resolve(*node, start)) return nullptr;
        return ParseLambda(std::move(node), IsKeyword(segment, "all"));
      }
      node->path.emplace_back(segment.raw);
    }
    if (!Resolve(*node, start)) return nullptr;
    return node;
  }

  bool Resolve(FilterNode& node, const TypeRef& start) {
    std::vector<std::string_view> segments(node.path.begin(), node.path.end());
    auto type = ResolvePropertyPath(start, segments);
    if (!type) {
      Error(type.error().message);
      return false;
    }
    node.type = *type;
    return true;
  }

  NodePtr ParseLambda(NodePtr collection, bool all) {
    if (collection->type.kind != EdmType::kCollection) {
      return Error("The '" + std::string(all ? "all" : "any") +
                   "' operator can only be applied to a collection; found type '" +
                   TypeName(collection->type) + "'.");
    }
    auto node = std::make_unique<FilterNode>();
    node->kind = all ? NodeKind::kAll : NodeKind::kAny;
    TypeRef element = ElementType(collection->type);
    node->children.push_back(std::move(collection));
    Advance();  // '('
    if (!all && Peek().kind == TokenKind::kRightParen) {
      Advance();
      return node;  // "any()": the collection is not empty
    }
    return ParseLambdaBody(std::move(node), element);
  }

  NodePtr ParseLambdaBody(NodePtr node, const TypeRef& element) {
    const Token& variable = Peek();
    if (variable.kind != TokenKind::kIdentifier || Peek(1).kind != TokenKind::kColon) {
      return SyntaxError(variable.pos);
    }
    for (const auto& range : ranges_) {
      if (range.name == variable.raw) {
        return Error("The range variable '" + std::string(variable.raw) +
                     "' has already been declared.");
      }
    }
    Advance();
    Advance();
    node->variable = static_cast<int>(ranges_.size());
    ranges_.push_back(RangeVariable{variable.raw, element});
    NodePtr body = ParseOr();
    ranges_.pop_back();
    if (body == nullptr || !Expect(TokenKind::kRightParen)) return nullptr;
    if (body->type.kind != EdmType::kBoolean) {
      return Error("The lambda expression must evaluate to a single boolean value.");
    }
    node->children.push_back(std::move(body));
    return node;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  int depth_ = 0;
  std::vector<RangeVariable> ranges_;  // innermost last; index = lambda nesting level
  std::string error_;
};

}  // namespace

Result<std::shared_ptr<const FilterNode>> ParseFilter(std::string_view text) {
  constexpr std::string_view kPrefix = "Invalid filter clause: ";
  if (text.size() > kMaxFilterBytes) {
    return Fail(ErrorCode::kInvalidArgument, std::string(kPrefix) +
                                                 "The $filter expression is longer than " +
                                                 std::to_string(kMaxFilterBytes) + " bytes.");
  }
  if (TrimAscii(text).empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(kPrefix) + "The $filter expression must not be empty.");
  }
  auto tokens = Tokenize(text);
  if (!tokens)
    return Fail(ErrorCode::kInvalidArgument, std::string(kPrefix) + tokens.error().message);
  Parser parser(text, std::move(*tokens));
  NodePtr root = parser.ParseAll();
  if (root == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, std::string(kPrefix) + parser.error());
  }
  return std::shared_ptr<const FilterNode>(std::move(root));
}

std::optional<std::string> MessagePropertyPath(const FilterNode& node) {
  if (node.kind != NodeKind::kPath || node.variable >= 0 || node.path.empty()) return std::nullopt;
  std::string path = node.path[0];
  for (std::size_t i = 1; i < node.path.size(); ++i) path += "/" + node.path[i];
  return path;
}

}  // namespace graphpost::sandbox::graph
