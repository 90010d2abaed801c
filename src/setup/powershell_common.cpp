// The parts of the generated PowerShell scripts that both sides share
// (setup/internal/powershell_common.hpp) and PsQuote (setup/powershell.hpp).
#include "setup/internal/powershell_common.hpp"

#include "setup/powershell.hpp"

namespace graphpost::setup {

namespace {

// PowerShell ends a single-quoted string at any of five quote characters, not only the ASCII
// one: U+2018, U+2019, U+201A and U+201B count too (its tokenizer's IsSingleQuote). In UTF-8
// these are E2 80 98..9B. Returns the length of the quote character at `text[at]`, 0 if none.
size_t SingleQuoteAt(std::string_view text, size_t at) {
  if (text[at] == '\'') return 1;
  if (at + 2 < text.size() && text[at] == '\xE2' && text[at + 1] == '\x80' &&
      text[at + 2] >= '\x98' && text[at + 2] <= '\x9B') {
    return 3;
  }
  return 0;
}

}  // namespace

std::string PsQuote(std::string_view text) {
  std::string out = "'";
  for (size_t at = 0; at < text.size();) {
    size_t quote = SingleQuoteAt(text, at);
    if (quote > 0) {  // doubled, as PowerShell's own escaping does, so it stays a literal
      out.append(text.substr(at, quote));
      out.append(text.substr(at, quote));
      at += quote;
    } else {
      out += text[at++];
    }
  }
  out += '\'';
  return out;
}

namespace internal {
namespace {

std::string Indented(std::string_view body, std::string_view indent) {
  std::string out;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    if (!line.empty()) {
      out += indent;
      out += line;
    }
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string Block(std::string_view heading, std::string_view label, std::string_view hint,
                  std::string_view body) {
  std::string out = "\n# --- " + std::string(heading) + "\n";
  out += "$step = " + PsQuote(label) + "\n";
  out += "$hint = " + PsQuote(hint) + "\n";
  out += "Write-Host $step\n";
  out += "try {\n" + Indented(body, "  ") + "} catch {\n  StepFailed $step $hint $_\n}\n";
  return out;
}

}  // namespace

bool InPhase(const Step& step, int phase) { return phase == 0 || PhaseOf(step) == phase; }

std::vector<const Step*> SideSteps(const Plan& plan, bool entra, int phase) {
  std::vector<const Step*> steps;
  for (const Step& step : plan.steps) {
    if (IsEntraStep(step.kind) == entra && InPhase(step, phase)) steps.push_back(&step);
  }
  return steps;
}

std::string Comment(std::string_view text) { return Indented(text, "# "); }

std::string ScriptFrame() {
  return "$ErrorActionPreference = 'Stop'\n"
         "\n"
         "# Prints the failed step, the error and the setup guide's advice for it, then stops.\n"
         "function StepFailed([string]$Step, [string]$Hint, $Failure) {\n"
         "  Write-Host ''\n"
         "  Write-Host \"FAILED: $Step\"\n"
         "  Write-Host \"Error: $Failure\"\n"
         "  Write-Host \"Hint: $Hint\"\n"
         "  exit 1\n"
         "}\n";
}

std::string StepBlock(const Step& step, std::string_view body) {
  std::string label = step.guide_step.empty() ? step.title : step.guide_step + ": " + step.title;
  return Block(label, label, step.hint, body);
}

std::string SetupBlock(std::string_view title, std::string_view hint, std::string_view body) {
  return Block(title, title, hint, body);
}

}  // namespace internal
}  // namespace graphpost::setup
