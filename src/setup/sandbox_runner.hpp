// setup/sandbox_runner.hpp — runs a Plan's steps against the sandbox's admin API (docs/sandbox.md:
// the Entra portal steps under /_sandbox/tenants/{t}/apps…, the Exchange cmdlets through POST
// /_sandbox/tenants/{t}/exchange), step by step as the scripts do: look before create, bind what
// a step learns (app ID, Enterprise application object ID, the group's DN, each mailbox's primary
// address, the new secret) for the steps after it, and stop at the first failure with the step's
// hint. This is how `setup --rehearse` and `setup migrate --rehearse` prove the runbook.
// Not thread-safe; one run at a time per Bindings.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "setup/plan.hpp"

namespace graphpost::setup {

// The sandbox's admin API, as a port: the CLI calls the embedded sandbox in-process or a running
// one over HTTPS; tests use the sandbox in-process. `path` is under /_sandbox/ without that prefix
// ("tenants/<id>/exchange"); `body` is sent as JSON when not null. An error reply becomes an Error
// with the sandbox's code and message.
class AdminPort {
 public:
  virtual ~AdminPort() = default;
  [[nodiscard]] virtual Result<boost::json::value> Call(std::string_view method,
                                                        std::string_view path,
                                                        const boost::json::value& body) = 0;
};

// What the steps learn, as the scripts' variables do ($app, $sp, $groupDn, $primary[...]).
struct Bindings {
  std::string tenant_id;      // the sandbox tenant the plan runs in (input)
  std::string app_id;         // Application (client) ID
  std::string app_object_id;  // the App registration's object ID (never used by Exchange)
  std::string sp_object_id;   // the Enterprise application's object ID
  std::string group_dn;       // the group's distinguishedName
  std::map<std::string, std::string> primary;  // mailbox as typed (lower-case) -> primary address
  Secret client_secret;                        // set by kAddClientSecret when it made a new one
  std::string certificate_pem;                 // input for kAddCertificate (public part only)
};

// One step done: `changed` false when it found the thing already in place.
struct StepOutcome {
  const Step* step = nullptr;
  bool changed = false;
  std::string detail;  // e.g. "InScope True", "already a member"
};

// Runs the steps of `plan` (of `phase` only, 0 = all) in order. Returns the first failure as
// kFailedPrecondition (or the admin API's code) "<step title>: <what went wrong>. <hint>".
// `progress` (may be null) is called after each step.
[[nodiscard]] Status RunPlanOnSandbox(const Plan& plan, int phase, AdminPort& admin,
                                      Bindings& bindings,
                                      const std::function<void(const StepOutcome&)>& progress);

// Rehearsal only: makes the blank tenant look like the admin's real one before the runbook runs.
// Creates a tenant (display name from the first domain), adds the answers' domains, and the
// mailboxes the answers name: kUser a licensed user, kShared a shared mailbox, kAlias a user
// mailbox at alias_of with the alias as an extra SMTP address. Also adds one user mailbox outside
// the group, "canary@<first domain>" unless an answer has it, for the rehearsal's refusal check.
// Returns the new tenant's ID.
[[nodiscard]] Result<std::string> PrepareRehearsalTenant(const Answers& answers, AdminPort& admin);

}  // namespace graphpost::setup
