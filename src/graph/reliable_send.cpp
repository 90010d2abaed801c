#include "graph/reliable_send.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace graphpost::graph {
namespace {

bool LookupMayAnswerLater(const Error& e) { return IsRetryable(e); }

// Where to look, for the "delivery unknown" message: a message not saved to Sent Items can only
// be found in the recipients' mailboxes.
std::string HowToLook(std::string_view mailbox, const OutgoingMessage& message,
                      const std::string& message_id) {
  const std::string where =
      message.save_to_sent_items
          ? std::string(mailbox) + "'s Sent Items or the recipients' mailboxes"
          : "the recipients' mailboxes";
  return "look for a message with header X-Graphpost-Id: " + message_id + " in " + where +
         " before sending again";
}

tl::unexpected<SendFailure> DeliveryUnknown(const Error& send_error, std::string_view mailbox,
                                            const OutgoingMessage& message,
                                            const std::string& message_id, const std::string& why) {
  Error e = send_error;
  e.message = "delivery unknown: " + send_error.message + "; " + why +
              ". Graph may have sent the message; " + HowToLook(mailbox, message, message_id);
  return Unexpected(SendFailure{.error = std::move(e), .delivery_unknown = true});
}

tl::unexpected<SendFailure> Final(Error e, int attempts, const std::string& stopped_because) {
  std::string note = attempts > 1 ? "after " + std::to_string(attempts) + " attempts" : "";
  if (!stopped_because.empty()) note += (note.empty() ? "" : "; ") + stopped_because;
  if (!note.empty()) e.message += " (" + note + ")";
  return Unexpected(SendFailure{.error = std::move(e)});
}

// The lookups whose pauses fit in the time left before the retry deadline (at least one): the
// check must not stretch `send` far beyond --retry-for.
SentItemsCheckOptions Within(SentItemsCheckOptions options, std::chrono::milliseconds left) {
  if (options.pause <= std::chrono::milliseconds{0}) return options;
  const auto fitting = static_cast<int>(std::min<std::int64_t>(left / options.pause + 1, 1000));
  options.lookups = std::clamp(fitting, 1, std::max(1, options.lookups));
  return options;
}

// A large message goes out as a draft plus /send. When the /send answer was lost and Sent Items
// says it was not sent, its draft (which carries the same id) is still in Drafts: delete it before
// sending anew, so the resend does not leave it behind. Best effort: a failed lookup or delete
// leaves a draft behind, never a second message.
void DiscardUnsentDraft(GraphMailClient& client, std::string_view mailbox,
                        std::string_view message_id) {
  auto draft = client.FindMessageByProperty(mailbox, "drafts", kMessageIdProperty, message_id);
  if (draft && draft->has_value()) (void)client.DeleteMessage(mailbox, (*draft)->id);
}

}  // namespace

bool SendOutcomeUnknown(const Error& send_error) {
  return send_error.code == ErrorCode::kDeadlineExceeded;
}

SentItemsCheck CheckSentItems(GraphMailClient& client, std::string_view mailbox,
                              std::string_view message_id, const SentItemsCheckOptions& options,
                              const Wait& wait) {
  SentItemsCheck check;
  const int lookups = std::max(1, options.lookups);
  for (int i = 0; i < lookups; ++i) {
    if (i > 0) wait(options.pause);
    auto found = client.FindMessageByProperty(mailbox, "sentitems", kMessageIdProperty, message_id);
    if (found && found->has_value()) {
      return {.answer = SentItemsAnswer::kFound, .found = std::move(*found)};
    }
    if (found) {
      check = {.answer = SentItemsAnswer::kNotFound};
      continue;
    }
    check = {.answer = SentItemsAnswer::kUndecidable, .why = found.error().message};
    if (!LookupMayAnswerLater(found.error())) break;
  }
  return check;
}

Expected<SendReport, SendFailure> SendWithRetries(GraphMailClient& client, std::string_view mailbox,
                                                  OutgoingMessage message,
                                                  const std::string& message_id,
                                                  const ReliableSendOptions& options, Clock& clock,
                                                  Random& random, const Wait& wait) {
  message.extended_properties.emplace_back(kMessageIdProperty, message_id);
  RetryPolicy policy(options.retry, clock, random);
  for (int attempt = 1;; ++attempt) {
    Status sent = client.SendMail(mailbox, message);
    if (sent) return SendReport{.outcome = SendOutcome::kAccepted, .attempts = attempt};
    const Error& error = sent.error();
    if (SendOutcomeUnknown(error)) {
      if (!message.save_to_sent_items) {
        return DeliveryUnknown(error, mailbox, message, message_id,
                               "the message is not saved to Sent Items, so graphpost cannot check");
      }
      SentItemsCheck check = CheckSentItems(client, mailbox, message_id,
                                            Within(options.sent_items, policy.Remaining()), wait);
      if (check.answer == SentItemsAnswer::kFound) {
        return SendReport{.outcome = SendOutcome::kFoundInSentItems, .attempts = attempt};
      }
      if (check.answer == SentItemsAnswer::kNotFound) {
        DiscardUnsentDraft(client, mailbox, message_id);
      }
      if (check.answer == SentItemsAnswer::kUndecidable) {
        return DeliveryUnknown(
            error, mailbox, message, message_id,
            "graphpost could not finish checking Sent Items (last lookup: " + check.why + ")");
      }
    }
    RetryDecision decision = policy.After(error);
    if (!decision.retry) return Final(error, attempt, decision.stopped_because);
    wait(decision.delay);
  }
}

}  // namespace graphpost::graph
