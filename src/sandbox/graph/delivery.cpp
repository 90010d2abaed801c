#include "sandbox/graph/delivery.hpp"

#include <set>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "sandbox/exchange/recipients.hpp"
#include "sandbox/graph/mail_changes.hpp"

namespace graphpost::sandbox::graph {
namespace {

// The system mailbox Exchange Online sends NDRs from.
constexpr std::string_view kNdrMailbox = "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e";
constexpr std::string_view kGeneratingServer = "SA1PR04MB8635.namprd04.prod.outlook.com";

class Planner {
 public:
  explicit Planner(const Tenant& tenant) : tenant_(tenant) {}

  void Address(std::string_view address) {
    if (!seen_addresses_.insert(AsciiLower(address)).second) return;
    if (const Recipient* r = tenant_.ResolveRecipient(address)) {
      AddRecipient(*r, address, /*direct=*/true);
      return;
    }
    std::size_t at = address.rfind('@');
    std::string_view domain = at == std::string_view::npos ? "" : address.substr(at + 1);
    if (tenant_.HasDomain(domain)) {
      plan_.unknown_addresses.emplace_back(address);
    } else {
      plan_.internet_addresses.emplace_back(address);
    }
  }

  DeliveryPlan Take() { return std::move(plan_); }

 private:
  // `direct`: named in the message (a bad one bounces); group members without a mailbox are
  // skipped silently, as Exchange's expansion does.
  void AddRecipient(const Recipient& r, std::string_view address, bool direct) {
    if (IsGroup(r.type)) {
      if (!expanded_groups_.insert(AsciiLower(r.id)).second) return;  // cycles, repeats
      for (const auto& member_id : r.member_ids) {
        if (const Recipient* m = tenant_.FindRecipient(member_id)) {
          AddRecipient(*m, m->primary_smtp_address, false);
        }
      }
    } else if (r.type == RecipientType::kMailContact && !r.external_email_address.empty()) {
      if (seen_external_.insert(AsciiLower(r.external_email_address)).second) {
        plan_.internet_addresses.push_back(r.external_email_address);
      }
    } else if (HasMailbox(r.type) && exchange::IsMailboxEnabled(r)) {
      if (seen_mailboxes_.insert(AsciiLower(r.id)).second) plan_.mailbox_ids.push_back(r.id);
    } else if (direct) {
      plan_.unknown_addresses.emplace_back(address);
    }
  }

  const Tenant& tenant_;
  DeliveryPlan plan_;
  std::set<std::string> seen_addresses_;
  std::set<std::string> seen_mailboxes_;
  std::set<std::string> seen_external_;
  std::set<std::string> expanded_groups_;
};

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out.push_back(c);
  }
  return out;
}

std::string NdrBody(const std::vector<std::string>& addresses, std::string_view diagnostic) {
  std::string html = "<p><b>Your message couldn't be delivered to:</b></p>\r\n<ul>\r\n";
  for (const auto& a : addresses) html += "<li>" + HtmlEscape(a) + "</li>\r\n";
  html += "</ul>\r\n<p>Diagnostic information for administrators:</p>\r\n<p>Generating server: " +
          std::string(kGeneratingServer) + "</p>\r\n";
  for (const auto& a : addresses) {
    html += "<p>" + HtmlEscape(a) + "<br>\r\nRemote server returned '" + HtmlEscape(diagnostic) +
            "'</p>\r\n";
  }
  return html;
}

StoredMessage BuildNdr(const Delivery& d, const std::vector<std::string>& addresses,
                       std::string_view diagnostic, WallTime now, Random& random,
                       const std::string& inbox_id) {
  MessageInput input;
  const json::value* subject = d.message.graph.if_contains("subject");
  input.fields["subject"] =
      "Undeliverable: " + std::string(subject != nullptr && subject->is_string()
                                          ? std::string_view(subject->get_string())
                                          : std::string_view());
  input.fields["body"] =
      json::object{{"contentType", "html"}, {"content", NdrBody(addresses, diagnostic)}};
  input.fields["from"] =
      RecipientJson("Microsoft Outlook", std::string(kNdrMailbox) + "@" + d.tenant_domain);
  input.fields["sender"] = RecipientJson("Microsoft Outlook", "postmaster@" + d.tenant_domain);
  input.fields["toRecipients"] = json::array{RecipientJson(d.sender_address, d.sender_address)};
  input.fields["importance"] = "normal";
  return NewStoredMessage(std::move(input),
                          {.now = now, .folder_id = inbox_id, .is_draft = false, .is_read = false},
                          random);
}

