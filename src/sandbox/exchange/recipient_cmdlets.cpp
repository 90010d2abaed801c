// Mailbox and contact cmdlets: Get-/New-/Set-/Remove-Mailbox, Get-Recipient,
// Get-/New-/Remove-MailContact.
#include <algorithm>

#include "core/ascii.hpp"
#include "sandbox/exchange/internal/cmdlet_records.hpp"
#include "sandbox/exchange/internal/cmdlet_registry.hpp"
#include "sandbox/exchange/internal/new_recipient.hpp"
#include "sandbox/exchange/internal/recipient_listing.hpp"
#include "sandbox/exchange/internal/recipient_lookup.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

const std::vector<std::string> kMailboxColumns = {"Name", "Alias", "PrimarySmtpAddress",
                                                  "RecipientTypeDetails"};

Result<CmdletOutput> GetMailbox(CmdletContext& c, const CmdletArgs& args) {
  auto found = ListRecipients(c.tenant, args, RecipientFilter::kMailbox);
  if (!found) return Fail(found.error());
  boost::json::array objects;
  for (const Recipient* r : *found) objects.emplace_back(MailboxRecord(*r));
  return Table(kMailboxColumns, std::move(objects));
}

Result<CmdletOutput> GetRecipient(CmdletContext& c, const CmdletArgs& args) {
  auto found = ListRecipients(c.tenant, args, RecipientFilter::kAny);
  if (!found) return Fail(found.error());
  boost::json::array objects;
  for (const Recipient* r : *found) objects.emplace_back(MailboxRecord(*r));
  return Table({"Name", "RecipientType"}, std::move(objects));
}

Result<CmdletOutput> NewMailbox(CmdletContext& c, const CmdletArgs& args) {
  bool shared = args.Switch("Shared");
  auto draft =
      DraftRecipient(c, args, shared ? RecipientType::kSharedMailbox : RecipientType::kUserMailbox);
  if (!draft) return Fail(draft.error());
  Recipient r = std::move(*draft);
  r.user_principal_name = args.Find("MicrosoftOnlineServicesID").value_or(r.primary_smtp_address);
  r.licensed = !shared;
  c.tenant.recipients.push_back(r);
  return Table(kMailboxColumns, {MailboxRecord(r)});
}

bool IsPrimaryEntry(std::string_view entry) { return entry.substr(0, 5) == "SMTP:"; }
std::string_view BareAddress(std::string_view entry) {
  return AsciiIStartsWith(entry, "smtp:") ? entry.substr(5) : entry;
}

// Applies -EmailAddresses: a hashtable @{Add=..; Remove=..} edits the list; a plain list replaces
// it. "SMTP:" (upper case) marks the primary address.
Status ApplyAddAddress(const Tenant& t, Recipient& r, const std::string& entry) {
  auto bare = CheckNewAddress(t, entry, r.id, true);
  if (!bare) return Fail(bare.error());
  auto& secondary = r.secondary_smtp_addresses;
  std::erase_if(secondary, [&](const std::string& a) { return AsciiIEquals(a, *bare); });
  if (IsPrimaryEntry(entry)) {
    if (!AsciiIEquals(r.primary_smtp_address, *bare)) secondary.push_back(r.primary_smtp_address);
    r.primary_smtp_address = *bare;
  } else if (!AsciiIEquals(r.primary_smtp_address, *bare)) {
    secondary.push_back(*bare);
  }
  return Ok();
}

Status ApplyRemoveAddress(Recipient& r, std::string_view entry) {
  std::string bare(BareAddress(entry));
  if (AsciiIEquals(bare, r.primary_smtp_address)) {
    return Fail(ErrorCode::kInvalidArgument,
                "The primary SMTP address \"" + bare +
                    "\" can't be removed. Set another address as the primary SMTP address "
                    "first.");
  }
  std::erase_if(r.secondary_smtp_addresses,
                [&](const std::string& a) { return AsciiIEquals(a, bare); });
  return Ok();
}

// The primary is the entry written "SMTP:..."; without one, the current primary if listed, else
// the first entry.
Status ReplaceAddresses(const Tenant& t, Recipient& r, const std::vector<std::string>& entries) {
  auto primaries = std::count_if(entries.begin(), entries.end(),
                                 [](const std::string& e) { return IsPrimaryEntry(e); });
  if (entries.empty() || primaries > 1) {
    return Fail(ErrorCode::kInvalidArgument,
                "The EmailAddresses list must contain exactly one primary SMTP address (written "
                "with an upper-case \"SMTP:\" prefix).");
  }
  auto primary = std::find_if(entries.begin(), entries.end(),
                              [](const std::string& e) { return IsPrimaryEntry(e); });
  if (primary == entries.end()) {
    primary = std::find_if(entries.begin(), entries.end(), [&](const std::string& e) {
      return AsciiIEquals(BareAddress(e), r.primary_smtp_address);
    });
  }
  if (primary == entries.end()) primary = entries.begin();
  Recipient updated = r;
  updated.secondary_smtp_addresses.clear();
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    auto bare = CheckNewAddress(t, *it, r.id, true);
    if (!bare) return Fail(bare.error());
    if (it == primary) {
      updated.primary_smtp_address = *bare;
    } else if (std::none_of(updated.secondary_smtp_addresses.begin(),
                            updated.secondary_smtp_addresses.end(),
                            [&](const std::string& a) { return AsciiIEquals(a, *bare); })) {
      updated.secondary_smtp_addresses.push_back(*bare);
    }
  }
  std::erase_if(updated.secondary_smtp_addresses, [&](const std::string& a) {
    return AsciiIEquals(a, updated.primary_smtp_address);
  });
  r = std::move(updated);
  return Ok();
}

