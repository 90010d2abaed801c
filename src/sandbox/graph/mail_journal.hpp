// sandbox/graph/mail_journal.hpp — the port through which GraphService makes every change to its
// mail (store, internet sink, paced deliveries) durable before it answers: an append-only log of
// records, one JSON text each, in the order the changes were made. The file implementation is
// sandbox/server/file_mail_journal.hpp; tests use an in-memory one. Implementations are
// thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace graphpost::sandbox::graph {

class MailJournal {
 public:
  using Ticket = std::uint64_t;  // 0: nothing to wait for

  virtual ~MailJournal() = default;

  // Queues `record` (one JSON text without a newline) after every record queued before it and
  // returns its ticket. Does no I/O: GraphService calls it with its store mutex held, so the log
  // keeps the order of the changes.
  virtual Ticket Append(std::string record) = 0;
  // Returns once every record up to `ticket` is on stable storage; concurrent callers share one
  // write and one flush (group commit). kUnavailable naming the file and the OS error otherwise.
  [[nodiscard]] virtual Status WaitDurable(Ticket ticket) = 0;
  // Starts the next generation: records appended from now on belong to it. Called with the store
  // mutex held, right after a snapshot of the mail, so that snapshot plus the new generation's
  // records are the whole state. Returns the new generation's number (it goes into the snapshot).
  [[nodiscard]] virtual Result<std::uint64_t> Rotate() = 0;
};

}  // namespace graphpost::sandbox::graph
