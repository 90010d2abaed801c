// setup/runbook.hpp — the runbook folder `graphpost setup` writes (docs/setup.md "The runbook"):
//   README.md          what to do, in order: the portal click path for each step an admin may
//                      prefer to click, when to run which script, the waits, the checks
//   entra.ps1          setup/powershell.hpp
//   exchange.ps1       setup/powershell.hpp
//   connections.sh     the `graphpost connection add` lines (secret or certificate from a file,
//                      never argv), then `graphpost connection test` for each
//   answers.toml       the answers, to run setup again
//   app-cert.pem       certificate mode: the certificate to upload (public part)
// The private key of certificate mode is never in the runbook: it is written by the caller to
// the data directory (0600). Pure rendering plus one function that writes files.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "setup/plan.hpp"

namespace graphpost::setup {

struct RunbookFile {
  std::string name;  // relative to the runbook folder
  std::string content;
  bool executable = false;
};

// What the connection lines need besides the plan.
struct ConnectionLineInputs {
  std::string secret_file = "client-secret.txt";  // where entra.ps1 writes the secret
  std::string certificate_file = "app-cert.pem";  // certificate mode
  std::string private_key_file;                   // certificate mode: absolute path of the key
};

std::string RenderReadme(const Plan& plan);
std::string RenderConnectionLines(const Plan& plan, const ConnectionLineInputs& inputs);

// The files of a setup runbook (README.md, entra.ps1, exchange.ps1, connections.sh, answers.toml;
// plus app-cert.pem when `certificate_pem` is not empty).
std::vector<RunbookFile> SetupRunbook(const Plan& plan, const ConnectionLineInputs& inputs,
                                      const std::string& certificate_pem);
// The files of a migration runbook (README.md, migrate-1-exchange.ps1, migrate-2-entra.ps1,
// migrate-3-exchange.ps1 when the plan removes an access policy).
std::vector<RunbookFile> MigrationRunbook(const Plan& plan);

// What WriteRunbook does with files in `dir` that are not the runbook's: refuse to write there,
// or write the runbook beside them (they stay untouched).
enum class OtherFiles { kRefuse, kKeep };

// Writes `files` into `dir` (created 0700 when missing; files 0600, scripts 0700; each written
// fresh and renamed into place, so a link under one of the names is replaced, not followed).
// With kRefuse, a `dir` that exists and holds files other than these names is refused
// (kAlreadyExists naming one), so a runbook never mixes with unrelated work; rewriting an earlier
// runbook is fine.
[[nodiscard]] Status WriteRunbook(const std::filesystem::path& dir,
                                  const std::vector<RunbookFile>& files,
                                  OtherFiles others = OtherFiles::kRefuse);

}  // namespace graphpost::setup
