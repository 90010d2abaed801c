// setup/cmdlet_table.cpp — see cmdlet_table.hpp. The table is plain markdown so a reviewer reads
// it as documentation; the checker walks the tokens of setup/internal/ps_lexer.hpp with a stack
// of nesting levels (one per ( $( @( { @{ [ ), each remembering whether the next word is in
// command position and which call its -Parameters belong to.
#include "setup/cmdlet_table.hpp"

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"
#include "core/result.hpp"
#include "setup/internal/ps_lexer.hpp"

namespace graphpost::setup {
namespace {

using internal::PsToken;
using internal::PsTokenKind;

constexpr std::string_view kCmdletsHeading = "Cmdlets";
constexpr std::string_view kCommonHeading = "Common parameters";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// A markdown cell without its `code` marks.
std::string_view Unquote(std::string_view cell) {
  cell = Trim(cell);
  while (!cell.empty() && cell.front() == '`') cell.remove_prefix(1);
  while (!cell.empty() && cell.back() == '`') cell.remove_suffix(1);
  return Trim(cell);
}

bool IsName(std::string_view text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front()))) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Verb-Noun: letters, one '-', then letters and digits (Get-Mailbox, New-MgApplication).
bool IsVerbNoun(std::string_view word) {
  const size_t dash = word.find('-');
  if (dash == std::string_view::npos || dash < 2 || dash + 1 >= word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (i == dash) continue;
    if (i < dash ? !std::isalpha(c) : !std::isalnum(c)) return false;
  }
  return std::isalpha(static_cast<unsigned char>(word[dash + 1])) != 0;
}

// ---- the table -----------------------------------------------------------------------------

std::vector<std::string_view> SplitRow(std::string_view row) {
  row = Trim(row);
  std::vector<std::string_view> cells;
  if (row.size() < 2 || row.front() != '|' || row.back() != '|') return cells;
  row = row.substr(1, row.size() - 2);
  size_t start = 0;
  for (size_t bar = row.find('|'); bar != std::string_view::npos; bar = row.find('|', start)) {
    cells.push_back(Trim(row.substr(start, bar - start)));
    start = bar + 1;
  }
  cells.push_back(Trim(row.substr(start)));
  return cells;
}

bool IsHeaderOrRule(const std::vector<std::string_view>& cells) {
  if (AsciiLower(Unquote(cells[1])) == "cmdlet") return true;
  for (std::string_view cell : cells) {
    if (cell.find_first_not_of("-: ") != std::string_view::npos) return false;
  }
  return true;
}

Result<std::set<std::string>> ParseParameters(std::string_view cell, std::string_view where) {
  std::set<std::string> out;
  cell = Trim(cell);
  if (cell.empty() || cell == "-" || cell == "(none)") return out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t comma = cell.find(',', start);
    if (comma == std::string_view::npos) comma = cell.size();
    std::string_view name = Unquote(cell.substr(start, comma - start));
    if (!name.empty() && name.front() == '-') name.remove_prefix(1);
    if (!IsName(name)) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(where) + ": parameter '" + std::string(name) + "' is not a name");
    }
    out.emplace(name);
    start = comma + 1;
  }
  return out;
}

Result<CmdletSyntax> ParseRow(const std::vector<std::string_view>& cells, int line, bool common) {
  const std::string where = "line " + std::to_string(line);
  CmdletSyntax row{std::string(Unquote(cells[0])),
                   std::string(Unquote(cells[1])),
                   {},
                   std::string(Unquote(cells[3]))};
  if (row.module.empty()) return Fail(ErrorCode::kInvalidArgument, where + ": empty module");
  if (!common && !IsVerbNoun(row.name)) {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": '" + row.name + "' is not a Verb-Noun cmdlet name");
  }
  if (row.reference.rfind("https://", 0) != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                where + ": the reference of " + row.name + " is not an https:// address");
  }
  auto parameters = ParseParameters(cells[2], where);
  if (!parameters) return Fail(parameters.error());
  row.parameters = std::move(*parameters);
  return row;
}

// A markdown heading of any level; each one ends the section before it.
bool IsHeading(std::string_view line) { return !line.empty() && line.front() == '#'; }

// The rows read so far: cmdlets under "## Cmdlets", parameters for all under "## Common
// parameters".
struct TableBuilder {
  std::map<std::string, CmdletSyntax> table;
  std::set<std::string> common;

  Status AddRow(std::string_view line, int number, bool common_section) {
    const std::vector<std::string_view> cells = SplitRow(line);
    const std::string where = "line " + std::to_string(number);
    if (cells.size() != 4) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": a row needs 4 cells (module | cmdlet | parameters | reference)");
    }
    if (IsHeaderOrRule(cells)) return Ok();
    auto row = ParseRow(cells, number, common_section);
    if (!row) return Fail(row.error());
    if (common_section) {
      common.insert(row->parameters.begin(), row->parameters.end());
    } else if (!table.emplace(row->name, std::move(*row)).second) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ": " + std::string(Unquote(cells[1])) + " is listed twice");
    }
    return Ok();
  }
};

}  // namespace

