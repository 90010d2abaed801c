// sendMail and messages/{id}/send: validation, the From/Send As rule, Sent Items, pacing and
// delivery (protocol.md §3.1–§3.3, §5.2, §7).
#include "core/ascii.hpp"
#include "sandbox/exchange/recipients.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "sandbox/graph/internal/graph_call.hpp"
#include "sandbox/graph/internal/request_body.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

GraphResult<bool> SaveToSentItems(const json::object& body) {
  const json::value* v = FindMemberIgnoreCase(body, "saveToSentItems");
  if (v == nullptr || v->is_null()) return true;
  if (v->is_bool()) return v->get_bool();
  // The Graph docs' own sample sends the string "false".
  if (v->is_string() && AsciiIEquals(v->get_string(), "true")) return true;
  if (v->is_string() && AsciiIEquals(v->get_string(), "false")) return false;
  return GraphFail(errors::BadRequest("Invalid value for property 'saveToSentItems'."));
}

std::string AddressOf(const json::value* recipient) {
  if (recipient == nullptr || !recipient->is_object()) return {};
  const json::value* email = recipient->get_object().if_contains("emailAddress");
  const json::value* address =
      email != nullptr && email->is_object() ? email->get_object().if_contains("address") : nullptr;
  return address != nullptr && address->is_string() ? std::string(address->get_string()) : "";
}

bool IsOwnAddress(const Recipient& mailbox, std::string_view address) {
  if (AsciiIEquals(mailbox.user_principal_name, address)) return true;
  for (const auto& a : exchange::SmtpAddresses(mailbox)) {
    if (AsciiIEquals(a, address)) return true;
  }
  return false;
}

// The From of a message sent through `mailbox`: the mailbox's primary address (Exchange rewrites
// aliases), or another recipient the mailbox holds Send As on; else 403 ErrorSendAsDenied.
GraphResult<json::object> ResolveFrom(const Tenant& tenant, const Recipient& mailbox,
                                      const json::object& graph) {
  std::string address = AddressOf(graph.if_contains("from"));
  if (address.empty() || IsOwnAddress(mailbox, address)) {
    return RecipientJson(mailbox.display_name, mailbox.primary_smtp_address);
  }
  const Recipient* other = tenant.ResolveRecipient(address);
  bool send_as = other != nullptr &&
                 std::any_of(other->send_as_trustee_ids.begin(), other->send_as_trustee_ids.end(),
                             [&](const std::string& id) { return AsciiIEquals(id, mailbox.id); });
  if (!send_as) return GraphFail(errors::SendAsDenied());
  return RecipientJson(other->display_name, other->primary_smtp_address);
}

std::string DomainOf(std::string_view address) {
  std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

void MarkSent(StoredMessage& message, WallTime now) {
  std::string when = FormatIso8601(now);
  message.graph["isDraft"] = false;
  message.graph["isRead"] = true;
  message.graph["sentDateTime"] = when;
  message.graph["receivedDateTime"] = when;
  message.graph["lastModifiedDateTime"] = when;
}

// Sets From/Sender and decides where the message goes; under World::mu.
GraphResult<Delivery> PlanSend(const Tenant& tenant, const std::string& mailbox_id,
                               const std::string& user, StoredMessage& message) {
  const Recipient* mailbox = tenant.FindRecipient(mailbox_id);
  if (mailbox == nullptr) return GraphFail(errors::InvalidUser(user));
  auto from = ResolveFrom(tenant, *mailbox, message.graph);
  if (!from) return GraphFail(from.error());
  message.graph["sender"] = *from;
  message.graph["from"] = std::move(*from);
  Delivery delivery;
  delivery.plan = PlanDelivery(tenant, RecipientAddresses(message.graph));
  delivery.sender_address = mailbox->primary_smtp_address;
  delivery.tenant_domain =
      tenant.domains.empty() ? DomainOf(mailbox->primary_smtp_address) : tenant.domains[0];
  return delivery;
}

}  // namespace

GraphService::Reply GraphService::SendMail(Call& call) {
  bool save = true;
  GraphResult<MessageInput> input = GraphFail(errors::InvalidJson());
  if (IsMimeRequest(call.request)) {
    input = MessageFromMime(call.request.body);
  } else {
    auto body = ParseJsonBody(call.request);
    if (!body) return GraphFail(body.error());
    const json::object* object = body->if_object();
    const json::value* message = object ? FindMemberIgnoreCase(*object, "message") : nullptr;
    // UNCONFIRMED text for a sendMail body without "message".
    if (message == nullptr)
      return GraphFail(errors::BadRequest("The 'message' parameter is missing."));
    auto save_flag = SaveToSentItems(*object);
    if (!save_flag) return GraphFail(save_flag.error());
    save = *save_flag;
    input = MessageFromJson(*message);
  }
  if (!input) return GraphFail(input.error());
  StoredMessage message = NewStoredMessage(
      std::move(*input), {.now = call.context.now, .folder_id = {}, .is_draft = false}, random_);
  SentCopy sent{.save = save, .draft_id = {}, .delay = call.sent_items_delay};
  if (auto s = Submit(call, std::move(message), std::move(sent)); !s) return GraphFail(s.error());
  return GraphEmpty(202, call.context);
}

