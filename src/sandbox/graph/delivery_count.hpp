// sandbox/graph/delivery_count.hpp — how many copies of each message the sandbox holds, keyed by
// the value of one header (X-Graphpost-Id): the oracle of "delivered exactly once" for the
// gateway's crash and fault tests (docs/sandbox.md "Counting deliveries"). A message carries the
// header as an internet message header (JSON sends' internetMessageHeaders, or an X- header of a
// MIME send) or as a single-value extended property in the internet headers set
// ("String {00020386-0000-0000-C000-000000000046} Name X-Graphpost-Id"); the name
// "internetMessageId" counts by that property instead. Pure functions over a store the caller
// keeps locked; not thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/json/value.hpp>

#include "sandbox/graph/delivery.hpp"
#include "sandbox/graph/mail_store.hpp"

namespace graphpost::sandbox::graph {

struct DeliveryCounts {
  enum Place { kInbox = 0, kSentItems = 1, kInternet = 2 };
  std::string header;
  // By header value: copies in recipients' Inboxes, in senders' Sent Items, in the internet sink.
  std::unordered_map<std::string, std::array<int, 3>> counts;
  std::array<std::size_t, 3> totals{};  // messages that carry the header, per place
};

// The value of header `name` (case-insensitive) on `message`, or nullopt.
std::optional<std::string> HeaderValue(const StoredMessage& message, std::string_view name);

// Counts every Inbox and Sent Items message of every mailbox, and every internet sink entry.
DeliveryCounts CountDeliveries(const MailStore& store, const InternetSink& sink,
                               std::string_view header);

// {"header","places":["inbox","sentItems","internet"],"totals":[i,s,n],
//  "counts":{"<value>":[i,s,n],...}}: one short array per value, so 10,000 ids stay small.
boost::json::value DeliveryCountsJson(const DeliveryCounts& counts);

}  // namespace graphpost::sandbox::graph
