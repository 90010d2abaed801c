#include "sandbox/graph/odata_filter_tokens.hpp"

#include <cstdlib>

#include "core/time_format.hpp"

namespace graphpost::sandbox::graph {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsIdentifierChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// 8-4-4-4-12 hex digits, not followed by more identifier characters.
bool IsGuidAt(std::string_view text, std::size_t pos) {
  constexpr std::size_t kLength = 36;
  if (pos + kLength > text.size()) return false;
  for (std::size_t i = 0; i < kLength; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[pos + i] != '-' : !IsHex(text[pos + i])) return false;
  }
  return pos + kLength == text.size() || !IsIdentifierChar(text[pos + kLength]);
}

// "YYYY-" starts a date or DateTimeOffset literal.
bool IsDateAt(std::string_view text, std::size_t pos) {
  if (pos + 5 > text.size()) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!IsDigit(text[pos + i])) return false;
  }
  return text[pos + 4] == '-';
}

std::size_t ScanWhile(std::string_view text, std::size_t pos, bool (*accept)(char)) {
  while (pos < text.size() && accept(text[pos])) ++pos;
  return pos;
}

bool IsDateChar(char c) {
  return IsDigit(c) || c == 'T' || c == 'Z' || c == ':' || c == '.' || c == '-' || c == '+';
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
        continue;
      }
      auto status = LexOne(c);
      if (!status) return Fail(status.error());
    }
    Token end;
    end.pos = text_.size();
    tokens_.push_back(end);
    return std::move(tokens_);
  }

 private:
  Status LexOne(char c) {
    switch (c) {
      case '(':
        return Punct(TokenKind::kLeftParen);
      case ')':
        return Punct(TokenKind::kRightParen);
      case ',':
        return Punct(TokenKind::kComma);
      case ':':
        return Punct(TokenKind::kColon);
      case '/':
        return Punct(TokenKind::kSlash);
      case '\'':
        return LexString();
      default:
        break;
    }
    if (IsGuidAt(text_, pos_)) return Emit(TokenKind::kGuid, pos_ + 36);
    if (IsDateAt(text_, pos_)) return LexDateTime();
    bool negative = c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]);
    if (IsDigit(c) || negative) return LexNumber();
    if (IsAlpha(c) || c == '_')
      return Emit(TokenKind::kIdentifier, ScanWhile(text_, pos_, IsIdentifierChar));
    return Fail(ErrorCode::kInvalidArgument,
                "Syntax error: character '" + std::string(1, c) + "' is not valid at position " +
                    std::to_string(pos_) + " in '" + std::string(text_) + "'.");
  }

  Status Punct(TokenKind kind) { return Emit(kind, pos_ + 1); }

  Status Emit(TokenKind kind, std::size_t end, std::string text = {}) {
    Token token;
    token.kind = kind;
    token.pos = pos_;
    token.raw = text_.substr(pos_, end - pos_);
    token.text = kind == TokenKind::kGuid ? std::string(token.raw) : std::move(text);
    tokens_.push_back(std::move(token));
    pos_ = end;
    return Ok();
  }

  // 'it''s' is "it's".
  Status LexString() {
    std::string value;
    for (std::size_t i = pos_ + 1; i < text_.size(); ++i) {
      if (text_[i] != '\'') {
        value.push_back(text_[i]);
      } else if (i + 1 < text_.size() && text_[i + 1] == '\'') {
        value.push_back('\'');
        ++i;
      } else {
        return Emit(TokenKind::kString, i + 1, std::move(value));
      }
    }
    return Fail(ErrorCode::kInvalidArgument,
                "There is an unterminated string literal at position " + std::to_string(pos_) +
                    " in '" + std::string(text_) + "'.");
  }

  Status LexDateTime() {
    std::size_t end = ScanWhile(text_, pos_, IsDateChar);
    auto instant = ParseIso8601(text_.substr(pos_, end - pos_));
    if (!instant) {
      return Fail(ErrorCode::kInvalidArgument,
                  "The DateTimeOffset text '" + std::string(text_.substr(pos_, end - pos_)) +
                      "' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each "
                      "field value is within valid range.");
    }
    Status status = Emit(TokenKind::kDateTime, end);
    tokens_.back().instant = *instant;
    return status;
  }

  Status LexNumber() {
    std::size_t end = pos_ + (text_[pos_] == '-' ? 1 : 0);
    end = ScanWhile(text_, end, IsDigit);
    bool integral = true;
    if (end + 1 < text_.size() && text_[end] == '.' && IsDigit(text_[end + 1])) {
      end = ScanWhile(text_, end + 1, IsDigit);
      integral = false;
    }
    if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
      std::size_t exp = end + 1;
      if (exp < text_.size() && (text_[exp] == '+' || text_[exp] == '-')) ++exp;
      if (exp < text_.size() && IsDigit(text_[exp])) {
        end = ScanWhile(text_, exp, IsDigit);
        integral = false;
      }
    }
    std::string digits(text_.substr(pos_, end - pos_));
    Status status = Emit(TokenKind::kNumber, end);
    tokens_.back().number = std::strtod(digits.c_str(), nullptr);
    tokens_.back().integral = integral;
    return status;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view text) { return Lexer(text).Run(); }

}  // namespace graphpost::sandbox::graph