GraphService::Reply GraphService::SendDraft(Call& call) {
  StoredMessage draft;
  {
    std::lock_guard lock(store_mu_);
    Mailbox* mailbox = store_.Find(call.mailbox_id);
    StoredMessage* found = mailbox ? mailbox->FindMessage(call.route.message_id) : nullptr;
    if (found == nullptr) return GraphFail(errors::ItemNotFound());
    draft = *found;
  }
  const json::value* is_draft = draft.graph.if_contains("isDraft");
  if (is_draft == nullptr || !is_draft->is_bool() || !is_draft->get_bool()) {
    // UNCONFIRMED: Graph's answer for sending an item that is not a draft.
    return GraphFail(errors::BadRequest("Only draft messages can be sent."));
  }
  SentCopy sent{.save = true, .draft_id = call.route.message_id, .delay = call.sent_items_delay};
  if (auto s = Submit(call, std::move(draft), std::move(sent)); !s) {
    return GraphFail(s.error());
  }
  return GraphEmpty(202, call.context);
}

GraphStatus GraphService::Submit(Call& call, StoredMessage message, SentCopy sent) {
  if (auto s = CheckRecipients(message.graph, call.limits.max_recipients_per_message); !s) return s;
  if (MessageSize(message) > call.limits.max_message_bytes) {
    return GraphFail(errors::MessageSizeExceeded());
  }
  WallTime now = call.context.now;
  GraphResult<Delivery> planned = GraphFail(errors::InvalidUser(call.route.user));
  {
    std::lock_guard lock(world_.mu);
    const Tenant* tenant = world_.FindTenant(call.tenant_id);
    if (tenant != nullptr) planned = PlanSend(*tenant, call.mailbox_id, call.route.user, message);
  }
  if (!planned) return GraphFail(planned.error());
  Delivery delivery = std::move(*planned);
  MarkSent(message, now);
  delivery.tenant_id = call.tenant_id;
  delivery.sender_mailbox_id = call.mailbox_id;
  int recipients = static_cast<int>(RecipientAddresses(message.graph).size());
  SendingPacer::Admission admission{};
  {
    std::lock_guard lock(limits_mu_);
    admission = pacer_.Admit(AsciiLower(call.mailbox_id), recipients, now);
  }
  if (!admission.allowed) delivery.refused_diagnostic = std::string(kDailyRecipientLimit);
  delivery.deliver_at = admission.allowed ? admission.deliver_at : now;
  auto ticket = CommitSend(std::move(message), std::move(delivery), sent, now);
  if (!ticket) return GraphFail(ticket.error());
  call.ticket = *ticket;
  return {};
}

GraphResult<MailJournal::Ticket> GraphService::CommitSend(StoredMessage message, Delivery delivery,
                                                          const SentCopy& sent, WallTime now) {
  std::lock_guard lock(store_mu_);
  Mailbox& mailbox = store_.Open(delivery.sender_mailbox_id);
  Folder& sent_items = mailbox.WellKnown(WellKnownFolder::kSentItems);
  const bool late = sent.save && sent.delay > std::chrono::milliseconds{0};
  if (!sent.draft_id.empty()) {
    StoredMessage* draft = mailbox.FindMessage(sent.draft_id);
    if (draft == nullptr) return GraphFail(errors::ItemNotFound());
    draft->graph = std::move(message.graph);
    if (late) {
      delivery.message = *draft;  // leaves Drafts now, reaches Sent Items (same id) later
      mailbox.Remove(sent.draft_id);
    } else {
      mailbox.Move(*draft, sent_items);  // records the edited draft in its new folder
      delivery.message = *draft;
    }
  } else if (sent.save && !late) {
    delivery.message = mailbox.Insert(std::move(message), sent_items);
  } else {
    delivery.message = std::move(message);
  }
  if (late) {
    Delivery copy{.deliver_at = now + sent.delay,
                  .tenant_id = delivery.tenant_id,
                  .sender_mailbox_id = delivery.sender_mailbox_id,
                  .sender_address = delivery.sender_address,
                  .tenant_domain = delivery.tenant_domain,
                  .file_in_sent_items = true,
                  .message = delivery.message};
    QueueDelivery(std::move(copy));
  }
  if (delivery.deliver_at <= now) {
    Deliver(delivery, now, store_, sink_, random_);
  } else {
    QueueDelivery(std::move(delivery));
  }
  return QueueChanges();
}

void GraphService::QueueDelivery(Delivery delivery) {
  changes_.DeliveryQueued(delivery);
  WallTime at = delivery.deliver_at;
  pending_.emplace(at, std::move(delivery));
  next_due_ns_ = pending_.begin()->first.time_since_epoch().count();
}

}  // namespace graphpost::sandbox::graph