Status ApplyEmailAddresses(const Tenant& t, Recipient& r, const std::string& value) {
  auto table = ParseHashtable(value);
  if (!table) return ReplaceAddresses(t, r, SplitList(value));
  for (const auto& [key, items] : *table) {
    if (key != "add" && key != "remove") {
      return Fail(ErrorCode::kInvalidArgument, "Cannot convert the hashtable key \"" + key +
                                                   "\" for -EmailAddresses. Use Add or Remove.");
    }
    for (const std::string& item : items) {
      auto ok = key == "add" ? ApplyAddAddress(t, r, item) : ApplyRemoveAddress(r, item);
      if (!ok) return ok;
    }
  }
  return Ok();
}

Result<CmdletOutput> SetMailbox(CmdletContext& c, const CmdletArgs& args) {
  auto id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kMailbox);
  if (!id) return Fail(id.error());
  Recipient& r = *c.tenant.FindRecipient(*id);
  if (auto v = args.Find("EmailAddresses")) {
    if (auto ok = ApplyEmailAddresses(c.tenant, r, *v); !ok) return Fail(ok.error());
  }
  if (auto v = args.Find("PrimarySmtpAddress")) {
    if (auto ok = ApplyAddAddress(c.tenant, r, "SMTP:" + *v); !ok) return Fail(ok.error());
  }
  if (auto v = args.Find("DisplayName")) r.display_name = *v;
  if (auto v = args.Find("Department")) r.department = *v;
  for (std::size_t i = 0; i < r.custom_attributes.size(); ++i) {
    if (auto v = args.Find("CustomAttribute" + std::to_string(i + 1))) {
      r.custom_attributes[i] = AsciiIEquals(*v, "$null") ? "" : *v;
    }
  }
  return Nothing();
}

// Removes the recipient and every reference to it (group members, Send As trustees).
void RemoveRecipient(Tenant& t, const std::string& id) {
  std::erase_if(t.recipients, [&](const Recipient& r) { return AsciiIEquals(r.id, id); });
  for (Recipient& r : t.recipients) {
    std::erase_if(r.member_ids, [&](const std::string& m) { return AsciiIEquals(m, id); });
    std::erase_if(r.send_as_trustee_ids, [&](const std::string& m) { return AsciiIEquals(m, id); });
  }
}

Result<CmdletOutput> RemoveMailbox(CmdletContext& c, const CmdletArgs& args) {
  auto id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kMailbox);
  if (!id) return Fail(id.error());
  RemoveRecipient(c.tenant, *id);
  return Nothing();
}

Result<CmdletOutput> GetMailContact(CmdletContext& c, const CmdletArgs& args) {
  auto found = ListRecipients(c.tenant, args, RecipientFilter::kContact);
  if (!found) return Fail(found.error());
  boost::json::array objects;
  for (const Recipient* r : *found) objects.emplace_back(MailboxRecord(*r));
  return Table({"Name", "Alias", "RecipientType"}, std::move(objects));
}

Result<CmdletOutput> NewMailContact(CmdletContext& c, const CmdletArgs& args) {
  auto draft = DraftRecipient(c, args, RecipientType::kMailContact);
  if (!draft) return Fail(draft.error());
  auto external = CheckNewAddress(c.tenant, args.Get("ExternalEmailAddress"), "", false);
  if (!external) return Fail(external.error());
  draft->external_email_address = *external;
  draft->primary_smtp_address = *external;
  c.tenant.recipients.push_back(*draft);
  return Table({"Name", "Alias", "RecipientType"}, {MailboxRecord(*draft)});
}

Result<CmdletOutput> RemoveMailContact(CmdletContext& c, const CmdletArgs& args) {
  auto id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kContact);
  if (!id) return Fail(id.error());
  RemoveRecipient(c.tenant, *id);
  return Nothing();
}

std::vector<ParamSpec> SetMailboxParams() {
  std::vector<ParamSpec> p = {{"Identity", true},
                              {"EmailAddresses"},
                              {"PrimarySmtpAddress"},
                              {"DisplayName"},
                              {"Department"}};
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (int i = 1; i <= 15; ++i) names.push_back("CustomAttribute" + std::to_string(i));
    return names;
  }();
  for (const std::string& name : kNames) p.push_back({name});
  return p;
}

}  // namespace

std::vector<CmdletSpec> RecipientCmdletSpecs() {
  std::vector<ParamSpec> get = {{"Identity"}, {"RecipientTypeDetails"}, {"ResultSize"}};
  return {
      {"Get-Mailbox", get, "Identity", false, GetMailbox},
      {"New-Mailbox",
       {{"Name", true},
        {"Alias"},
        {"DisplayName"},
        {"PrimarySmtpAddress"},
        {"Shared", false, true},
        {"MicrosoftOnlineServicesID"},
        {"Password"},
        {"FirstName"},
        {"LastName"}},
       "Name",
       true,
       NewMailbox},
      {"Set-Mailbox", SetMailboxParams(), "Identity", true, SetMailbox},
      {"Remove-Mailbox", {{"Identity", true}, {"Permanent"}}, "Identity", true, RemoveMailbox},
      {"Get-Recipient", get, "Identity", false, GetRecipient},
      {"Get-MailContact", get, "Identity", false, GetMailContact},
      {"New-MailContact",
       {{"Name", true},
        {"ExternalEmailAddress", true},
        {"Alias"},
        {"DisplayName"},
        {"FirstName"},
        {"LastName"}},
       "Name",
       true,
       NewMailContact},
      {"Remove-MailContact", {{"Identity", true}}, "Identity", true, RemoveMailContact},
  };
}

}  // namespace graphpost::sandbox::exchange::internal
