// sandbox/graph/mail_changes.hpp — the changes made to the mail (mailboxes, messages, the internet
// sink, paced deliveries), recorded as journal operations while they happen, and their replay.
// The store and the sink record into it; GraphService takes what one request changed as one
// record and hands it to the MailJournal, so a record is replayed whole or (torn by a crash
// before it was confirmed) not at all. Not thread-safe: guarded by GraphService's store mutex.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "core/time_format.hpp"
#include "sandbox/graph/delivery.hpp"
#include "sandbox/graph/mail_store.hpp"

namespace graphpost::sandbox::graph {

// Paced deliveries waiting for their time, earliest first.
using PendingDeliveries = std::multimap<WallTime, Delivery>;

class MailChanges {
 public:
  // Recording is off until enabled (no journal, nothing to record for).
  void Enable() { enabled_ = true; }

  void MailboxCreated(const Mailbox& mailbox);
  // `message` of `mailbox_id` as it is now (inserted, moved or edited).
  void MessageStored(std::string_view mailbox_id, const StoredMessage& message);
  void MessageRemoved(std::string_view mailbox_id, std::string_view message_id);
  void SinkAdded(std::string_view tenant_id, std::string_view recipient, WallTime at,
                 const StoredMessage& message);
  void DeliveryQueued(const Delivery& delivery);
  // The paced `delivery` left the queue (its effects are recorded by the store and sink).
  void DeliveryDone(const Delivery& delivery);

  bool empty() const { return ops_.empty(); }
  // {"ops":[...]}: what was recorded since the last Take(); then forgets it.
  std::string Take();

 private:
  void Add(boost::json::object op);

  bool enabled_ = false;
  boost::json::array ops_;
};

// Replays one record made by MailChanges::Take(), operation by operation. kInvalidArgument naming
// the operation and the field at fault (e.g. "ops[2].mailbox: no mailbox 'x'").
// `random` makes the folder ids of a mailbox whose record lacks some (never, in practice).
[[nodiscard]] Status ApplyMailChanges(const boost::json::value& record, MailStore& store,
                                      InternetSink& sink, PendingDeliveries& pending,
                                      Random& random);

}  // namespace graphpost::sandbox::graph
