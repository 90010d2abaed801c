// `graphpost setup migrate CONNECTION [--rehearse]` (setup_commands.hpp): the migration runbook
// for the app of a connection and, on the sandbox, its dress rehearsal with the checks.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <boost/json.hpp>

#include "cli/admin_client.hpp"
#include "cli/client_store.hpp"
#include "cli/sandbox_admin_port.hpp"
#include "cli/sandbox_endpoint.hpp"
#include "cli/setup_commands.hpp"
#include "cli/setup_migrate_rehearsal.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"
#include "setup/migration.hpp"
#include "setup/runbook.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Loaded {
  connections::Connection target;
  std::vector<connections::Connection> all;
};

Result<Loaded> LoadConnections(app::Client& client, const std::string& name) {
  auto target = client.connections().Get(name);
  if (!target) return Fail(target.error());
  auto all = client.connections().List();
  if (!all) return Fail(all.error());
  return Loaded{std::move(*target), std::move(*all)};
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "none" : out;
}

// Without a sandbox: what the app holds is read from a fresh token's roles (Entra's own view);
// when no token can be had, the guide's grant is assumed. An access policy cannot be seen without
// Exchange, so the runbook's phase 3 is included (it looks before it removes).
setup::MigrationInput InputFromToken(app::Client& client, const setup::Answers& answers,
                                     const connections::Connection& target, std::ostream& out) {
  setup::MigrationInput input{answers, target.client_id, {}, true};
  auto session = client.OpenIsolatedSession(target.name);
  auto token = session ? session->session->tokens->GetToken()
                       : Result<auth::AccessToken>(Fail(session.error()));
  if (!token) {
    out << "No token for '" << target.name << "' (" << token.error().message
        << "): assuming the setup guide's grant, Mail.Send and Mail.ReadWrite\n";
    input.granted_mail_roles = {"Mail.Send", "Mail.ReadWrite"};
    return input;
  }
  for (const auto& role : token->roles) {
    if (AsciiIStartsWith(role, "Mail.")) input.granted_mail_roles.push_back(role);
  }
  return input;
}

Status WriteMigrationRunbook(const MigrateOptions& options, const setup::Plan& plan,
                             const fs::path& dir, std::ostream& out) {
  auto files = setup::MigrationRunbook(plan);
  if (auto written = WriteRunbookFiles(dir, files, options.force); !written) return written;
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.name);
  out << "Runbook: " << dir.string() << " (" << Join(names) << ")\n";
  return Ok();
}

// The sandbox state directory a connection's CA file lives in; kFailedPrecondition otherwise.
Result<fs::path> SandboxDirOf(const connections::Connection& c) {
  auto dir = SandboxStateDirOf(c);
  if (!dir) {
    return Fail(ErrorCode::kFailedPrecondition,
                "connection '" + c.name +
                    "' does not point at a sandbox (--rehearse runs only on the sandbox; add the "
                    "connection with `connection add --sandbox`, or leave out --rehearse to write "
                    "the runbook only)");
  }
  return *dir;
}

// Steps that only look (and bind what they read): "already in place" means nothing for them.
bool OnlyLooks(setup::StepKind kind) {
  return kind == setup::StepKind::kCheckMailbox || kind == setup::StepKind::kReadGroupDn ||
         kind == setup::StepKind::kTestAuthorization;
}

// Runs and prints the steps of `phase`; a phase without steps (no access policy) is skipped.
Status RunPhase(const setup::Plan& plan, int phase, const char* title, setup::AdminPort& admin,
                setup::Bindings& bindings, std::ostream& out) {
  bool any = std::any_of(plan.steps.begin(), plan.steps.end(),
                         [&](const setup::Step& s) { return setup::PhaseOf(s) == phase; });
  if (!any) return Ok();
  out << "Phase " << phase << ": " << title << "\n";
  return setup::RunPlanOnSandbox(plan, phase, admin, bindings, [&](const setup::StepOutcome& o) {
    bool unchanged = !o.changed && !OnlyLooks(o.step->kind);
    out << "  ✓ " << o.step->title << (unchanged ? " (already in place)" : "")
        << (o.detail.empty() ? "" : ": " + o.detail) << "\n";
  });
}

