#include "sandbox/graph/delivery_count.hpp"

#include "core/ascii.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

std::optional<std::string> FromHeaders(const json::object& graph, std::string_view name) {
  const json::value* headers = graph.if_contains("internetMessageHeaders");
  if (headers == nullptr || !headers->is_array()) return std::nullopt;
  for (const auto& h : headers->get_array()) {
    const json::object* o = h.if_object();
    const json::value* n = o ? o->if_contains("name") : nullptr;
    const json::value* v = o ? o->if_contains("value") : nullptr;
    if (n && v && n->is_string() && v->is_string() && AsciiIEquals(n->get_string(), name)) {
      return std::string(v->get_string());
    }
  }
  return std::nullopt;
}

// "String {00020386-...} Name X-Graphpost-Id": the property Exchange sends as that header.
std::optional<std::string> FromExtendedProperties(const json::object& graph,
                                                  std::string_view name) {
  const json::value* props = graph.if_contains("singleValueExtendedProperties");
  if (props == nullptr || !props->is_array()) return std::nullopt;
  const std::string suffix = " name " + AsciiLower(name);
  for (const auto& p : props->get_array()) {
    const json::object* o = p.if_object();
    const json::value* id = o ? o->if_contains("id") : nullptr;
    const json::value* v = o ? o->if_contains("value") : nullptr;
    if (!id || !v || !id->is_string() || !v->is_string()) continue;
    std::string lower = AsciiLower(id->get_string());
    if (lower.find("{00020386-0000-0000-c000-000000000046}") != std::string::npos &&
        lower.ends_with(suffix)) {
      return std::string(v->get_string());
    }
  }
  return std::nullopt;
}

void Count(DeliveryCounts& counts, const StoredMessage& message, DeliveryCounts::Place place) {
  auto value = HeaderValue(message, counts.header);
  if (!value) return;
  counts.counts[*value][place] += 1;
  counts.totals[place] += 1;
}

}  // namespace

std::optional<std::string> HeaderValue(const StoredMessage& message, std::string_view name) {
  if (AsciiIEquals(name, "internetMessageId")) {
    const json::value* v = message.graph.if_contains("internetMessageId");
    if (v != nullptr && v->is_string()) return std::string(v->get_string());
    return std::nullopt;
  }
  if (auto v = FromHeaders(message.graph, name)) return v;
  return FromExtendedProperties(message.graph, name);
}

DeliveryCounts CountDeliveries(const MailStore& store, const InternetSink& sink,
                               std::string_view header) {
  DeliveryCounts counts;
  counts.header = std::string(header);
  store.ForEachMailbox([&](const Mailbox& mailbox) {
    for (const Folder& folder : mailbox.folders()) {
      DeliveryCounts::Place place;
      if (folder.well_known_name == "inbox") {
        place = DeliveryCounts::kInbox;
      } else if (folder.well_known_name == "sentitems") {
        place = DeliveryCounts::kSentItems;
      } else {
        continue;
      }
      for (const StoredMessage* m : mailbox.List(&folder)) Count(counts, *m, place);
    }
  });
  sink.ForEachMessage([&](const StoredMessage& m) { Count(counts, m, DeliveryCounts::kInternet); });
  return counts;
}

json::value DeliveryCountsJson(const DeliveryCounts& counts) {
  json::object by_value;
  by_value.reserve(counts.counts.size());
  for (const auto& [value, n] : counts.counts) by_value[value] = json::array{n[0], n[1], n[2]};
  return json::object{{"header", counts.header},
                      {"places", json::array{"inbox", "sentItems", "internet"}},
                      {"totals", json::array{counts.totals[0], counts.totals[1], counts.totals[2]}},
                      {"counts", std::move(by_value)}};
}

}  // namespace graphpost::sandbox::graph
