// Admin views and persistence of GraphService.
#include <memory>

#include "core/ascii.hpp"
#include "sandbox/graph/delivery_count.hpp"
#include "sandbox/graph/graph_service.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

// Everything, including the properties Graph hides by default.
const RenderOptions kAdminView{
    .select = {"*", "internetMessageHeaders", "singleValueExtendedProperties"}};

// A message as the admin views list it: every property, attachment metadata and whether its MIME
// is kept.
json::object AdminItem(const StoredMessage& message) {
  json::object item = RenderMessage(message, kAdminView);
  json::array attachments;
  for (const auto& a : message.attachments) attachments.push_back(RenderAttachment(a, false));
  item["attachments"] = std::move(attachments);
  item["hasMime"] = message.mime != nullptr;
  return item;
}

}  // namespace

Result<std::string> GraphService::MailboxIdOf(std::string_view tenant, std::string_view mailbox) {
  std::lock_guard lock(world_.mu);
  const Tenant* t = world_.FindTenant(tenant);
  if (t == nullptr)
    return Fail(ErrorCode::kNotFound, "tenant '" + std::string(tenant) + "' not found");
  const Recipient* r = t->ResolveRecipient(mailbox);
  if (r == nullptr || !HasMailbox(r->type)) {
    return Fail(ErrorCode::kNotFound, "mailbox '" + std::string(mailbox) + "' not found");
  }
  return r->id;
}

Result<json::value> GraphService::ListFolder(std::string_view tenant, std::string_view mailbox,
                                             std::string_view folder) {
  auto mailbox_id = MailboxIdOf(tenant, mailbox);
  if (!mailbox_id) return Fail(mailbox_id.error());
  std::lock_guard lock(store_mu_);
  Mailbox& m = store_.Open(*mailbox_id);
  const Folder* f = m.FindFolder(folder);
  if (f == nullptr)
    return Fail(ErrorCode::kNotFound, "folder '" + std::string(folder) + "' not found");
  json::array value;
  for (const StoredMessage* message : m.List(f)) value.push_back(AdminItem(*message));
  return json::value(json::object{{"value", std::move(value)}});
}

Result<const StoredMessage*> GraphService::FindFolderMessageLocked(std::string_view mailbox_id,
                                                                   std::string_view folder,
                                                                   std::string_view message_id) {
  // A mailbox nobody wrote to is not created by looking (the store records creations).
  Mailbox* m = store_.Find(mailbox_id);
  Folder* f = m != nullptr ? m->FindFolder(folder) : nullptr;
  if (m != nullptr && f == nullptr)
    return Fail(ErrorCode::kNotFound, "folder '" + std::string(folder) + "' not found");
  const StoredMessage* message = m != nullptr ? m->FindMessage(message_id) : nullptr;
  const json::value* parent = message ? message->graph.if_contains("parentFolderId") : nullptr;
  if (parent == nullptr || !parent->is_string() || parent->get_string() != f->id) {
    return Fail(ErrorCode::kNotFound, "message '" + std::string(message_id) + "' not found");
  }
  return message;
}

Result<json::value> GraphService::GetFolderMessage(std::string_view tenant,
                                                   std::string_view mailbox,
                                                   std::string_view folder,
                                                   std::string_view message_id) {
  auto mailbox_id = MailboxIdOf(tenant, mailbox);
  if (!mailbox_id) return Fail(mailbox_id.error());
  std::lock_guard lock(store_mu_);
  auto message = FindFolderMessageLocked(*mailbox_id, folder, message_id);
  if (!message) return Fail(message.error());
  return json::value(AdminItem(**message));
}

Result<AttachmentContent> GraphService::GetAttachmentContent(std::string_view tenant,
                                                             std::string_view mailbox,
                                                             std::string_view folder,
                                                             std::string_view message_id,
                                                             std::string_view attachment_id) {
  auto mailbox_id = MailboxIdOf(tenant, mailbox);
  if (!mailbox_id) return Fail(mailbox_id.error());
  std::lock_guard lock(store_mu_);
  auto message = FindFolderMessageLocked(*mailbox_id, folder, message_id);
  if (!message) return Fail(message.error());
  for (const StoredAttachment& a : (*message)->attachments) {
    if (a.id != attachment_id) continue;
    auto bytes = a.bytes ? a.bytes : std::make_shared<const std::string>();
    return AttachmentContent{a.name, a.content_type, std::move(bytes)};
  }
  return Fail(ErrorCode::kNotFound, "attachment '" + std::string(attachment_id) + "' not found");
}