json::value PlanJson(const DeliveryPlan& plan) {
  auto list = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
  };
  return json::object{{"mailboxIds", list(plan.mailbox_ids)},
                      {"internetAddresses", list(plan.internet_addresses)},
                      {"unknownAddresses", list(plan.unknown_addresses)}};
}

std::vector<std::string> Strings(const json::object& object, std::string_view key) {
  std::vector<std::string> out;
  if (const json::value* a = object.if_contains(key); a != nullptr && a->is_array()) {
    for (const auto& v : a->get_array()) {
      if (v.is_string()) out.emplace_back(v.get_string());
    }
  }
  return out;
}

}  // namespace

DeliveryPlan PlanDelivery(const Tenant& tenant, const std::vector<std::string>& addresses) {
  Planner planner(tenant);
  for (const auto& a : addresses) planner.Address(a);
  return planner.Take();
}

void Deliver(const Delivery& d, WallTime now, MailStore& store, InternetSink& sink,
             Random& random) {
  Mailbox& sender = store.Open(d.sender_mailbox_id);
  if (d.file_in_sent_items) sender.Insert(d.message, sender.WellKnown(WellKnownFolder::kSentItems));
  Folder& sender_inbox = sender.WellKnown(WellKnownFolder::kInbox);
  if (!d.refused_diagnostic.empty()) {
    std::vector<std::string> all = RecipientAddresses(d.message.graph);
    sender.Insert(BuildNdr(d, all, d.refused_diagnostic, now, random, sender_inbox.id),
                  sender_inbox);
    return;
  }
  const bool has_recipients = !d.plan.mailbox_ids.empty() || !d.plan.internet_addresses.empty();
  const StoredMessage prepared = has_recipients ? PrepareForRecipients(d.message) : StoredMessage{};
  for (const auto& mailbox_id : d.plan.mailbox_ids) {
    Mailbox& mailbox = store.Open(mailbox_id);
    Folder& inbox = mailbox.WellKnown(WellKnownFolder::kInbox);
    mailbox.Insert(CopyForDelivery(prepared, now, random), inbox);
  }
  for (const auto& address : d.plan.internet_addresses) {
    sink.Add(d.tenant_id, address, now, CopyForDelivery(prepared, now, random));
  }
  if (!d.plan.unknown_addresses.empty()) {
    sender.Insert(
        BuildNdr(d, d.plan.unknown_addresses, kRecipientNotFound, now, random, sender_inbox.id),
        sender_inbox);
  }
}

void InternetSink::Add(std::string_view tenant_id, std::string recipient, WallTime at,
                       StoredMessage message) {
  std::string key = AsciiLower(tenant_id);
  auto it = entries_.find(key);
  if (it == entries_.end()) it = entries_.emplace(key, std::deque<Entry>{}).first;
  if (it->second.size() >= kMaxEntriesPerTenant) it->second.pop_front();
  if (changes_ != nullptr) changes_->SinkAdded(tenant_id, recipient, at, message);
  it->second.push_back(Entry{std::move(recipient), at, std::move(message)});
}

json::value InternetSink::List(std::string_view tenant_id) const {
  json::array out;
  auto it = entries_.find(AsciiLower(tenant_id));
  if (it == entries_.end()) return out;
  for (const auto& e : it->second) {
    json::object message = RenderMessage(e.message, {.select = {"*"}});
    json::array attachments;
    for (const auto& a : e.message.attachments) attachments.push_back(RenderAttachment(a, false));
    message["attachments"] = std::move(attachments);
    out.push_back(json::object{{"recipient", e.recipient},
                               {"receivedDateTime", FormatIso8601(e.at)},
                               {"message", std::move(message)}});
  }
  return out;
}

