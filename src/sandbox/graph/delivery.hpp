// sandbox/graph/delivery.hpp — what happens to a sent message after the 202 (protocol.md §3.1,
// §7): recipients are resolved against the sender's tenant (mailboxes get an Inbox copy, groups
// expand to their members, mail contacts and foreign domains leave through the internet sink,
// unknown addresses in the tenant's own domains produce an NDR in the sender's Inbox). Planning
// is pure over a Tenant the caller keeps locked; Deliver() mutates the store and sink the caller
// keeps locked. Not thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"
#include "sandbox/graph/mail_store.hpp"
#include "sandbox/graph/message_model.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::graph {

class MailChanges;

inline constexpr std::string_view kRecipientNotFound =
    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup";
inline constexpr std::string_view kDailyRecipientLimit =
    "550 5.1.90 Your message can't be sent because you've reached your daily limit for message "
    "recipients.";

struct DeliveryPlan {
  std::vector<std::string> mailbox_ids;         // tenant mailboxes that get an Inbox copy
  std::vector<std::string> internet_addresses;  // leave the tenant (the internet sink)
  std::vector<std::string> unknown_addresses;   // NDR with kRecipientNotFound
};

// Resolves To/Cc/Bcc `addresses` (duplicates ignored, case-insensitive) in `tenant`.
DeliveryPlan PlanDelivery(const Tenant& tenant, const std::vector<std::string>& addresses);

// One submitted message on its way: everything needed to deliver it later, without the World.
struct Delivery {
  WallTime deliver_at{};
  std::string tenant_id{};
  std::string sender_mailbox_id{};
  std::string sender_address{};  // primary SMTP address
  std::string tenant_domain{};   // initial domain: NDRs come from postmaster there
  DeliveryPlan plan{};
  // Non-empty: the whole message bounces with this diagnostic instead (daily limit).
  std::string refused_diagnostic{};
  // The late Sent Items copy of a send (the sentItemsDelayMs setting): `message` is filed in the
  // sender's Sent Items when this is carried out; the plan is then empty.
  bool file_in_sent_items = false;
  StoredMessage message{};  // the Sent Items copy (with Bcc)
};

// Messages sent out of the tenant, newest last, bounded per tenant (the oldest are dropped).
// Given a MailChanges, Add() records each entry for the journal.
class InternetSink {
 public:
  static constexpr std::size_t kMaxEntriesPerTenant = 10000;

  // `changes` (may be null) must outlive the sink.
  explicit InternetSink(MailChanges* changes = nullptr) : changes_(changes) {}

  void Add(std::string_view tenant_id, std::string recipient, WallTime at, StoredMessage message);
  // [{"recipient","receivedDateTime","message":{Graph message, "attachments":[...]}}], oldest
  // first; [] for an unknown tenant.
  boost::json::value List(std::string_view tenant_id) const;
  boost::json::value SaveJson() const;
  // Calls f(const StoredMessage&) for every entry of every tenant.
  template <class F>
  void ForEachMessage(F&& f) const {
    for (const auto& [tenant, list] : entries_) {
      for (const auto& e : list) f(e.message);
    }
  }
  // Replaces the entries. kInvalidArgument naming the bad or unknown field.
  [[nodiscard]] Status LoadJson(const boost::json::value& json);

 private:
  struct Entry {
    std::string recipient;
    WallTime at;
    StoredMessage message;
  };
  std::map<std::string, std::deque<Entry>, std::less<>> entries_;  // by lower-case tenant id
  MailChanges* changes_;
};

// Carries out `delivery` at `now`: Inbox copies, sink entries and NDRs.
void Deliver(const Delivery& delivery, WallTime now, MailStore& store, InternetSink& sink,
             Random& random);

// Persistence of pending deliveries (paced messages). LoadDelivery fails with kInvalidArgument
// naming `where` and the bad or unknown field.
boost::json::value SaveDelivery(const Delivery& delivery);
[[nodiscard]] Result<Delivery> LoadDelivery(const boost::json::value& json,
                                            const std::string& where);

}  // namespace graphpost::sandbox::graph
