// cli/setup_rehearsal.hpp — `graphpost setup --rehearse`: the dress rehearsal of a runbook. It
// starts an embedded sandbox (blank world, 127.0.0.1, port 0) in <dir>/sandbox, makes its tenant
// look like the admin's (setup::PrepareRehearsalTenant), runs the plan's steps there
// (setup::RunPlanOnSandbox), adds one connection per mailbox to the data directory <dir>/data
// (never the user's), runs the doctor on each, and stops the sandbox. Nothing here prints a
// secret: the client secret the plan made goes straight into the sealed store. In certificate mode
// <dir>/data is removed at the end, since it holds the real private key (sealed). Not thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "cli/client_commands.hpp"
#include "cli/setup_keys.hpp"
#include "core/result.hpp"
#include "doctor/doctor.hpp"
#include "setup/plan.hpp"

namespace graphpost::cli {

struct RehearsalInputs {
  std::filesystem::path dir;  // <out_dir>/rehearsal: emptied first, then sandbox/ and data/
  ClientEnv env;              // the CLI's environment (its master key is NOT used for data/)
  // Certificate mode: the key pair setup made (certificate uploaded, private key read from its
  // file into the rehearsal's sealed store). Null in client-secret mode.
  const SetupKeyPair* key_pair = nullptr;
};

struct RehearsalStep {
  std::string kind;  // setup::StepKindName
  std::string title;
  bool changed = false;
  std::string detail;
};

// What happened. `failure` is the first thing that went wrong after the sandbox started (a step,
// adding a connection, opening the store); the steps and reports before it are kept.
struct RehearsalReport {
  std::string tenant_id;
  std::vector<RehearsalStep> steps;
  std::vector<std::string> connections;  // names added to <dir>/data
  std::vector<doctor::DoctorReport> reports;
  std::optional<Error> failure;
};

// Runs the rehearsal of `plan`. With `progress` (people's output), each step is printed as it
// completes and each doctor report as it is made. Errors only when the rehearsal cannot start
// (the folder or the sandbox); everything after that ends up in the report.
[[nodiscard]] Result<RehearsalReport> RunRehearsal(const setup::Plan& plan,
                                                   const RehearsalInputs& inputs,
                                                   std::ostream* progress);

// The verdict on a rehearsal: kFailedPrecondition naming the failed step, the connection that
// cannot send, or (recommended mode) the connection whose `permissions` check warns. In
// as-the-guide mode that warning is what the guide leaves behind and does not fail.
[[nodiscard]] Status RehearsalVerdict(setup::Mode mode, const RehearsalReport& report);

// {"tenantId", "steps": [{"kind","title","changed","detail"}], "connections": [...],
//  "reports": [doctor::ReportToJson...], "error": "..." (when failed)}.
boost::json::object RehearsalToJson(const RehearsalReport& report);

}  // namespace graphpost::cli
