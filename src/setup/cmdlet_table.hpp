// setup/cmdlet_table.hpp — the documented syntax of every cmdlet the runbook's scripts may use,
// read from the table in docs/powershell-reference.md (one row per cmdlet: module, cmdlet, its
// parameters as documented, and the reference page it was checked against), and a checker that
// finds each cmdlet call in a generated script and refuses any cmdlet or parameter the table
// lacks. Used by the golden-file tests; pure functions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::setup {

struct CmdletSyntax {
  std::string module;  // "ExchangeOnlineManagement", "Microsoft.Graph.Applications"…
  std::string name;    // "New-ManagementScope"
  std::set<std::string> parameters;  // without '-', as documented (case kept)
  std::string reference;             // the documentation page's address
};

// Parses the markdown table under the heading "## Cmdlets" of docs/powershell-reference.md:
// | module | cmdlet | parameters (comma-separated, without '-') | reference |
// kInvalidArgument "line N: ..." for a malformed row.
[[nodiscard]] Result<std::map<std::string, CmdletSyntax>> ParseCmdletTable(std::string_view md);

struct CmdletUse {
  int line = 0;                         // 1-based line in the script
  std::string cmdlet;                   // Verb-Noun as written
  std::vector<std::string> parameters;  // the -Name tokens of that call (continued lines joined)
};

// Every call of a Verb-Noun command in `script` (PowerShell: `#` comments and the contents of
// quoted strings skipped; backtick line continuations joined; pipelines split on '|'). Built-in
// PowerShell cmdlets (Where-Object, Write-Host, ConvertTo-Json, …) are reported too.
std::vector<CmdletUse> FindCmdletUses(std::string_view script);

// Problems of `script` against `table`: "line N: Cmdlet: not in docs/powershell-reference.md" or
// "line N: Cmdlet -Param: not a documented parameter". Parameter names match case-insensitively.
// Empty when every use is documented.
std::vector<std::string> CheckScript(std::string_view script,
                                     const std::map<std::string, CmdletSyntax>& table);

}  // namespace graphpost::setup
