// GraphMailboxProbe: the doctor's Graph calls, all through GraphMailClient, so the probe behaves
// exactly like real sending (token, 401 retry, one error classification, redaction).
#include "doctor/graph_probe.hpp"

#include <utility>

namespace graphpost::doctor {

std::string TestSubject(std::string_view connection_name) {
  return "graphpost connection test " + std::string(connection_name);
}

graph::OutgoingMessage BuildTestMessage(std::string_view connection_name, const std::string& to,
                                        const std::string& marker) {
  graph::OutgoingMessage m;
  m.subject = TestSubject(connection_name);
  m.body = "This is a test message from graphpost, sent by `graphpost connection test " +
           std::string(connection_name) + "` to check that the connection can send mail.\n" +
           "Test id: " + marker + "\n";
  m.to.push_back({.name = "", .address = to});
  m.extended_properties.emplace_back(kTestMarkerProperty, marker);
  m.save_to_sent_items = true;
  return m;
}

graph::OutgoingMessage BuildProbeMessage() {
  graph::OutgoingMessage m;
  m.subject = "graphpost connection probe (no recipients, never delivered)";
  m.body = "graphpost checks whether it may send as this mailbox.";
  m.save_to_sent_items = false;
  return m;
}

GraphMailboxProbe::GraphMailboxProbe(http::HttpTransport& http, auth::TokenProvider& tokens,
                                     Random& random, GraphMailboxProbeOptions options)
    : options_(std::move(options)), client_(http, tokens, random, options_.graph) {}

Status GraphMailboxProbe::ProbeSend(std::string_view mailbox) {
  return client_.SendMail(mailbox, BuildProbeMessage());
}

Status GraphMailboxProbe::SendTest(std::string_view mailbox, const std::string& to,
                                   const std::string& marker) {
  graph::OutgoingMessage message = BuildTestMessage(options_.connection_name, to, marker);
  if (options_.send_test) return options_.send_test(message);
  return client_.SendMail(mailbox, message);
}

Result<std::optional<graph::FoundMessage>> GraphMailboxProbe::FindSent(std::string_view mailbox,
                                                                       const std::string& marker) {
  return client_.FindMessageByProperty(mailbox, "sentitems", kTestMarkerProperty, marker);
}

Result<graph::UserProfile> GraphMailboxProbe::GetUser(std::string_view user) {
  return client_.GetUser(user);
}

Result<std::optional<graph::UserProfile>> GraphMailboxProbe::FindUserByAddress(
    std::string_view address) {
  return client_.FindUserByAddress(address);
}

Result<std::optional<std::string>> GraphMailboxProbe::LatestSentFrom(std::string_view mailbox) {
  auto newest = client_.NewestMessage(mailbox, "sentitems");
  if (!newest) return Fail(newest.error());
  if (!*newest || (*newest)->from_address.empty()) return std::optional<std::string>();
  return std::optional<std::string>((*newest)->from_address);
}

}  // namespace graphpost::doctor
