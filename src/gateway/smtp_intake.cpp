// The order matters for the promise in the 250: everything that can refuse the message runs
// before the outbox; the reply is sent from the outbox's callback, after the commit.
#include "gateway/smtp_intake.hpp"

#include "core/ids.hpp"
#include "gateway/smtp_sender.hpp"
#include "message/stored_mime.hpp"
#include "mime/mime_message.hpp"

namespace graphpost::gateway {
namespace {

std::string DomainOf(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string(address) : std::string(address.substr(at + 1));
}

// The sending mailbox (docs/smtp.md, "Sender choice"): the From header's address when there is
// one, whatever the envelope says, so Graph never sends as an address the gateway did not check.
// Several From addresses: the Sender header's address (RFC 5322 §3.6.2), or 550 5.6.0 when there
// is none. No From header: the envelope sender (possibly empty; ChooseSmtpLane refuses that).
Expected<std::string, smtp::Reply> SendingAddress(const mime::MimeSummary& summary,
                                                  const std::string& mail_from) {
  if (summary.from.empty()) return mail_from;
  if (summary.from.size() == 1) return summary.from.front().address;
  if (!summary.sender.empty()) return summary.sender.front().address;
  return tl::unexpected(smtp::Reply{
      .code = 550,
      .enhanced = "5.6.0",
      .text = "the From header names several addresses and there is no Sender header to say which "
              "mailbox sends; add a Sender header"});
}

// An SMTP reply line: the first line of `text`, control characters replaced.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, text.find_first_of("\r\n"))) {
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  }
  return out;
}

}  // namespace

smtp::Reply OutboxFailureReply(const Error& error) {
  // The outbox port marks a full disk or size limit as kUnavailable whose message starts with
  // "storage full" (outbox_store.hpp, Submit); nothing else tells the two apart.
  if (error.code == ErrorCode::kUnavailable && error.message.starts_with("storage full")) {
    return {.code = 452, .enhanced = "4.3.1", .text = "storage full; try again later"};
  }
  return {
      .code = 451, .enhanced = "4.3.0", .text = "the message could not be stored; try again later"};
}

SmtpIntake::SmtpIntake(SmtpIntakeSetup setup) : setup_(std::move(setup)) {}

// The outbox record: queued now, owned by the principal (so admins see it and no API key does),
// its payload the envelope and the bytes as received, with a Message-ID when they had none.
outbox::MessageRecord SmtpIntake::NewRecord(const smtp::Submission& s,
                                            const outbox::LaneKey& lane) {
  const outbox::TimePoint now = setup_.clock.WallNow();
  outbox::MessageRecord r;
  r.id = NewGuid(setup_.random);
  r.api_key_id = s.principal.Label();
  r.lane = lane;
  r.recipients = static_cast<int>(s.rcpt_to.size());
  r.created_at = r.send_at = r.next_attempt_at = now;
  r.payload = message::EncodeStoredMime(
      {.mail_from = s.mail_from,
       .rcpt_to = s.rcpt_to,
       .principal = r.api_key_id,
       .client = s.peer.address,
       .session_id = s.session_id,
       .save_to_sent_items = true,
       .mime = mime::EnsureMessageId(s.mime, DomainOf(lane.sender), r.id, nullptr)});
  return r;
}

void SmtpIntake::BeginShutdown() { closing_ = true; }

void SmtpIntake::Submit(smtp::Submission s, std::function<void(smtp::Reply)> done) {
  if (closing_) {
    return Refuse(s, {.code = 421, .enhanced = "4.3.2", .text = "shutting down; try again later"},
                  done);
  }
  auto summary = mime::InspectMime(s.mime);
  if (!summary) {
    return Refuse(s, {.code = 554, .enhanced = "5.6.0", .text = OneLine(summary.error().message)},
                  done);
  }
  auto sending = SendingAddress(*summary, s.mail_from);
  if (!sending) return Refuse(s, std::move(sending.error()), done);
  auto lane = ChooseSmtpLane({*sending}, s.principal, setup_.connections);
  if (!lane) return Refuse(s, std::move(lane.error()), done);

  outbox::MessageRecord r = NewRecord(s, *lane);
  const std::size_t bytes = s.mime.size();

  outbox::Submission submission;
  submission.api_key_id = r.api_key_id;
  submission.messages.push_back(std::move(r));
  const std::string id = submission.messages[0].id;
  setup_.outbox.Submit(
      std::move(submission),
      [this, id, lane = *lane, principal = s.principal.Label(), session = s.session_id, bytes,
       done = std::move(done)](Result<outbox::SubmitOutcome> outcome) {
        smtp::Reply reply =
            outcome ? smtp::Reply{.code = 250, .enhanced = "2.0.0", .text = "queued as " + id}
                    : OutboxFailureReply(outcome.error());
        Count(principal, reply, bytes);
        if (outcome) {
          setup_.log.Info("smtp message queued", {{"message_id", id},
                                                  {"session_id", session},
                                                  {"principal", principal},
                                                  {"connection", lane.connection},
                                                  {"mailbox", lane.sender},
                                                  {"bytes", bytes}});
          if (setup_.notify) setup_.notify({lane});
        } else {
          setup_.log.Warn("smtp message not stored", {{"session_id", session},
                                                      {"principal", principal},
                                                      {"code", outcome.error().code},
                                                      {"reply", reply.code}});
        }
        done(std::move(reply));
      });
}

void SmtpIntake::Refuse(const smtp::Submission& s, smtp::Reply reply,
                        const std::function<void(smtp::Reply)>& done) {
  const std::string principal = s.principal.Label();
  Count(principal, reply, 0);
  setup_.log.Info("smtp message refused", {{"session_id", s.session_id},
                                           {"principal", principal},
                                           {"reply", reply.code},
                                           {"enhanced", reply.enhanced}});
  done(std::move(reply));
}

void SmtpIntake::Count(const std::string& principal, const smtp::Reply& reply, std::size_t bytes) {
  std::lock_guard lock(mu_);
  SmtpPrincipalCounts& c = counts_[principal];
  if (reply.code / 100 == 2) {
    ++c.accepted;
    c.bytes_accepted += static_cast<std::int64_t>(bytes);
  } else if (reply.code / 100 == 4) {
    ++c.refused_temporary;
  } else {
    ++c.refused_permanent;
  }
}

std::map<std::string, SmtpPrincipalCounts> SmtpIntake::Counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

}  // namespace graphpost::gateway
