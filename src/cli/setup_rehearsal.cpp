// `graphpost setup --rehearse`: the runbook's steps on an embedded blank sandbox, then one
// connection per mailbox and the doctor on each (cli/setup_rehearsal.hpp).
#include "cli/setup_rehearsal.hpp"

#include <system_error>

#include <sys/stat.h>

#include "app/client.hpp"
#include "app/connection_test.hpp"
#include "cli/client_store.hpp"
#include "cli/sandbox_admin_port.hpp"
#include "cli/sandbox_endpoint.hpp"
#include "core/ascii.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/random.hpp"
#include "sandbox/server/sandbox.hpp"
#include "setup/sandbox_runner.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;

// The rehearsal folder is graphpost's own: an earlier rehearsal's sandbox and connections would
// make the tenant not blank and the connection names taken, so it starts empty every time.
Status FreshDir(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec)
    return Fail(ErrorCode::kInternal,
                "rehearsal: cannot empty " + dir.string() + ": " + ec.message());
  for (const fs::path& d : {dir, dir / "sandbox", dir / "data"}) {
    fs::create_directories(d, ec);
    if (ec || ::chmod(d.c_str(), 0700) != 0) {
      return Fail(ErrorCode::kInternal, "rehearsal: cannot create " + d.string());
    }
  }
  return Ok();
}

Result<std::unique_ptr<sandbox::Sandbox>> StartSandbox(const fs::path& state_dir, Clock& clock,
                                                       Random& random) {
  sandbox::SandboxOptions options{.state_dir = state_dir, .host = "127.0.0.1", .port = 0};
  auto sb = sandbox::Sandbox::Start(std::move(options), clock, random);
  if (!sb) return Fail(sb.error().code, "rehearsal sandbox: " + sb.error().message);
  return sb;
}

// The address a connection sends as: the primary address the plan's Get-Mailbox step bound, else
// the one the answers give.
std::string SendingAddress(const setup::MailboxAnswer& m, const setup::Bindings& bindings) {
  auto found = bindings.primary.find(AsciiLower(m.address));
  return found != bindings.primary.end() ? found->second : setup::SendingAddress(m);
}

// One connection as `connection add --sandbox` would make it, with the credential the plan made.
Result<connections::Connection> MakeConnection(const setup::MailboxAnswer& m,
                                               const setup::Plan& plan,
                                               const setup::Bindings& bindings,
                                               const sandbox::Endpoint& endpoint,
                                               const SetupKeyPair* key_pair, Clock& clock) {
  connections::Connection c;
  c.name = setup::ConnectionName(m);
  c.tenant = bindings.tenant_id;
  c.client_id = bindings.app_id;
  c.user_id = SendingAddress(m, bindings);
  PointAtSandbox(c, endpoint);
  if (key_pair != nullptr) {
    auto key = ReadFileText(key_pair->private_key_path);
    if (!key)
      return Fail(key.error().code,
                  "private key: cannot read " + key_pair->private_key_path.string());
    c.auth_type = connections::AuthType::kCertificate;
    c.certificate_pem = key_pair->certificate_pem;
    c.private_key_pem = Secret(std::move(*key));
    return c;
  }
  if (bindings.client_secret.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "connection '" + c.name + "': the plan bound no client secret");
  }
  c.client_secret = bindings.client_secret;
  // 30 days a month: never later than the date Entra shows, so a reminder comes early, not late.
  c.secret_expires_on = clock.WallNow() + std::chrono::days(30) * plan.answers.credential_months;
  return c;
}

Status AddConnections(const setup::Plan& plan, const setup::Bindings& bindings,
                      const sandbox::Endpoint& endpoint, const SetupKeyPair* key_pair,
                      app::Client& client, Clock& clock, RehearsalReport& report) {
  for (const auto& m : plan.answers.mailboxes) {
    auto c = MakeConnection(m, plan, bindings, endpoint, key_pair, clock);
    if (!c) return Fail(c.error());
    if (auto s = client.connections().Add(*c); !s) {
      return Fail(s.error().code, "connection '" + c->name + "': " + s.error().message);
    }
    report.connections.push_back(c->name);
  }
  return Ok();
}

