// setup/internal/ps_lexer.cpp — see ps_lexer.hpp. One pass over the script; a `$( … )` inside an
// expandable string is lexed as code by a nested call, bounded by kMaxNesting so hostile input
// cannot exhaust the stack.
#include "setup/internal/ps_lexer.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace graphpost::setup::internal {
namespace {

constexpr int kMaxNesting = 64;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }
// Characters that end a bare word (besides white space and line breaks).
bool EndsWord(char c) {
  return std::string_view("|;(){}[],'\"=").find(c) != std::string_view::npos;
}

class Lexer {
 public:
  explicit Lexer(std::string_view script) : s_(script) {}

  std::vector<PsToken> Run() {
    LexCode(false);
    return std::move(out_);
  }

 private:
  char At(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  void Emit(PsTokenKind kind, size_t begin, size_t end, int line) {
    out_.push_back(PsToken{kind, s_.substr(begin, end - begin), line});
  }
  // Consumes one character, counting line breaks.
  void Advance() {
    if (s_[pos_] == '\n') ++line_;
    ++pos_;
  }

  // Lexes code until the end, or (in a subexpression) until the ')' that closes it.
  void LexCode(bool in_subexpression) {
    int parens = 0;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ')' && in_subexpression && parens == 0) {
        Emit(PsTokenKind::kClose, pos_, pos_ + 1, line_);
        ++pos_;
        return;
      }
      if (c == '(' || ((c == '$' || c == '@') && At(pos_ + 1) == '(')) ++parens;
      if (c == ')' && parens > 0) --parens;
      LexToken();
    }
  }

  void LexToken() {
    const char c = s_[pos_];
    const char next = At(pos_ + 1);
    if (IsSpace(c)) return Advance();
    if (c == '\n') return Single(PsTokenKind::kEndOfStatement);
    if (c == '`' && (next == '\n' || (next == '\r' && At(pos_ + 2) == '\n'))) {
      while (s_[pos_] != '\n') Advance();
      return Advance();  // the continuation: no end of statement
    }
    if (c == '#') return SkipLineComment();
    if (c == '<' && next == '#') return SkipBlockComment();
    if (c == '\'') return LexSingleQuoted();
    if (c == '"') return LexDoubleQuoted();
    if (c == '@' && (next == '\'' || next == '"') && IsHereStringStart(pos_ + 2)) {
      return LexHereString(next);
    }
    if ((c == '$' || c == '@') && (next == '(' || (c == '@' && next == '{'))) {
      return Multi(PsTokenKind::kOpen, 2);
    }
    if (c == '(' || c == '{' || c == '[') return Single(PsTokenKind::kOpen);
    if (c == ')' || c == '}' || c == ']') return Single(PsTokenKind::kClose);
    if (c == '|') {
      return next == '|' ? Multi(PsTokenKind::kEndOfStatement, 2) : Single(PsTokenKind::kPipe);
    }
    if (c == '&') {
      return next == '&' ? Multi(PsTokenKind::kEndOfStatement, 2) : Single(PsTokenKind::kCall);
    }
    if (c == ';') return Single(PsTokenKind::kEndOfStatement);
    if (c == '$') return LexVariable();
    if (c == '@' && IsNameChar(next)) return LexVariable();
    if (c == '=') return Single(PsTokenKind::kAssign);
    if (std::string_view("+-*/%").find(c) != std::string_view::npos && next == '=') {
      return Multi(PsTokenKind::kAssign, 2);
    }
    if (c == '-' && (IsAlpha(next) || next == '_' || next == '?') && AfterBoundary()) {
      return LexParameter();
    }
    if (c == '.' && (IsSpace(next) || next == '\n')) return Single(PsTokenKind::kCall);
    if (c == ',' || c == '!' || c == '<' || c == '>' || c == '+' || c == '*' || c == '/' ||
        c == '%' || (c == '-' && !IsDigit(next) && next != '.' && AfterBoundary())) {
      return Single(PsTokenKind::kOther);
    }
    LexWord();
  }

  // A parameter starts a token of its own: `$x-y` and `a-b` are not `-y` and `-b`.
  bool AfterBoundary() const {
    if (pos_ == 0) return true;
    const char prev = s_[pos_ - 1];
    return IsSpace(prev) || std::string_view("\n({[;|,=").find(prev) != std::string_view::npos;
  }

  void Single(PsTokenKind kind) { Multi(kind, 1); }
  void Multi(PsTokenKind kind, size_t n) {
    Emit(kind, pos_, pos_ + n, line_);
    for (size_t i = 0; i < n; ++i) Advance();
  }

  void SkipLineComment() {
    while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
  }
  void SkipBlockComment() {
    pos_ += 2;
    while (pos_ < s_.size() && !(s_[pos_] == '#' && At(pos_ + 1) == '>')) Advance();
    pos_ = pos_ < s_.size() ? pos_ + 2 : pos_;
  }

  void LexSingleQuoted() {
    Emit(PsTokenKind::kString, pos_, pos_ + 1, line_);
    ++pos_;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '\'' && At(pos_ + 1) == '\'') {
        pos_ += 2;
      } else if (s_[pos_] == '\'') {
        ++pos_;
        return;
      } else {
        Advance();
      }
    }
  }

  void LexDoubleQuoted() {
    Emit(PsTokenKind::kString, pos_, pos_ + 1, line_);
    ++pos_;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '`' || (c == '"' && At(pos_ + 1) == '"')) {
        Advance();
        if (pos_ < s_.size()) Advance();
      } else if (c == '"') {
        ++pos_;
        return;
      } else if (!TrySubexpression()) {
        Advance();
      }
    }
  }

  // At "$(" inside an expandable string: lexes the code up to its ')' and returns true.
  bool TrySubexpression() {
    if (s_[pos_] != '$' || At(pos_ + 1) != '(' || depth_ >= kMaxNesting) return false;
    Multi(PsTokenKind::kOpen, 2);
    ++depth_;
    LexCode(true);
    --depth_;
    return true;
  }

  // @' or @" must be followed by nothing but white space up to the line break.
  bool IsHereStringStart(size_t i) const {
    while (i < s_.size() && IsSpace(s_[i])) ++i;
    return i < s_.size() && s_[i] == '\n';
  }

  // A here-string ends at a line that starts with the quote and '@'.
  void LexHereString(char quote) {
    Emit(PsTokenKind::kString, pos_, pos_ + 2, line_);
    pos_ += 2;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '\n' && At(pos_ + 1) == quote && At(pos_ + 2) == '@') {
        Advance();
        pos_ += 2;
        return;
      }
      if (quote == '\'' || !TrySubexpression()) Advance();
    }
  }

  void LexVariable() {
    const size_t begin = pos_;
    const int line = line_;
    ++pos_;
    if (s_[begin] == '$' && At(pos_) == '{') {
      while (pos_ < s_.size() && s_[pos_] != '}') Advance();
      if (pos_ < s_.size()) ++pos_;
    } else {
      while (pos_ < s_.size() && (IsNameChar(s_[pos_]) || s_[pos_] == ':' || s_[pos_] == '?' ||
                                  s_[pos_] == '^' || s_[pos_] == '$')) {
        ++pos_;
      }
    }
    Emit(PsTokenKind::kVariable, begin, pos_, line);
  }

  // -Name, -Name:value (the value is lexed as the next token).
  void LexParameter() {
    const size_t begin = ++pos_;
    while (pos_ < s_.size() && (IsNameChar(s_[pos_]) || s_[pos_] == '?')) ++pos_;
    Emit(PsTokenKind::kParameter, begin, pos_, line_);
    if (At(pos_) == ':') ++pos_;
  }

  void LexWord() {
    const size_t begin = pos_;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (IsSpace(c) || c == '\n' || (pos_ > begin && EndsWord(c))) break;
      if (c == '`' && pos_ > begin && (At(pos_ + 1) == '\n' || At(pos_ + 1) == '\r')) break;
      if (c == '`' && pos_ + 1 < s_.size()) ++pos_;  // an escaped character belongs to the word
      ++pos_;
    }
    Emit(PsTokenKind::kWord, begin, pos_, line_);
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  int depth_ = 0;
  std::vector<PsToken> out_;
};

}  // namespace

std::vector<PsToken> TokenizePowerShell(std::string_view script) { return Lexer(script).Run(); }

}  // namespace graphpost::setup::internal
