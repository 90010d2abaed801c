// Admin views and persistence of GraphService.
#include "core/ascii.hpp"
#include "sandbox/graph/graph_service.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

// Everything, including the properties Graph hides by default.
const RenderOptions kAdminView{
    .select = {"*", "internetMessageHeaders", "singleValueExtendedProperties"}};

}  // namespace

Result<json::value> GraphService::ListFolder(std::string_view tenant, std::string_view mailbox,
                                             std::string_view folder) {
  std::string mailbox_id;
  {
    std::lock_guard lock(world_.mu);
    const Tenant* t = world_.FindTenant(tenant);
    if (t == nullptr)
      return Fail(ErrorCode::kNotFound, "tenant '" + std::string(tenant) + "' not found");
    const Recipient* r = t->ResolveRecipient(mailbox);
    if (r == nullptr || !HasMailbox(r->type)) {
      return Fail(ErrorCode::kNotFound, "mailbox '" + std::string(mailbox) + "' not found");
    }
    mailbox_id = r->id;
  }
  std::lock_guard lock(store_mu_);
  Mailbox& m = store_.Open(mailbox_id);
  const Folder* f = m.FindFolder(folder);
  if (f == nullptr)
    return Fail(ErrorCode::kNotFound, "folder '" + std::string(folder) + "' not found");
  json::array value;
  for (const StoredMessage* message : m.List(f)) {
    json::object item = RenderMessage(*message, kAdminView);
    json::array attachments;
    for (const auto& a : message->attachments) attachments.push_back(RenderAttachment(a, false));
    item["attachments"] = std::move(attachments);
    item["hasMime"] = message->mime != nullptr;
    value.push_back(std::move(item));
  }
  return json::value(json::object{{"value", std::move(value)}});
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

json::value GraphService::SaveJson() {
  std::lock_guard lock(store_mu_);
  json::array pending;
  for (const auto& [at, delivery] : pending_) pending.push_back(SaveDelivery(delivery));
  return json::object{
      {"store", store_.SaveJson()}, {"sink", sink_.SaveJson()}, {"pending", std::move(pending)}};
}

Status GraphService::LoadJson(const json::value& v) {
  const json::object* object = v.if_object();
  if (object == nullptr) return Fail(ErrorCode::kInvalidArgument, "mail: not an object");
  MailStore store(random_);
  graph::InternetSink sink;
  std::multimap<WallTime, Delivery> pending;
  if (const json::value* s = object->if_contains("store")) {
    if (auto status = store.LoadJson(*s); !status) {
      return Fail(ErrorCode::kInvalidArgument, "store." + status.error().message);
    }
  }
  if (const json::value* s = object->if_contains("sink")) {
    if (auto status = sink.LoadJson(*s); !status) return Fail(status.error());
  }
  if (const json::value* p = object->if_contains("pending"); p != nullptr && p->is_array()) {
    for (const auto& item : p->get_array()) {
      auto delivery = LoadDelivery(item);
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

}  // namespace graphpost::sandbox::graph