// Restores the sandbox's propagation delay when the rehearsal ends, however it ends.
class DelayGuard {
 public:
  DelayGuard(setup::AdminPort& admin, long long previous) : admin_(admin), previous_(previous) {}
  ~DelayGuard() { (void)migrate::WriteSetting(admin_, "propagationDelaySeconds", previous_); }
  DelayGuard(const DelayGuard&) = delete;
  DelayGuard& operator=(const DelayGuard&) = delete;

 private:
  setup::AdminPort& admin_;
  long long previous_;
};

struct AppOnSandbox {
  std::string tenant_id, object_id, sp_object_id;
};

Result<AppOnSandbox> ReadApp(setup::AdminPort& admin, const connections::Connection& c) {
  auto app = admin.Call("GET", "tenants/" + c.tenant + "/apps/" + c.client_id, nullptr);
  if (!app) {
    return Fail(app.error().code, "app " + c.client_id + " of connection '" + c.name +
                                      "' on the sandbox: " + app.error().message);
  }
  return AppOnSandbox{JsonString(*app, "tenantId").value_or(c.tenant),
                      JsonString(*app, "objectId").value_or(""),
                      JsonString(*app, "servicePrincipalObjectId").value_or("")};
}

Status RunChecks(migrate::Rehearsal& r, const std::string& canary) {
  r.out << "Checks\n";
  if (auto s = migrate::CheckNoMailRole(r); !s) return s;
  if (auto s = migrate::CheckNoAccessPolicy(r); !s) return s;
  if (auto s = migrate::CheckEveryConnectionSends(r); !s) return s;
  return migrate::CheckCanaryRefused(r, canary);
}

// With the sandbox's propagation delay set to Exchange's (restored at the end): phase 1, the
// wait, phases 2 and 3, then the checks.
Status RunPhasesAndChecks(const setup::Plan& plan, migrate::Rehearsal& r, setup::Bindings& bindings,
                          const MigrateOptions& options, const std::string& canary) {
  auto previous_delay = migrate::ReadSetting(r.admin, "propagationDelaySeconds");
  if (!previous_delay) return Fail(previous_delay.error());
  if (auto s = migrate::WriteSetting(r.admin, "propagationDelaySeconds",
                                     migrate::kRehearsalPropagationDelaySeconds);
      !s) {
    return s;
  }
  DelayGuard restore(r.admin, *previous_delay);
  if (auto s = RunPhase(plan, 1, "add the Exchange RBAC scope", r.admin, bindings, r.out); !s)
    return s;
  r.out << "Propagation (sandbox delay " << migrate::kRehearsalPropagationDelaySeconds
        << " s, waiting up to " << static_cast<long long>(options.propagation_wait_seconds)
        << " s on the sandbox's clock)\n";
  if (auto s =
          migrate::WaitForPropagation(r, static_cast<long long>(options.propagation_wait_seconds),
                                      migrate::kRehearsalPropagationDelaySeconds);
      !s) {
    return s;
  }
  if (auto s = RunPhase(plan, 2, "remove the Entra grant", r.admin, bindings, r.out); !s) return s;
  if (auto s = RunPhase(plan, 3, "remove the access policy", r.admin, bindings, r.out); !s)
    return s;
  return RunChecks(r, canary);
}

// The canary must be outside the group, else its refusal would prove nothing (and fail).
Status CheckCanaryOutside(const std::string& canary, const setup::Answers& answers) {
  for (const auto& m : answers.mailboxes) {
    if (AsciiIEquals(setup::SendingAddress(m), canary)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--canary " + canary + " is the mailbox of connection '" +
                      setup::ConnectionName(m) + "', which goes into the group: give one outside");
    }
  }
  return Ok();
}

