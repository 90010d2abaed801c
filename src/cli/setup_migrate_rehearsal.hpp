// cli/setup_migrate_rehearsal.hpp — the parts of `setup migrate --rehearse` that talk to the
// sandbox besides the plan's steps (setup_migrate.cpp runs those): its clock and settings, the
// doctor on each connection while Exchange propagates, and the checks after the last phase.
// Internal to src/cli. Not thread-safe; one rehearsal at a time.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "app/client.hpp"
#include "core/result.hpp"
#include "sandbox/state/offset_clock.hpp"
#include "setup/answers.hpp"
#include "setup/sandbox_runner.hpp"

namespace graphpost::cli::migrate {

// A Exchange-like propagation delay for the rehearsal (Exchange takes 30 min to 2 h).
inline constexpr long long kRehearsalPropagationDelaySeconds = 1800;
// How far the sandbox's clock moves between two rounds of doctor probes.
inline constexpr long long kProbeStepSeconds = 300;

struct Rehearsal {
  app::Client& client;
  setup::AdminPort& admin;
  std::string tenant_id;                 // the sandbox tenant (GUID)
  std::string app_id;                    // the app's client ID
  std::vector<std::string> connections;  // names of the app's connections, target first
  std::vector<std::string> mailboxes;    // their mailboxes (primary addresses), same order
  std::ostream& out;
  // The client's clock (ClientTuning::clock), kept at the sandbox's clock offset so the client
  // assertions of certificate connections stay within the time range the sandbox accepts. Null:
  // the client runs on the system clock (then only secret connections can be rehearsed).
  sandbox::OffsetClock* client_clock = nullptr;
};

// A number setting of the sandbox ("propagationDelaySeconds", "clockOffsetSeconds").
[[nodiscard]] Result<long long> ReadSetting(setup::AdminPort& admin, const std::string& name);
[[nodiscard]] Status WriteSetting(setup::AdminPort& admin, const std::string& name,
                                  long long value);
// Sets r.client_clock to the sandbox's current clock offset (call it once the admin API is
// connected, before the client asks for a token).
[[nodiscard]] Status FollowSandboxClock(Rehearsal& r);
// Moves the sandbox's clock `seconds` forward (no real time passes), and r.client_clock with it.
[[nodiscard]] Status AdvanceClock(Rehearsal& r, long long seconds);

// After phase 1: moves the sandbox's clock forward in steps of kProbeStepSeconds, probing every
// connection with the doctor (no message sent) each time, until all pass and the sandbox's
// propagation delay `delay_seconds` has passed (the Entra grant still authorizes them meanwhile,
// so the doctor alone cannot tell the scope has arrived), or `wait_seconds` is used up.
// kFailedPrecondition "propagation: ..." when a connection still fails at the end: the grant must
// not be removed then.
[[nodiscard]] Status WaitForPropagation(Rehearsal& r, long long wait_seconds,
                                        long long delay_seconds);

// The checks after the last phase, each printed; kFailedPrecondition "check '<name>' failed: ..."
// for the first that fails.
// A fresh token of the app (empty cache) carries no tenant-wide mail role.
[[nodiscard]] Status CheckNoMailRole(Rehearsal& r);
// Every connection passes the doctor, test send to its own mailbox included.
[[nodiscard]] Status CheckEveryConnectionSends(Rehearsal& r);
// No Application Access Policy names the app any more (phase 3 removed it, or there was none).
[[nodiscard]] Status CheckNoAccessPolicy(Rehearsal& r);
// Sending as `canary` with the app's token is refused with 403 ErrorAccessDenied, and the
// sandbox's request log shows that 403 for the canary's mailbox. The probe message has no
// recipients, so nothing is sent even when the app were allowed.
[[nodiscard]] Status CheckCanaryRefused(Rehearsal& r, const std::string& canary);

// A mailbox of the tenant outside `answers`' mailboxes (Get-Mailbox: the first user mailbox, else
// shared mailbox, by primary address); kFailedPrecondition when there is none.
[[nodiscard]] Result<std::string> DefaultCanary(Rehearsal& r, const setup::Answers& answers);

}  // namespace graphpost::cli::migrate
