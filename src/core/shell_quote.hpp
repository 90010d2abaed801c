// core/shell_quote.hpp — a word for a POSIX shell, for the commands graphpost prints or writes
// for people to run (the demo's curl lines, the runbook's connections.sh). Pure function.
#pragma once

#include <string>
#include <string_view>

namespace graphpost {

// `text` single-quoted for a POSIX shell, each ' written as '\'' (it's -> 'it'\''s'): the shell
// expands nothing inside.
std::string ShellQuote(std::string_view text);

}  // namespace graphpost