json::value GraphService::InternetSink(std::string_view tenant) const {
  std::string tenant_id(tenant);
  {
    std::lock_guard lock(world_.mu);
    if (const Tenant* t = world_.FindTenant(tenant)) tenant_id = t->id;
  }
  std::lock_guard lock(store_mu_);
  return sink_.List(tenant_id);
}

json::value GraphService::CountDeliveries(std::string_view header) {
  DeliverDue();
  std::lock_guard lock(store_mu_);
  return DeliveryCountsJson(graph::CountDeliveries(store_, sink_, header));
}

json::value GraphService::SaveJson() {
  std::lock_guard lock(store_mu_);
  return SaveJsonLocked();
}

json::value GraphService::SaveJsonLocked() const {
  json::array pending;
  for (const auto& [at, delivery] : pending_) pending.push_back(SaveDelivery(delivery));
  return json::object{
      {"store", store_.SaveJson()}, {"sink", sink_.SaveJson()}, {"pending", std::move(pending)}};
}

Status GraphService::LoadJson(const json::value& v) {
  const json::object* object = v.if_object();
  if (object == nullptr) return Fail(ErrorCode::kInvalidArgument, "mail: not an object");
  if (auto s = CheckKnownKeys(v, {"store", "sink", "pending"}, {}); !s) return s;
  MailStore store(random_, &changes_);
  graph::InternetSink sink(&changes_);
  PendingDeliveries pending;
  if (const json::value* s = object->if_contains("store")) {
    if (auto status = store.LoadJson(*s); !status) {
      return Fail(ErrorCode::kInvalidArgument, "store." + status.error().message);
    }
  }
  if (const json::value* s = object->if_contains("sink")) {
    if (auto status = sink.LoadJson(*s); !status) return Fail(status.error());
  }
  if (const json::value* p = object->if_contains("pending"); p != nullptr && p->is_array()) {
    for (std::size_t i = 0; i < p->get_array().size(); ++i) {
      auto delivery = LoadDelivery(p->get_array()[i], "pending[" + std::to_string(i) + "]");
      if (!delivery) return Fail(delivery.error());
      WallTime at = delivery->deliver_at;
      pending.emplace(at, std::move(*delivery));
    }
  }
  std::lock_guard lock(store_mu_);
  store_ = std::move(store);
  sink_ = std::move(sink);
  pending_ = std::move(pending);
  next_due_ns_ = pending_.empty() ? std::numeric_limits<long long>::max()
                                  : pending_.begin()->first.time_since_epoch().count();
  return Ok();
}

Status GraphService::Replay(const json::value& record) {
  std::lock_guard lock(store_mu_);
  Status applied = ApplyMailChanges(record, store_, sink_, pending_, random_);
  next_due_ns_ = pending_.empty() ? std::numeric_limits<long long>::max()
                                  : pending_.begin()->first.time_since_epoch().count();
  return applied;
}

void GraphService::AttachJournal(MailJournal& journal) {
  std::lock_guard lock(store_mu_);
  journal_ = &journal;
  changes_.Enable();
}

Result<MailCheckpoint> GraphService::Checkpoint() {
  std::lock_guard lock(store_mu_);
  if (journal_ == nullptr) return Fail(ErrorCode::kInternal, "no mail journal attached");
  // Changes nobody waits for (a mailbox opened by a listing) belong before the snapshot.
  if (!changes_.empty()) journal_->Append(changes_.Take());
  MailCheckpoint checkpoint{SaveJsonLocked(), 0};
  auto generation = journal_->Rotate();
  if (!generation) return Fail(generation.error());
  checkpoint.journal_generation = *generation;
  return checkpoint;
}

MailJournal::Ticket GraphService::QueueChanges() {
  if (journal_ == nullptr || changes_.empty()) return 0;
  return journal_->Append(changes_.Take());
}

GraphStatus GraphService::AwaitDurable(MailJournal::Ticket ticket) {
  if (ticket == 0) return {};
  if (auto s = journal_->WaitDurable(ticket); !s) {
    return GraphFail(errors::NotDurable(s.error().message));
  }
  return {};
}

}  // namespace graphpost::sandbox::graph
