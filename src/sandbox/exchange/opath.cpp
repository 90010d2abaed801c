// OPATH parsing: a small lexer and a recursive-descent parser (-or binds loosest, then -and, then
// -not). Errors imitate the text Exchange Online prints when a filter fails to bind.
#include "sandbox/exchange/opath.hpp"

#include <cstddef>
#include <string>

#include "core/ascii.hpp"

namespace graphpost::sandbox::exchange {
namespace {

constexpr int kMaxDepth = 64;  // deeper nesting is refused, so hostile input can't blow the stack
constexpr std::string_view kBindPrefix =
    "Cannot bind parameter 'RecipientRestrictionFilter' to the target. Exception setting "
    "\"RecipientRestrictionFilter\": ";

enum class TokenKind { kLParen, kRParen, kOperator, kString, kWord, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;          // operators lower-cased without '-'; strings unquoted
  std::size_t position = 0;  // 1-based offset of the token's first character
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool EndsWord(char c) { return IsSpace(c) || c == '(' || c == ')' || c == '\'' || c == '"'; }

struct PropertyName {
  std::string_view name;
  OpathProperty property;
};
constexpr PropertyName kProperties[] = {
    {"MemberOfGroup", OpathProperty::kMemberOfGroup},
    {"PrimarySmtpAddress", OpathProperty::kPrimarySmtpAddress},
    {"EmailAddresses", OpathProperty::kEmailAddresses},
    {"RecipientTypeDetails", OpathProperty::kRecipientTypeDetails},
    {"Alias", OpathProperty::kAlias},
    {"Department", OpathProperty::kDepartment},
    {"UserPrincipalName", OpathProperty::kUserPrincipalName},
    {"DisplayName", OpathProperty::kDisplayName},
    {"Name", OpathProperty::kName},
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<OpathFilter> Run() {
    auto root = ParseOr(0);
    if (!root) return Fail(root.error());
    if (Peek().kind != TokenKind::kEnd) return SyntaxError(Peek().position);
    return OpathFilter{std::string(text_), std::move(*root)};
  }

 private:
  // ---- lexer ----
  const Token& Peek() {
    if (!peeked_) {
      next_ = Lex();
      peeked_ = true;
    }
    return next_;
  }
  Token Take() {
    Peek();
    peeked_ = false;
    return std::move(next_);
  }

  Token Lex() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
    Token t;
    t.position = pos_ + 1;
    if (pos_ >= text_.size()) return t;
    char c = text_[pos_];
    if (c == '(' || c == ')') {
      ++pos_;
      t.kind = c == '(' ? TokenKind::kLParen : TokenKind::kRParen;
      return t;
    }
    if (c == '\'' || c == '"') return LexQuoted(t);
    std::size_t start = pos_;
    while (pos_ < text_.size() && !EndsWord(text_[pos_])) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    t.kind = word.size() > 1 && word[0] == '-' ? TokenKind::kOperator : TokenKind::kWord;
    t.text = t.kind == TokenKind::kOperator ? AsciiLower(word.substr(1)) : std::string(word);
    return t;
  }

  // A doubled quote inside a quoted string stands for one quote (PowerShell rules).
  Token LexQuoted(Token t) {
    char quote = text_[pos_++];
    t.kind = TokenKind::kString;
    for (;;) {
      if (pos_ >= text_.size()) {
        unterminated_at_ = t.position;
        t.kind = TokenKind::kEnd;
        return t;
      }
      char c = text_[pos_++];
      if (c != quote) {
        t.text.push_back(c);
      } else if (pos_ < text_.size() && text_[pos_] == quote) {
        t.text.push_back(quote);
        ++pos_;
      } else {
        return t;
      }
    }
  }

  // ---- grammar ----
  Result<OpathNode> ParseOr(int depth) { return ParseChain(depth, "or", OpathNode::Kind::kOr); }

  Result<OpathNode> ParseAnd(int depth) { return ParseChain(depth, "and", OpathNode::Kind::kAnd); }

  // operand (-<keyword> operand)*, kept flat (one node with n operands) so long chains do not
  // deepen the tree.
  Result<OpathNode> ParseChain(int depth, std::string_view keyword, OpathNode::Kind kind) {
    auto first = kind == OpathNode::Kind::kOr ? ParseAnd(depth) : ParseUnary(depth);
    if (!first || Peek().kind != TokenKind::kOperator || Peek().text != keyword) return first;
    OpathNode node;
    node.kind = kind;
    node.children.push_back(std::move(*first));
    while (Peek().kind == TokenKind::kOperator && Peek().text == keyword) {
      Take();
      auto next = kind == OpathNode::Kind::kOr ? ParseAnd(depth) : ParseUnary(depth);
      if (!next) return next;
      node.children.push_back(std::move(*next));
    }
    return node;
  }

