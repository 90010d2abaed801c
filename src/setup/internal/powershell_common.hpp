// setup/internal/powershell_common.hpp — what entra.ps1 and exchange.ps1 share: the script's
// frame (header comment, $ErrorActionPreference, the StepFailed function) and the block each step
// is rendered into (its own try/catch that prints the step, the error and the hint, then exits 1).
// Every value that came from the answers is written as a single-quoted literal (PsQuote), never
// inside a double-quoted string, so no answer can expand as PowerShell. Pure; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "setup/plan.hpp"

namespace graphpost::setup::internal {

// True when `step` belongs in a script rendered for `phase` (0 = every phase).
bool InPhase(const Step& step, int phase);

// The steps of `plan` on one side (Entra or Exchange) in `phase`.
std::vector<const Step*> SideSteps(const Plan& plan, bool entra, int phase);

// "# line\n" for each line of `text` (wrapped at the caller's line breaks).
std::string Comment(std::string_view text);

// $ErrorActionPreference = 'Stop' and the StepFailed function every step's catch calls.
std::string ScriptFrame();

// One step: a comment with the guide's step, $step and $hint, then `body` (lines without
// indentation, '\n'-separated) inside try { } catch { StepFailed $step $hint $_ }.
std::string StepBlock(const Step& step, std::string_view body);

// A block that is not one of the plan's steps (connecting, the handoff file), same frame.
std::string SetupBlock(std::string_view title, std::string_view hint, std::string_view body);

}  // namespace graphpost::setup::internal