json::value InternetSink::SaveJson() const {
  json::object out;
  for (const auto& [tenant, list] : entries_) {
    json::array items;
    for (const auto& e : list) {
      items.push_back(json::object{{"recipient", e.recipient},
                                   {"at", FormatIso8601Fraction(e.at)},
                                   {"message", SaveStoredMessage(e.message)}});
    }
    out[tenant] = std::move(items);
  }
  return out;
}

Status InternetSink::LoadJson(const json::value& v) {
  const json::object* tenants = v.if_object();
  if (tenants == nullptr) return Fail(ErrorCode::kInvalidArgument, "sink: not an object");
  decltype(entries_) loaded;
  for (const auto& [tenant, list] : *tenants) {
    if (!list.is_array()) return Fail(ErrorCode::kInvalidArgument, "sink." + std::string(tenant));
    auto& entries = loaded[AsciiLower(tenant)];
    for (const auto& item : list.get_array()) {
      std::string where =
          "sink." + std::string(tenant) + "[" + std::to_string(entries.size()) + "]";
      if (auto s = CheckKnownKeys(item, {"recipient", "at", "message"}, where); !s) return s;
      const json::value* message =
          item.is_object() ? item.get_object().if_contains("message") : nullptr;
      if (message == nullptr) return Fail(ErrorCode::kInvalidArgument, where + ": missing message");
      auto m = LoadStoredMessage(*message, where);
      if (!m) return Fail(m.error());
      auto at = ParseIso8601(JsonString(item, "at").value_or(""));
      entries.push_back(Entry{JsonString(item, "recipient").value_or(""), at.value_or(WallTime{}),
                              std::move(*m)});
    }
  }
  entries_ = std::move(loaded);
  return Ok();
}

json::value SaveDelivery(const Delivery& d) {
  return json::object{{"deliverAt", FormatIso8601Fraction(d.deliver_at)},
                      {"tenantId", d.tenant_id},
                      {"senderMailboxId", d.sender_mailbox_id},
                      {"senderAddress", d.sender_address},
                      {"tenantDomain", d.tenant_domain},
                      {"plan", PlanJson(d.plan)},
                      {"refusedDiagnostic", d.refused_diagnostic},
                      {"fileInSentItems", d.file_in_sent_items},
                      {"message", SaveStoredMessage(d.message)}};
}

Result<Delivery> LoadDelivery(const json::value& v, const std::string& where) {
  if (auto s = CheckKnownKeys(
          v,
          {"deliverAt", "tenantId", "senderMailboxId", "senderAddress", "tenantDomain", "plan",
           "refusedDiagnostic", "fileInSentItems", "message"},
          where);
      !s) {
    return Fail(s.error());
  }
  auto at = ParseIso8601(JsonString(v, "deliverAt").value_or(""));
  const json::value* message = v.is_object() ? v.get_object().if_contains("message") : nullptr;
  if (!at || message == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, where + ": missing deliverAt or message");
  }
  auto m = LoadStoredMessage(*message, where + ".message");
  if (!m) return Fail(m.error());
  Delivery d;
  d.deliver_at = *at;
  d.tenant_id = JsonString(v, "tenantId").value_or("");
  d.sender_mailbox_id = JsonString(v, "senderMailboxId").value_or("");
  d.sender_address = JsonString(v, "senderAddress").value_or("");
  d.tenant_domain = JsonString(v, "tenantDomain").value_or("");
  d.refused_diagnostic = JsonString(v, "refusedDiagnostic").value_or("");
  d.file_in_sent_items = JsonBool(v, "fileInSentItems").value_or(false);
  if (const json::object* plan = JsonObject(v, "plan")) {
    if (auto s = CheckKnownKeys(*plan, {"mailboxIds", "internetAddresses", "unknownAddresses"},
                                where + ".plan");
        !s) {
      return Fail(s.error());
    }
    d.plan.mailbox_ids = Strings(*plan, "mailboxIds");
    d.plan.internet_addresses = Strings(*plan, "internetAddresses");
    d.plan.unknown_addresses = Strings(*plan, "unknownAddresses");
  }
  d.message = std::move(*m);
  return d;
}

}  // namespace graphpost::sandbox::graph