  Result<OpathNode> ParseUnary(int depth) {
    if (depth > kMaxDepth) return SyntaxError(Peek().position);
    const Token& t = Peek();
    if (t.kind == TokenKind::kOperator && t.text == "not") {
      Take();
      auto operand = ParseUnary(depth + 1);
      if (!operand) return operand;
      OpathNode node;
      node.kind = OpathNode::Kind::kNot;
      node.children.push_back(std::move(*operand));
      return node;
    }
    if (t.kind == TokenKind::kLParen) {
      Take();
      auto inner = ParseOr(depth + 1);
      if (!inner) return inner;
      if (Peek().kind != TokenKind::kRParen) return SyntaxError(Peek().position);
      Take();
      return inner;
    }
    return ParseComparison();
  }

  Result<OpathNode> ParseComparison() {
    Token name = Take();
    if (name.kind != TokenKind::kWord) return SyntaxError(name.position);
    OpathNode node;
    if (auto bad = BindProperty(name.text, node)) return Fail(std::move(*bad));
    Token op = Take();
    if (op.kind != TokenKind::kOperator || !BindOperator(op.text, node)) {
      return SyntaxError(op.position);
    }
    Token value = Take();
    if (value.kind == TokenKind::kString) {
      node.value = std::move(value.text);
    } else if (value.kind == TokenKind::kWord) {
      node.value = BareValue(value.text);
    } else {
      return SyntaxError(value.position);
    }
    bool like = node.op == OpathOperator::kLike || node.op == OpathOperator::kNotLike;
    if (like && node.value && !node.value->empty() && node.value->front() == '*') {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(kBindPrefix) +
                      "\"Wildcards cannot be used as the first character. Please revise the "
                      "filter criteria.\"");
    }
    return node;
  }

  // Returns an error when `name` is not a filterable property.
  std::optional<Error> BindProperty(std::string_view name, OpathNode& node) {
    for (const auto& p : kProperties) {
      if (AsciiIEquals(p.name, name)) {
        node.property = p.property;
        return std::nullopt;
      }
    }
    constexpr std::string_view kCustom = "CustomAttribute";
    if (AsciiIStartsWith(name, kCustom)) {
      std::string_view digits = name.substr(kCustom.size());
      int n = 0;
      bool numeric = !digits.empty() && digits.size() <= 2 && digits[0] != '0';
      for (char c : digits) {
        numeric = numeric && c >= '0' && c <= '9';
        n = n * 10 + (c - '0');
      }
      if (numeric && n >= 1 && n <= 15) {
        node.property = OpathProperty::kCustomAttribute;
        node.custom_attribute = n;
        return std::nullopt;
      }
    }
    return Fail(ErrorCode::kInvalidArgument,
                std::string(kBindPrefix) + "\"\"" + std::string(name) +
                    "\" is not a recognized filterable property. For a list of filterable "
                    "properties see the command help.\"")
        .value();
  }

  static bool BindOperator(std::string_view op, OpathNode& node) {
    if (op == "eq" || op == "ieq") {
      node.op = OpathOperator::kEq;
    } else if (op == "ne" || op == "ine") {
      node.op = OpathOperator::kNe;
    } else if (op == "like" || op == "ilike") {
      node.op = OpathOperator::kLike;
    } else if (op == "notlike" || op == "inotlike") {
      node.op = OpathOperator::kNotLike;
    } else {
      return false;
    }
    return true;
  }

  static std::optional<std::string> BareValue(std::string_view word) {
    if (AsciiIEquals(word, "$null")) return std::nullopt;
    if (AsciiIEquals(word, "$true")) return std::string("True");
    if (AsciiIEquals(word, "$false")) return std::string("False");
    return std::string(word);
  }

  tl::unexpected<Error> SyntaxError(std::size_t position) {
    if (unterminated_at_ != 0) position = unterminated_at_;
    return Fail(ErrorCode::kInvalidArgument,
                std::string(kBindPrefix) +
                    "\"Invalid filter syntax. For a description of the filter parameter syntax "
                    "see the command help. \"" +
                    std::string(text_) + "\" at position " + std::to_string(position) + ".\"");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token next_;
  bool peeked_ = false;
  std::size_t unterminated_at_ = 0;  // where an unclosed quote began; 0 when none
};

}  // namespace

Result<OpathFilter> ParseOpath(std::string_view text) {
  if (TrimAscii(text).empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(kBindPrefix) +
                    "\"The filter is empty. Specify a filter such as \"MemberOfGroup -eq "
                    "'<group distinguished name>'\".\"");
  }
  return Parser(text).Run();
}

}  // namespace graphpost::sandbox::exchange
