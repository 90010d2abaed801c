#include "sandbox/graph/mail_changes.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

Status Bad(const std::string& where, const std::string& why) {
  return Fail(ErrorCode::kInvalidArgument, where + ": " + why);
}

Status ApplyMailbox(const json::object& op, const std::string& where, MailStore& store,
                    Random& random) {
  const json::value* mailbox = op.if_contains("mailbox");
  if (mailbox == nullptr) return Bad(where, "missing mailbox");
  auto loaded = Mailbox::LoadJson(*mailbox, random);
  if (!loaded) return Bad(where + ".mailbox", loaded.error().message);
  if (auto s = store.Adopt(std::move(*loaded)); !s) return Bad(where, s.error().message);
  return Ok();
}

Result<Mailbox*> FindMailbox(const json::object& op, const std::string& where, MailStore& store) {
  std::string id = JsonString(op, "mailbox").value_or("");
  Mailbox* mailbox = store.Find(id);
  if (mailbox == nullptr) return Fail(Bad(where + ".mailbox", "no mailbox '" + id + "'").error());
  return mailbox;
}

Status ApplyPut(const json::object& op, const std::string& where, MailStore& store) {
  auto mailbox = FindMailbox(op, where, store);
  if (!mailbox) return Fail(mailbox.error());
  const json::value* message = op.if_contains("message");
  if (message == nullptr) return Bad(where, "missing message");
  auto m = LoadStoredMessage(*message, where + ".message");
  if (!m) return Fail(m.error());
  if (auto s = (*mailbox)->Restore(std::move(*m)); !s) return Bad(where, s.error().message);
  return Ok();
}

Status ApplyRemove(const json::object& op, const std::string& where, MailStore& store) {
  auto mailbox = FindMailbox(op, where, store);
  if (!mailbox) return Fail(mailbox.error());
  // Already gone is fine: a message evicted from a full folder may be removed again.
  (*mailbox)->Remove(JsonString(op, "id").value_or(""));
  return Ok();
}

Status ApplySink(const json::object& op, const std::string& where, InternetSink& sink) {
  auto at = ParseIso8601(JsonString(op, "at").value_or(""));
  const json::value* message = op.if_contains("message");
  if (!at || message == nullptr) return Bad(where, "missing at or message");
  auto m = LoadStoredMessage(*message, where + ".message");
  if (!m) return Fail(m.error());
  sink.Add(JsonString(op, "tenant").value_or(""), JsonString(op, "recipient").value_or(""), *at,
           std::move(*m));
  return Ok();
}

Status ApplyQueue(const json::object& op, const std::string& where, PendingDeliveries& pending) {
  const json::value* delivery = op.if_contains("delivery");
  if (delivery == nullptr) return Bad(where, "missing delivery");
  auto d = LoadDelivery(*delivery, where + ".delivery");
  if (!d) return Fail(d.error());
  WallTime at = d->deliver_at;
  pending.emplace(at, std::move(*d));
  return Ok();
}

Status ApplyDone(const json::object& op, const std::string& where, PendingDeliveries& pending) {
  auto at = ParseIso8601(JsonString(op, "at").value_or(""));
  std::string id = JsonString(op, "id").value_or("");
  bool sent_copy = JsonBool(op, "sentCopy").value_or(false);
  if (!at) return Bad(where, "missing at");
  auto [first, last] = pending.equal_range(*at);
  for (auto it = first; it != last; ++it) {
    if (it->second.message.Id() == id && it->second.file_in_sent_items == sent_copy) {
      pending.erase(it);
      return Ok();
    }
  }
  return Bad(where, "no pending delivery of message '" + id + "'");
}

Status ApplyOp(const json::value& v, const std::string& where, MailStore& store, InternetSink& sink,
               PendingDeliveries& pending, Random& random) {
  const json::object* op = v.if_object();
  if (op == nullptr) return Bad(where, "expected an object");
  if (auto s = CheckKnownKeys(
          v,
          {"op", "mailbox", "message", "id", "tenant", "recipient", "at", "delivery", "sentCopy"},
          where);
      !s) {
    return s;
  }
  std::string kind = JsonString(*op, "op").value_or("");
  if (kind == "mailbox") return ApplyMailbox(*op, where, store, random);
  if (kind == "put") return ApplyPut(*op, where, store);
  if (kind == "remove") return ApplyRemove(*op, where, store);
  if (kind == "sink") return ApplySink(*op, where, sink);
  if (kind == "queue") return ApplyQueue(*op, where, pending);
  if (kind == "done") return ApplyDone(*op, where, pending);
  return Bad(where + ".op", "unknown operation '" + kind + "'");
}

}  // namespace

void MailChanges::Add(json::object op) {
  if (enabled_) ops_.push_back(std::move(op));
}

void MailChanges::MailboxCreated(const Mailbox& mailbox) {
  if (enabled_) Add({{"op", "mailbox"}, {"mailbox", mailbox.SaveJson()}});
}

void MailChanges::MessageStored(std::string_view mailbox_id, const StoredMessage& message) {
  if (enabled_)
    Add({{"op", "put"}, {"mailbox", mailbox_id}, {"message", SaveStoredMessage(message)}});
}

void MailChanges::MessageRemoved(std::string_view mailbox_id, std::string_view message_id) {
  if (enabled_) Add({{"op", "remove"}, {"mailbox", mailbox_id}, {"id", message_id}});
}

void MailChanges::SinkAdded(std::string_view tenant_id, std::string_view recipient, WallTime at,
                            const StoredMessage& message) {
  if (!enabled_) return;
  Add({{"op", "sink"},
       {"tenant", tenant_id},
       {"recipient", recipient},
       {"at", FormatIso8601Fraction(at)},
       {"message", SaveStoredMessage(message)}});
}

void MailChanges::DeliveryQueued(const Delivery& delivery) {
  if (enabled_) Add({{"op", "queue"}, {"delivery", SaveDelivery(delivery)}});
}

void MailChanges::DeliveryDone(const Delivery& delivery) {
  if (!enabled_) return;
  json::object op{{"op", "done"},
                  {"at", FormatIso8601Fraction(delivery.deliver_at)},
                  {"id", delivery.message.Id()}};
  // A late Sent Items copy and the delivery of the same message may be due at the same time.
  if (delivery.file_in_sent_items) op["sentCopy"] = true;
  Add(std::move(op));
}

std::string MailChanges::Take() {
  std::string record = ToJson(json::object{{"ops", std::move(ops_)}});
  ops_ = json::array{};
  return record;
}

Status ApplyMailChanges(const json::value& record, MailStore& store, InternetSink& sink,
                        PendingDeliveries& pending, Random& random) {
  if (auto s = CheckKnownKeys(record, {"ops"}, {}); !s) return s;
  const json::array* ops = JsonArray(record, "ops");
  if (ops == nullptr) return Bad("ops", "missing");
  for (std::size_t i = 0; i < ops->size(); ++i) {
    std::string where = "ops[" + std::to_string(i) + "]";
    if (auto s = ApplyOp((*ops)[i], where, store, sink, pending, random); !s) return s;
  }
  return Ok();
}

}  // namespace graphpost::sandbox::graph