void PrintStep(std::ostream& out, const RehearsalStep& step) {
  out << "  " << (step.changed ? "done " : "found") << "  " << step.title;
  if (!step.detail.empty()) out << " (" << step.detail << ")";
  out << "\n";
}

Status RunSteps(const setup::Plan& plan, setup::AdminPort& admin, setup::Bindings& bindings,
                RehearsalReport& report, std::ostream* progress) {
  auto tenant = setup::PrepareRehearsalTenant(plan.answers, admin);
  if (!tenant)
    return Fail(tenant.error().code, "preparing the blank tenant: " + tenant.error().message);
  report.tenant_id = bindings.tenant_id = *tenant;
  if (progress) *progress << "Rehearsal tenant " << *tenant << ": running the runbook's steps\n";
  return setup::RunPlanOnSandbox(plan, 0, admin, bindings, [&](const setup::StepOutcome& o) {
    RehearsalStep step{.kind = std::string(setup::StepKindName(o.step->kind)),
                       .title = o.step->title,
                       .changed = o.changed,
                       .detail = o.detail};
    if (progress) PrintStep(*progress, step);
    report.steps.push_back(std::move(step));
  });
}

// The connections and the doctor, on the data directory <dir>/data with its own master key.
Status ConnectAndTest(const setup::Plan& plan, const setup::Bindings& bindings,
                      const sandbox::Endpoint& endpoint, const RehearsalInputs& inputs,
                      Clock& clock, RehearsalReport& report, std::ostream* progress) {
  ClientGlobal g{.data_dir = inputs.dir / "data", .json = false, .env = inputs.env};
  g.env.master_key.reset();
  auto client = OpenClient(g, {.tokens_on_disk = false});
  if (!client)
    return Fail(client.error().code, "rehearsal data directory: " + client.error().message);
  if (auto s = AddConnections(plan, bindings, endpoint, inputs.key_pair, **client, clock, report);
      !s) {
    return s;
  }
  for (const auto& name : report.connections) {
    auto doctor = app::TestConnection(**client, name, {});
    if (!doctor)
      return Fail(doctor.error().code, "doctor on '" + name + "': " + doctor.error().message);
    if (progress) *progress << doctor::RenderReport(*doctor);
    report.reports.push_back(std::move(*doctor));
  }
  return Ok();
}

}  // namespace

Result<RehearsalReport> RunRehearsal(const setup::Plan& plan, const RehearsalInputs& inputs,
                                     std::ostream* progress) {
  if (auto s = FreshDir(inputs.dir); !s) return Fail(s.error());
  SystemClock clock;
  SystemRandom random;
  auto sb = StartSandbox(inputs.dir / "sandbox", clock, random);
  if (!sb) return Fail(sb.error());
  RehearsalReport report;
  auto admin_client = AdminClient::Connect(inputs.dir / "sandbox");
  Status done = admin_client ? Ok() : Status(Fail(admin_client.error()));
  if (done) {
    SandboxAdminPort admin(**admin_client);
    setup::Bindings bindings;
    if (inputs.key_pair != nullptr) bindings.certificate_pem = inputs.key_pair->certificate_pem;
    done = RunSteps(plan, admin, bindings, report, progress);
    if (done)
      done = ConnectAndTest(plan, bindings, (*sb)->endpoint(), inputs, clock, report, progress);
  }
  if (!done) report.failure = done.error();
  (*sb)->Stop();
  // Certificate mode rehearses the real key pair: its private key, sealed in data/ beside the
  // master key, must not stay in a runbook folder that may be mailed to a colleague.
  if (inputs.key_pair != nullptr) {
    std::error_code ec;
    fs::remove_all(inputs.dir / "data", ec);
  }
  return report;
}

}  // namespace graphpost::cli
