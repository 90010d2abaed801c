// graph/reliable_send.hpp — sending one message so that it is delivered at most once while
// transient failures are retried: the message carries graphpost's id in a named property
// (X-Graphpost-Id); failures are retried by RetryPolicy; after a failure that may have delivered it
// (SendOutcomeUnknown), the sender's Sent Items are searched for that id before any resend.
// Shared by `graphpost send` and the gateway's delivery engine. Plain functions; waiting is done
// by the injected Wait, so tests run on a FakeClock. Thread-compatible (the client is thread-safe).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/mail_message.hpp"
#include "graph/retry_policy.hpp"

namespace graphpost::graph {

// The MAPI named property (in the internet-headers namespace, so recipients see it as the header
// X-Graphpost-Id) that carries graphpost's id of every message it sends.
inline constexpr char kMessageIdProperty[] =
    "String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Id";

// Blocks for the given time (the real one sleeps; tests advance a FakeClock).
using Wait = std::function<void(std::chrono::milliseconds)>;

struct SentItemsCheckOptions {
  int lookups = 4;  // Exchange files the Sent Items copy some seconds after accepting the send
  std::chrono::milliseconds pause{std::chrono::seconds{5}};  // between lookups
};

enum class SentItemsAnswer {
  kFound,       // the message is in Sent Items: it was sent
  kNotFound,    // the last lookup answered and did not find it: safe to send again
  kUndecidable  // no answer: lookups refused (no read permission) or failing
};

struct SentItemsCheck {
  SentItemsAnswer answer = SentItemsAnswer::kUndecidable;
  std::optional<FoundMessage> found;  // with kFound
  std::string why;                    // with kUndecidable: the lookup error, for people
};

// Looks for the message whose kMessageIdProperty is `message_id` in `mailbox`'s Sent Items, up to
// options.lookups times with wait(options.pause) between lookups. Stops early when found, and at
// once when a lookup is refused for a non-transient reason (401, 403, 404, ...).
SentItemsCheck CheckSentItems(GraphMailClient& client, std::string_view mailbox,
                              std::string_view message_id, const SentItemsCheckOptions& options,
                              const Wait& wait);

// True when a failed send may nonetheless have delivered the message: kDeadlineExceeded, which the
// transport returns when the request went out and no complete answer came back (timeout, closed
// connection) and graph_errors gives 504 (and 408). Every other failure left the message unsent.
// See docs/protocol-notes.md "Ambiguous sends".
bool SendOutcomeUnknown(const Error& send_error);

struct ReliableSendOptions {
  RetryOptions retry;
  SentItemsCheckOptions sent_items;
};

enum class SendOutcome {
  kAccepted,         // Graph answered 202
  kFoundInSentItems  // an attempt failed ambiguously, and the message was found in Sent Items
};

struct SendReport {
  SendOutcome outcome = SendOutcome::kAccepted;
  int attempts = 0;
};

struct SendFailure {
  Error error;
  // The message may have been sent and graphpost could not find out: an ambiguous failure that
  // CheckSentItems could not decide, or one for a message not saved to Sent Items. error.message
  // then starts "delivery unknown:" and names the message id to look for.
  bool delivery_unknown = false;
};

// Sends `message` from `mailbox` with kMessageIdProperty = `message_id` (a fresh GUID per message;
// the caller keeps it to print). Retryable failures are retried as RetryPolicy decides (waiting
// with `wait`); before resending after an ambiguous failure, CheckSentItems (with no more lookups
// than fit before the retry deadline, at least one) decides: found →
// success, not found → resend, undecidable → delivery unknown. Otherwise fails with the last send
// error (delivery_unknown false), its message saying why retrying stopped.
[[nodiscard]] Expected<SendReport, SendFailure> SendWithRetries(
    GraphMailClient& client, std::string_view mailbox, OutgoingMessage message,
    const std::string& message_id, const ReliableSendOptions& options, Clock& clock, Random& random,
    const Wait& wait);

}  // namespace graphpost::graph
