// setup/prompts.hpp — `graphpost setup` on a terminal: asks each answer in turn, shows the
// default in brackets (Enter takes it), checks the answer at once and, when it is refused, says
// why in one line and asks again. Reads whole lines from `in` and writes to `out`; nothing else
// (the CLI passes the terminal). Blocking; not thread-safe.
#pragma once

#include <istream>
#include <ostream>

#include "core/result.hpp"
#include "setup/answers.hpp"

namespace graphpost::setup {

// Asks, in order: tenant (GUID or domain; CheckTenant), mail domains (when the tenant is a GUID,
// else defaults to it), cloud, app name, the sending mailboxes one per line until an empty line
// (each through CheckMailboxAddress against the domains; at least one), group name, credential
// (client-secret / certificate), credential months, mode (recommended / as-the-guide, with the
// warning of as-the-guide shown before it is accepted), then shows a summary and asks "Write the
// runbook? [Y/n]". `defaults` fills the brackets (flags given on the command line). Returns the
// answers, validated by ValidateAnswers. kInvalidArgument "input ended before <question>" when
// `in` ends; kFailedPrecondition "cancelled" when the admin answers no to the summary.
[[nodiscard]] Result<Answers> AskAnswers(std::istream& in, std::ostream& out,
                                         const Answers& defaults);

}  // namespace graphpost::setup
