// The doctor wired to a Client; see connection_test.hpp.
#include "app/connection_test.hpp"

#include "core/ids.hpp"
#include "doctor/graph_probe.hpp"

namespace graphpost::app {
namespace {

// The doctor's test message goes through the MailSender like any message `send` sends, with a
// short retry budget: the doctor reports, it does not wait out an outage.
doctor::TestSender TestSenderOf(Client& client, const std::string& name) {
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

Result<doctor::DoctorReport> TestConnection(Client& client, std::string_view name,
                                            const ConnectionTestOptions& options) {
  auto isolated = client.OpenIsolatedSession(name);
  if (!isolated) return Fail(isolated.error());
  const ConnectionSession& session = *isolated->session;
  const std::string given(name);  // as the user typed it: the test message's subject
  doctor::GraphMailboxProbe probe(*session.http, *session.tokens, client.random(),
                                  {.connection_name = given,
                                   .graph = {.base_url = session.graph_base},
                                   .send_test = TestSenderOf(client, given)});
  doctor::DoctorOptions doctor_options;
  doctor_options.send_test_to = options.send_test_to;
  doctor_options.wait = options.wait;
  return doctor::RunDoctor(session.connection, *session.tokens, probe, client.clock(),
                           client.random(), doctor_options);
}

}  // namespace graphpost::app
