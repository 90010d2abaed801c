// `graphpost connection test NAME [--send-test-to ADDR]`: the guide's Connect button plus the
// doctor.
#include <iostream>
#include <thread>

#include <boost/json.hpp>

#include "app/client_runtime.hpp"
#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "cli/sandbox_endpoint.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "doctor/doctor.hpp"
#include "doctor/graph_probe.hpp"

namespace graphpost::cli {

Status RunConnectionTest(const ClientGlobal& g, const std::string& name,
                         const std::string& send_test_to) {
  auto store = OpenClientStore(g);
  if (!store) return Fail(store.error());
  auto connection = (*store)->Get(name).transform(WithRunningSandboxEndpoints);
  if (!connection) return Fail(connection.error());
  SystemClock clock;
  SystemRandom random;
  app::ClientRuntime runtime(clock, random);
  auto session = runtime.Open(*connection);
  if (!session) return Fail(session.error());
  doctor::GraphMailboxProbe probe(
      *(*session)->http, *(*session)->tokens, random,
      {.connection_name = name, .graph = {.base_url = (*session)->graph_base}});
  doctor::DoctorOptions options;
  if (!send_test_to.empty()) options.send_test_to = send_test_to;
  // Exchange may file the test message in Sent Items a moment after the 202.
  options.wait = [](std::chrono::seconds pause) { std::this_thread::sleep_for(pause); };
  doctor::DoctorReport report =
      doctor::RunDoctor(*connection, *(*session)->tokens, probe, clock, random, options);
  if (g.json) {
    std::cout << ToJson(doctor::ReportToJson(report)) << "\n";
  } else {
    std::cout << doctor::RenderReport(report);
  }
  if (!report.can_send) {
    // In JSON mode the report is on stdout and this error on stderr: nothing is "above" it.
    return Fail(ErrorCode::kFailedPrecondition,
                "connection '" + name + "' cannot send (see the failed checks " +
                    (g.json ? "in the report's \"checks\")" : "above)"));
  }
  return Ok();
}

}  // namespace graphpost::cli
