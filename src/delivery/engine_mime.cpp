// Messages that came in over SMTP (message/stored_mime.hpp), on the engine's thread: the MIME as
// the client sent it, its header recipients aligned to the SMTP envelope (mime::AlignRecipients),
// goes through Graph's MIME sendMail when its base64 fits one request (event-driven like a JSON
// send, never in a $batch: $batch carries JSON bodies). A larger one is split (mime::SplitForDraft)
// on the large-message pool into a draft made from MIME plus its attachments (upload sessions for
// the large ones) plus send; the draft needs Mail.ReadWrite, and its refusal fails the message
// with cause "mail_readwrite_missing" and a fix naming both ways to grant it. A resend after an
// ambiguous end looks in Sent Items by internetMessageId: the stored MIME always has a Message-ID
// (the gateway adds one at intake), and Graph keeps it. Everything else (token, pacing, budgets,
// retries, logs, stats, expiry) is the JSON path's, in engine_attempt.cpp.
#include <utility>

#include "delivery/internal/engine.hpp"
#include "doctor/send_advice.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/mail_requests.hpp"
#include "message/stored_mime.hpp"
#include "mime/mime_message.hpp"

namespace graphpost::delivery::internal {
namespace {

// What the large-message pool reports: the outcome, and whether it was the draft that Graph
// refused (the one step that needs Mail.ReadWrite when Mail.Send alone would do).
struct DraftOutcome {
  Status sent = Ok();
  bool draft_refused = false;
};

// Draft from MIME → attachments → send, as GraphMailClient::SendMail does for JSON: a failure
// before /send sent nothing (graph::NothingSent), and a draft whose attachments failed is deleted
// (best effort: a retry makes a new one).
DraftOutcome SendMimeAsDraft(graph::GraphMailClient& graph, const std::string& sender,
                             const std::string& mime, std::size_t max_request_bytes) {
  Result<mime::SplitMime> split = mime::SplitForDraft(mime, max_request_bytes);
  if (!split) return {Fail(split.error())};
  Result<std::string> draft = graph.CreateDraftFromMime(sender, split->draft_mime);
  if (!draft) return {Fail(graph::NothingSent(draft.error())), true};
  for (const graph::Attachment& a : split->attachments) {
    if (Status added = graph.AddAttachment(sender, *draft, a); !added) {
      (void)graph.DeleteMessage(sender, *draft);
      return {Fail(graph::NothingSent(added.error()))};
    }
  }
  return {graph.SendDraft(sender, *draft)};
}

}  // namespace

Status Engine::ParseSmtpMessage(Flight& flight) {
  Result<message::StoredMime> stored = message::DecodeStoredMime(flight.record.payload);
  if (!stored) return Fail(stored.error());
  Result<mime::AlignedMime> aligned = mime::AlignRecipients(stored->mime, stored->rcpt_to);
  if (!aligned) return Fail(aligned.error());
  Result<mime::MimeSummary> summary = mime::InspectMime(aligned->mime);
  if (!summary) return Fail(summary.error());
  // Graph has no saveToSentItems for MIME: the sender's Sent Items always gets a copy, which is
  // what the lookup before a resend reads.
  flight.message.save_to_sent_items = true;
  // The recipient budget counts who receives: the envelope (the intake stores the same count).
  flight.record.recipients = static_cast<int>(stored->rcpt_to.size());
  flight.smtp = SmtpMessage{.mime = std::move(aligned->mime),
                            .internet_message_id = std::move(summary->message_id)};
  return Ok();
}

std::optional<graph::GraphCall> Engine::SentItemsLookup(const Flight& flight) const {
  const outbox::MessageRecord& r = flight.record;
  if (!flight.smtp) {
    return graph::FindMessageByPropertyCall(r.lane.sender, "sentitems", graph::kMessageIdProperty,
                                            r.id);
  }
  if (flight.smtp->internet_message_id.empty()) return std::nullopt;
  return graph::FindMessageByInternetMessageIdCall(r.lane.sender, "sentitems",
                                                   flight.smtp->internet_message_id);
}

void Engine::SendMime(std::uint64_t id) {
  Flight& flight = flights_.at(id);
  if (mime::Base64Size(flight.smtp->mime.size()) > options_.max_request_bytes) {
    return SendLargeMime(id);
  }
  flight.via = "mime";
  auto call = graph::MimeSendMailCall(flight.record.lane.sender, flight.smtp->mime, GraphOptions());
  StartGraphCall(id, *call, graph::kSendMimeOperation);
}

void Engine::SendLargeMime(std::uint64_t id) {
  Flight& flight = flights_.at(id);
  flight.via = "mime-draft";
  std::shared_ptr<app::ConnectionSession> session =
      ConnectionFor(flight.record.lane.connection)->session;
  // A copy: a 401 answer sends the flight through Dispatch once more.
  large_pool_->Submit([this, id, session, sender = flight.record.lane.sender,
                       mime = flight.smtp->mime, limit = options_.max_request_bytes] {
    DraftOutcome outcome = SendMimeAsDraft(*session->graph, sender, mime, limit);
    Post([this, id, outcome = std::move(outcome)] {
      OnDraftAnswer(id, outcome.sent, outcome.draft_refused);
    });
  });
}

void Engine::OnDraftAnswer(std::uint64_t id, Status sent, bool draft_refused) {
  if (flights_.find(id) == flights_.end()) return;
  if (!sent && draft_refused && sent.error().code == ErrorCode::kPermissionDenied) {
    return FailDraftRefused(id, sent.error());
  }
  OnSendAnswer(id, std::move(sent));
}

// Mail.Send is there (the lookup and small messages work) but Mail.ReadWrite is not: no retry
// will change that, and the generic "may not send as" advice would point at the wrong grant.
void Engine::FailDraftRefused(std::uint64_t id, const Error& error) {
  const Flight& flight = flights_.at(id);
  connections::Connection c;
  if (auto conn = connection_states_.find(flight.record.lane.connection);
      conn != connection_states_.end()) {
    c = conn->second->connection;
  }
  c.user_id = flight.record.lane.sender;
  doctor::SendAdvice advice = doctor::AdviseOnDraftRefused(c, error, options_.max_request_bytes);
  SettleFailed(id, "mail_readwrite_missing", std::move(advice.cause), std::move(advice.fix));
}

}  // namespace graphpost::delivery::internal