Result<std::map<std::string, CmdletSyntax>> ParseCmdletTable(std::string_view md) {
  TableBuilder builder;
  std::string_view section;  // the current level-2 heading
  bool in_fence = false;     // inside a ``` code block: no headings, no rows
  int number = 0;
  for (size_t start = 0; start <= md.size(); ++number) {
    size_t end = md.find('\n', start);
    if (end == std::string_view::npos) end = md.size();
    const std::string_view line = Trim(md.substr(start, end - start));
    start = end + 1;
    if (line.rfind("```", 0) == 0) in_fence = !in_fence;
    if (in_fence) continue;
    if (IsHeading(line)) {
      section = line.rfind("## ", 0) == 0 ? Trim(line.substr(3)) : std::string_view();
      continue;
    }
    const bool common = section == kCommonHeading;
    if ((section != kCmdletsHeading && !common) || line.empty() || line.front() != '|') continue;
    if (Status added = builder.AddRow(line, number + 1, common); !added) {
      return Fail(added.error());
    }
  }
  if (builder.table.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "no table rows under a '## Cmdlets' heading");
  }
  for (auto& [name, syntax] : builder.table) {
    syntax.parameters.insert(builder.common.begin(), builder.common.end());
  }
  return std::move(builder.table);
}

// ---- the script ----------------------------------------------------------------------------

namespace {

// Words after which the next word is still a command (if, return, …), and those after which the
// next word is a name being defined, not called (function Get-Thing { … }).
bool KeepsCommandPosition(std::string_view word) {
  static const std::set<std::string> kKeywords = {
      "if",   "elseif", "else",    "while",  "for",   "foreach", "switch",
      "try",  "catch",  "finally", "return", "throw", "do",      "until",
      "trap", "begin",  "process", "end",    "param", "data",    "dynamicparam"};
  return kKeywords.count(AsciiLower(word)) > 0;
}
bool DefinesName(std::string_view word) {
  const std::string lower = AsciiLower(word);
  return lower == "function" || lower == "filter" || lower == "workflow";
}

struct Level {
  int use = -1;                  // index of the call whose arguments this level is reading
  bool command_position = true;  // the next word names a command
  bool skip_name = false;        // the next word is a function's name
};

void OnWord(const PsToken& token, Level& level, std::vector<CmdletUse>& uses) {
  if (level.use < 0 && AsciiLower(token.text) == "in") {  // foreach ($m in Get-Mailbox) { … }
    level.command_position = true;
    return;
  }
  const bool was_command = level.command_position && !level.skip_name;
  level.command_position = false;
  if (level.skip_name) {
    level.skip_name = false;
  } else if (was_command && IsVerbNoun(token.text)) {
    uses.push_back(CmdletUse{token.line, std::string(token.text), {}});
    level.use = static_cast<int>(uses.size()) - 1;
  } else if (was_command && DefinesName(token.text)) {
    level.skip_name = true;
  } else if (was_command && KeepsCommandPosition(token.text)) {
    level.command_position = true;
  }
}

}  // namespace

std::vector<CmdletUse> FindCmdletUses(std::string_view script) {
  std::vector<CmdletUse> uses;
  std::vector<Level> stack(1);
  for (const PsToken& token : internal::TokenizePowerShell(script)) {
    Level& level = stack.back();
    switch (token.kind) {
      case PsTokenKind::kEndOfStatement:
      case PsTokenKind::kPipe:
        level = Level{};
        break;
      case PsTokenKind::kOpen:
        level.command_position = false;
        stack.push_back(Level{-1, token.text != "[", false});
        break;
      case PsTokenKind::kClose:
        if (stack.size() > 1) stack.pop_back();
        break;
      case PsTokenKind::kWord:
        OnWord(token, level, uses);
        break;
      case PsTokenKind::kParameter:
        if (level.use >= 0) uses[level.use].parameters.emplace_back(token.text);
        level.command_position = false;
        break;
      case PsTokenKind::kAssign:
      case PsTokenKind::kCall:
        if (level.use < 0) level.command_position = true;
        break;
      default:
        level.command_position = false;
        break;
    }
  }
  return uses;
}

std::vector<std::string> CheckScript(std::string_view script,
                                     const std::map<std::string, CmdletSyntax>& table) {
  std::map<std::string, const CmdletSyntax*> by_name;  // cmdlet names are case-insensitive too
  for (const auto& [name, syntax] : table) by_name.emplace(AsciiLower(name), &syntax);
  std::vector<std::string> problems;
  for (const CmdletUse& use : FindCmdletUses(script)) {
    const std::string where = "line " + std::to_string(use.line) + ": " + use.cmdlet;
    const auto found = by_name.find(AsciiLower(use.cmdlet));
    if (found == by_name.end()) {
      problems.push_back(where + ": not in docs/powershell-reference.md");
      continue;
    }
    std::set<std::string> documented;
    for (const std::string& p : found->second->parameters) documented.insert(AsciiLower(p));
    for (const std::string& parameter : use.parameters) {
      if (documented.count(AsciiLower(parameter)) == 0) {
        problems.push_back(where + " -" + parameter + ": not a documented parameter");
      }
    }
  }
  return problems;
}

}  // namespace graphpost::setup
