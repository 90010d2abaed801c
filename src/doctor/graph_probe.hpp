// doctor/graph_probe.hpp — GraphMailboxProbe, the doctor's MailboxProbe over Microsoft Graph, and
// the test message it sends. Every call goes through graph::GraphMailClient (token, 401 retry,
// one error classification, no token in errors). Holds references to its dependencies (they
// must outlive it).
// Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/token_provider.hpp"
#include "core/random.hpp"
#include "doctor/doctor.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/mail_message.hpp"
#include "http/http_transport.hpp"

namespace graphpost::doctor {

// The MAPI named property that tags the test message, so it can be found in Sent Items.
inline constexpr char kTestMarkerProperty[] =
    "String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Test-Id";

// "graphpost connection test <connection name>".
std::string TestSubject(std::string_view connection_name);

// The test message: to `to`, subject TestSubject(connection_name), a short plain-text body naming
// the connection and the marker, the marker in kTestMarkerProperty, saved to Sent Items.
graph::OutgoingMessage BuildTestMessage(std::string_view connection_name, const std::string& to,
                                        const std::string& marker);

// The probe message: no recipients, saveToSentItems false, so Graph can never deliver or keep it.
graph::OutgoingMessage BuildProbeMessage();

// Sends the test message (built by BuildTestMessage) from the connection's mailbox: the CLI passes
// app::MailSender, so the test send is a real send (retries, Sent Items check, id property).
using TestSender = std::function<Status(const graph::OutgoingMessage& message)>;

struct GraphMailboxProbeOptions {
  std::string connection_name;      // for the test message's subject
  graph::GraphClientOptions graph;  // base_url from connections::EffectiveGraphUrl
  TestSender send_test;             // null: one GraphMailClient::SendMail
};

class GraphMailboxProbe final : public MailboxProbe {
 public:
  GraphMailboxProbe(http::HttpTransport& http, auth::TokenProvider& tokens, Random& random,
                    GraphMailboxProbeOptions options);

  [[nodiscard]] Status ProbeSend(std::string_view mailbox) override;
  [[nodiscard]] Status SendTest(std::string_view mailbox, const std::string& to,
                                const std::string& marker) override;
  [[nodiscard]] Result<std::optional<graph::FoundMessage>> FindSent(
      std::string_view mailbox, const std::string& marker) override;
  // GraphMailClient::NewestMessage in sentitems (needs Mail.Read or Mail.ReadBasic, in Entra or
  // Exchange RBAC).
  [[nodiscard]] Result<std::optional<std::string>> LatestSentFrom(
      std::string_view mailbox) override;
  [[nodiscard]] Result<graph::UserProfile> GetUser(std::string_view user) override;
  [[nodiscard]] Result<std::optional<graph::UserProfile>> FindUserByAddress(
      std::string_view address) override;

 private:
  const GraphMailboxProbeOptions options_;
  graph::GraphMailClient client_;
};

}  // namespace graphpost::doctor
