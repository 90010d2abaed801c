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

// The From header's addresses, then the envelope sender: the candidates for the sending mailbox.
std::vector<std::string> SenderCandidates(const mime::MimeSummary& summary,
                                          const std::string& mail_from) {
  std::vector<std::string> out;
  for (const auto& from : summary.from) out.push_back(from.address);
  out.push_back(mail_from);
  return out;
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
  return {.code = 451,
          .enhanced = "4.3.0",
          .text = "the message could not be stored; try again later"};
}

SmtpIntake::SmtpIntake(SmtpIntakeSetup setup) : setup_(std::move(setup)) {}

void SmtpIntake::BeginShutdown() { closing_ = true; }

void SmtpIntake::Submit(smtp::Submission s, std::function<void(smtp::Reply)> done) {
  if (closing_) {
    return Refuse(s, {.code = 421, .enhanced = "4.3.2", .text = "shutting down; try again later"},
                  done);
  }
  auto summary = mime::InspectMime(s.mime);
  if (!summary) {
    return Refuse(s, {.code = 554, .enhanced = "5.6.0", .text = OneLine(summary.error().message)}, done);
  }
  auto lane = ChooseSmtpLane(SenderCandidates(*summary, s.mail_from), s.principal,
                             setup_.connections);
  if (!lane) return Refuse(s, std::move(lane.error()), done);

  const outbox::TimePoint now = setup_.clock.WallNow();
  outbox::MessageRecord r;
  r.id = NewGuid(setup_.random);
  r.api_key_id = s.principal.Label();
  r.lane = *lane;
  r.recipients = static_cast<int>(s.rcpt_to.size());
  r.created_at = r.send_at = r.next_attempt_at = now;
  message::StoredMime stored{.mail_from = s.mail_from,
                             .rcpt_to = s.rcpt_to,
                             .principal = r.api_key_id,
                             .client = s.peer.address,
                             .session_id = s.session_id,
                             .save_to_sent_items = true,
                             .mime = mime::EnsureMessageId(s.mime, DomainOf(lane->sender), r.id,
                                                           nullptr)};
  r.payload = message::EncodeStoredMime(stored);
  const std::size_t bytes = s.mime.size();

  outbox::Submission submission;
  submission.api_key_id = r.api_key_id;
  submission.messages.push_back(std::move(r));
  const std::string id = submission.messages[0].id;
  setup_.outbox.Submit(
      std::move(submission),
      [this, id, lane = *lane, principal = s.principal.Label(), session = s.session_id, bytes,
       done = std::move(done)](Result<outbox::SubmitOutcome> outcome) {
        smtp::Reply reply = outcome ? smtp::Reply{.code = 250,
                                                  .enhanced = "2.0.0",
                                                  .text = "queued as " + id}
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

void SmtpIntake::Count(const std::string& principal, const smtp::Reply& reply,
                       std::size_t bytes) {
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
