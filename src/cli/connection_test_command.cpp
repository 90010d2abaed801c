// `graphpost connection test NAME [--send-test-to ADDR]`: the guide's Connect button plus the
// doctor.
#include <iostream>
#include <thread>

#include <boost/json.hpp>

#include "app/client.hpp"
#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "doctor/doctor.hpp"
#include "doctor/graph_probe.hpp"

namespace graphpost::cli {

namespace {

// The doctor's test message goes through the MailSender like any message `send` sends, with a
// short retry budget: the doctor reports, it does not wait out an outage.
doctor::TestSender TestSenderOf(app::Client& client, const std::string& name) {
  return [&client, name](const graph::OutgoingMessage& message) -> Status {
    graph::ReliableSendOptions reliability;
    reliability.retry.retry_for = std::chrono::seconds{20};
    auto sent = client.mail_sender().Send({.connection = name,
                                           .message = message,
                                           .message_id = NewGuid(client.random()),
                                           .reliability = reliability});
    if (!sent) return Fail(sent.error().error);
    return Ok();
  };
}

}  // namespace

Status RunConnectionTest(const ClientGlobal& g, const std::string& name,
                         const std::string& send_test_to) {
  // Tokens in memory only: the credential check must ask Entra, not read a token saved earlier.
  auto client = OpenClient(g, {.tokens_on_disk = false});
  if (!client) return Fail(client.error());
  auto session = (*client)->Session(name);
  if (!session) return Fail(session.error());
  const connections::Connection& connection = (*session)->connection;
  doctor::GraphMailboxProbe probe(*(*session)->http, *(*session)->tokens, (*client)->random(),
                                  {.connection_name = name,
                                   .graph = {.base_url = (*session)->graph_base},
                                   .send_test = TestSenderOf(**client, name)});
  doctor::DoctorOptions options;
  if (!send_test_to.empty()) options.send_test_to = send_test_to;
  // Exchange may file the test message in Sent Items a moment after the 202.
  options.wait = [](std::chrono::seconds pause) { std::this_thread::sleep_for(pause); };
  doctor::DoctorReport report = doctor::RunDoctor(connection, *(*session)->tokens, probe,
                                                  (*client)->clock(), (*client)->random(), options);
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
