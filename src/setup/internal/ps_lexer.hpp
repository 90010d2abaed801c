// setup/internal/ps_lexer.hpp — a small PowerShell tokenizer, just enough to find the cmdlet calls
// of a generated script (setup/cmdlet_table.hpp). It drops what cannot hold a call: `#` and
// `<# … #>` comments, the text of '…' and "…" strings and of @'…'@ / @"…"@ here-strings. It keeps
// what can: a `$( … )` inside an expandable string ("…" or @"…"@) is tokenized as code between
// an open and a close token. A backtick before a line break joins the lines. Never fails: bad
// input (an unterminated string or group) ends where the text ends. Pure; thread-compatible.
#pragma once

#include <string_view>
#include <vector>

namespace graphpost::setup::internal {

enum class PsTokenKind {
  kWord,            // a bare word: a command name, an argument, a number, a keyword, `.Member`
  kParameter,       // -Name or -Name:value; `text` is the name, without '-' and without ':value'
  kVariable,        // $x, $env:X, ${any name}, @splat
  kString,          // a quoted or here-string (its text is not kept)
  kOpen,            // ( $( @( { @{ [
  kClose,           // ) } ]
  kPipe,            // |
  kEndOfStatement,  // a line break, ';', '&&' or '||'
  kAssign,          // = += -= *= /= %=  (what follows is a new pipeline)
  kCall,            // & or . in command position (what follows is a command name)
  kOther,           // any other operator: , ! .. :: etc.
};

struct PsToken {
  PsTokenKind kind;
  std::string_view text;  // a view into the script
  int line = 0;           // 1-based line where the token starts
};

// The tokens of `script`, in order.
std::vector<PsToken> TokenizePowerShell(std::string_view script);

}  // namespace graphpost::setup::internal
