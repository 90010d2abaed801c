// sandbox/exchange/internal/cmdlet_args.hpp — binds a CmdletCall's parameters to a cmdlet's
// declared parameters with PowerShell's rules (case-insensitive names, unambiguous prefixes, one
// positional parameter, mandatory parameters) and parses PowerShell-ish values (lists,
// hashtables). Value type; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sandbox/exchange/cmdlets.hpp"

namespace graphpost::sandbox::exchange::internal {

struct ParamSpec {
  std::string_view name;
  bool mandatory = false;
  bool is_switch = false;
};

class CmdletArgs {
 public:
  // Binds `call` to `params`; `positional` names the parameter a nameless argument binds to (empty:
  // none). kInvalidArgument with PowerShell's text for unknown, ambiguous, repeated, empty or
  // missing mandatory parameters.
  [[nodiscard]] static Result<CmdletArgs> Bind(const std::vector<ParamSpec>& params,
                                               std::string_view positional, const CmdletCall& call);

  bool Has(std::string_view name) const;
  // The value as given (not trimmed), or "" when the parameter was not given.
  std::string Get(std::string_view name) const;
  std::optional<std::string> Find(std::string_view name) const;
  // True when the switch is present and not "false"/"$false"/"0".
  bool Switch(std::string_view name) const;
  // The comma-separated items of the value, trimmed and unquoted, empty ones dropped;
  // `@('a','b')` is accepted too.
  std::vector<std::string> List(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;  // by declared name
};

// Splits a PowerShell list value ("a, 'b', \"c\"" or "@('a','b')") into unquoted items.
std::vector<std::string> SplitList(std::string_view value);

// A hashtable value such as "@{Add='a','b'; Remove='c'}": lower-cased keys → unquoted items.
// nullopt when `value` is not a hashtable.
std::optional<std::map<std::string, std::vector<std::string>>> ParseHashtable(
    std::string_view value);

// Removes one pair of matching surrounding quotes.
std::string Unquote(std::string_view value);

}  // namespace graphpost::sandbox::exchange::internal