// `client_clock` is the client's clock (OpenClient's ClientTuning::clock), moved with the
// sandbox's.
Status Rehearse(app::Client& client, sandbox::OffsetClock& client_clock,
                const MigrateOptions& options, const Loaded& loaded, const setup::Answers& answers,
                const fs::path& dir, std::ostream& out) {
  if (auto s = CheckCanaryOutside(options.canary, answers); !s) return s;
  auto sandbox_dir = SandboxDirOf(loaded.target);
  if (!sandbox_dir) return Fail(sandbox_dir.error());
  auto admin_client = AdminClient::Connect(*sandbox_dir);
  if (!admin_client) return Fail(admin_client.error());
  SandboxAdminPort admin(**admin_client);
  auto app = ReadApp(admin, loaded.target);
  if (!app) return Fail(app.error());
  auto input = setup::InspectOnSandbox(answers, loaded.target.client_id, admin, app->tenant_id);
  if (!input) return Fail(input.error());
  out << "Rehearsal on the sandbox at " << (*admin_client)->endpoint().base_url << "\n"
      << "Granted today: " << Join(input->granted_mail_roles)
      << "; Application Access Policy: " << (input->has_access_policy ? "yes" : "none") << "\n";
  auto plan = setup::BuildMigrationPlan(*input);
  if (!plan) return Fail(plan.error());
  if (auto written = WriteMigrationRunbook(options, *plan, dir, out); !written) return written;

  migrate::Rehearsal r{client, admin, app->tenant_id, loaded.target.client_id, {},
                       {},     out,   &client_clock};
  if (auto s = migrate::FollowSandboxClock(r); !s) return s;
  for (const auto& m : answers.mailboxes) {
    r.connections.push_back(setup::ConnectionName(m));
    r.mailboxes.push_back(setup::SendingAddress(m));
  }
  std::string canary = options.canary;
  if (canary.empty()) {
    auto found = migrate::DefaultCanary(r, answers);
    if (!found) return Fail(found.error());
    canary = *found;
  }
  setup::Bindings bindings;
  bindings.tenant_id = app->tenant_id;
  bindings.app_id = loaded.target.client_id;
  bindings.app_object_id = app->object_id;
  bindings.sp_object_id = app->sp_object_id;
  if (auto s = RunPhasesAndChecks(*plan, r, bindings, options, canary); !s) return s;
  out << "Migration rehearsed: " << Join(r.connections)
      << " send through the Exchange scope only\n";
  return Ok();
}

Status MigrateAndReport(const ClientGlobal& g, const MigrateOptions& options, std::ostream& out) {
  // --rehearse: the client's clock follows the sandbox's, which the rehearsal moves forward.
  SystemClock system_clock;
  sandbox::OffsetClock client_clock(system_clock);
  auto client =
      OpenClient(g, {.tokens_on_disk = false, .clock = options.rehearse ? &client_clock : nullptr});
  if (!client) return Fail(client.error());
  auto loaded = LoadConnections(**client, options.connection);
  if (!loaded) return Fail(loaded.error());
  auto answers =
      setup::MigrationAnswers(loaded->target, loaded->all, options.app_name, options.group_name);
  if (!answers) return Fail(answers.error());
  std::vector<std::string> names;
  for (const auto& m : answers->mailboxes) names.push_back(setup::ConnectionName(m));
  out << "Migration of the app " << loaded->target.client_id << " (tenant " << loaded->target.tenant
      << ") to Exchange RBAC only; its connections: " << Join(names) << "\n";
  fs::path dir = options.out_dir.empty() ? fs::path("graphpost-migrate-" + options.connection)
                                         : options.out_dir;
  if (options.rehearse)
    return Rehearse(**client, client_clock, options, *loaded, *answers, dir, out);
  auto input = InputFromToken(**client, *answers, loaded->target, out);
  out << "Granted today: " << Join(input.granted_mail_roles) << "\n";
  auto plan = setup::BuildMigrationPlan(input);
  if (!plan) return Fail(plan.error());
  return WriteMigrationRunbook(options, *plan, dir, out);
}

}  // namespace

Status RunSetupMigrate(const ClientGlobal& g, const MigrateOptions& options, std::ostream& out) {
  if (!g.json) return MigrateAndReport(g, options, out);
  // --json: the progress goes to stderr, stdout gets one JSON document at the end.
  Status status = MigrateAndReport(g, options, std::cerr);
  if (!status) return status;
  fs::path dir = options.out_dir.empty() ? fs::path("graphpost-migrate-" + options.connection)
                                         : options.out_dir;
  out << ToJson(json::object{{"connection", options.connection},
                             {"runbook", dir.string()},
                             {"rehearsed", options.rehearse},
                             {"result", "ok"}})
      << "\n";
  return Ok();
}

}  // namespace graphpost::cli
