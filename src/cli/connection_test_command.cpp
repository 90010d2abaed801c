// `graphpost connection test NAME [--send-test-to ADDR]`: the guide's Connect button plus the
// doctor (app/connection_test.hpp, shared with the console's Test button).
#include <iostream>
#include <thread>

#include "app/client.hpp"
#include "app/connection_test.hpp"
#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "core/json.hpp"
#include "doctor/doctor.hpp"

namespace graphpost::cli {

Status RunConnectionTest(const ClientGlobal& g, const std::string& name,
                         const std::string& send_test_to) {
  // Tokens in memory only (also for the test send's MailSender): nothing of this run is saved.
  auto client = OpenClient(g, {.tokens_on_disk = false});
  if (!client) return Fail(client.error());
  app::ConnectionTestOptions options;
  if (!send_test_to.empty()) options.send_test_to = send_test_to;
  // Exchange may file the test message in Sent Items a moment after the 202.
  options.wait = [](std::chrono::seconds pause) { std::this_thread::sleep_for(pause); };
  auto report = app::TestConnection(**client, name, options);
  if (!report) return Fail(report.error());
  if (g.json) {
    std::cout << ToJson(doctor::ReportToJson(*report)) << "\n";
  } else {
    std::cout << doctor::RenderReport(*report);
  }
  if (!report->can_send) {
    // In JSON mode the report is on stdout and this error on stderr: nothing is "above" it.
    return Fail(ErrorCode::kFailedPrecondition,
                "connection '" + name + "' cannot send (see the failed checks " +
                    (g.json ? "in the report's \"checks\")" : "above)"));
  }
  return Ok();
}

}  // namespace graphpost::cli
