// gateway/smtp_intake.hpp — the SMTP listener's SubmissionSink over the outbox: a message that
// came in over SMTP is checked (RFC 5322), given its lane (smtp_sender.hpp) and a Message-ID,
// stored as a stored-MIME payload (message/stored_mime.hpp) through the same group-committed
// outbox as the REST API, and answered 250 only once durable; then the delivery engine is told.
// Counts what it accepts and refuses per principal for /metrics. docs/smtp.md, "Running the
// listener". Thread-safe; everything in SmtpIntakeSetup outlives it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/connection_directory.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "log/logger.hpp"
#include "outbox/outbox_store.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::gateway {

struct SmtpIntakeSetup {
  outbox::OutboxStore& outbox;
  api::ConnectionDirectory& connections;
  Clock& clock;
  Random& random;
  log::Logger& log;
  // Called with the message's lane once it is durable (DeliveryEngine::Notify).
  std::function<void(const std::vector<outbox::LaneKey>&)> notify;
};

// What one principal ("account:<name>", "range:<cidr>") submitted, for /metrics.
struct SmtpPrincipalCounts {
  std::int64_t accepted = 0;
  std::int64_t refused_temporary = 0;  // 4xx replies of the intake
  std::int64_t refused_permanent = 0;  // 5xx replies of the intake
  std::int64_t bytes_accepted = 0;     // message bytes as received
};

class SmtpIntake final : public smtp::SubmissionSink {
 public:
  explicit SmtpIntake(SmtpIntakeSetup setup);

  // smtp::SubmissionSink. Replies: 250 2.0.0 "queued as <id>" once durable; 554 5.6.0 for a
  // message that is not RFC 5322; 550 5.7.1 for a sender the principal may not use; 452 4.3.1
  // when the outbox is full; 451 4.3.0 for other outbox failures; 421 4.3.2 once BeginShutdown
  // was called. `done` runs on the outbox's writer thread, or on the caller's for refusals.
  void Submit(smtp::Submission submission, std::function<void(smtp::Reply)> done) override;

  // From now on every submission gets 421 4.3.2; those already handed to the outbox complete.
  void BeginShutdown();

  // Counts by principal label, sorted by label.
  std::map<std::string, SmtpPrincipalCounts> Counts() const;

 private:
  void Count(const std::string& principal, const smtp::Reply& reply, std::size_t bytes);
  void Refuse(const smtp::Submission& s, smtp::Reply reply,
              const std::function<void(smtp::Reply)>& done);

  SmtpIntakeSetup setup_;
  std::atomic<bool> closing_{false};
  mutable std::mutex mu_;
  std::map<std::string, SmtpPrincipalCounts> counts_;  // Guarded by mu_.
};

// The reply for an outbox failure: 452 4.3.1 when the store is full, else 451 4.3.0.
smtp::Reply OutboxFailureReply(const Error& error);

}  // namespace graphpost::gateway
