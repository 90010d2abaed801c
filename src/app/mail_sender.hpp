// app/mail_sender.hpp — MailSender: the narrow synchronous port for "send this one message from
// that saved connection, reliably". The CLI's `send`, the doctor's test send and the delivery
// engine (for messages too large for its own asynchronous Graph path) use it; app::Client is the
// implementation (graph::SendWithRetries over the connection's cached session). Implementations
// are thread-safe; Send blocks for as long as the retries take.
#pragma once

#include <string>

#include "core/result.hpp"
#include "graph/mail_message.hpp"
#include "graph/reliable_send.hpp"

namespace graphpost::app {

struct MailSendRequest {
  std::string connection;  // the saved connection's name; the message goes from its mailbox
  graph::OutgoingMessage message;
  std::string message_id;  // graphpost's id of the message (a GUID), sent as X-Graphpost-Id
  graph::ReliableSendOptions reliability;
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Sends request.message from the connection's mailbox with graph::SendWithRetries: the report
  // on success; on failure the SendFailure (delivery_unknown when the message may have gone out
  // and graphpost could not find out). A connection that does not exist (kNotFound) or cannot be
  // used (kInvalidArgument, e.g. an unknown cloud) fails before any request.
  [[nodiscard]] virtual Expected<graph::SendReport, graph::SendFailure> Send(
      const MailSendRequest& request) = 0;
};

}  // namespace graphpost::app
