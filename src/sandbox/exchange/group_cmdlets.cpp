// Group cmdlets: Get-Group, Get-/New-/Remove-DistributionGroup and
// Add-/Remove-/Get-DistributionGroupMember. Membership is direct: a group lists member ids.
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

const std::vector<std::string> kDistributionGroupColumns = {"Name", "DisplayName", "GroupType",
                                                            "PrimarySmtpAddress"};

Result<CmdletOutput> GetGroup(CmdletContext& c, const CmdletArgs& args) {
  auto found = ListRecipients(c.tenant, args, RecipientFilter::kGroup);
  if (!found) return Fail(found.error());
  boost::json::array objects;
  for (const Recipient* g : *found) objects.emplace_back(GroupRecord(c.tenant, *g));
  return Table({"Name", "DisplayName", "RecipientTypeDetails", "WindowsEmailAddress"},
               std::move(objects));
}

Result<CmdletOutput> GetDistributionGroup(CmdletContext& c, const CmdletArgs& args) {
  auto found = ListRecipients(c.tenant, args, RecipientFilter::kGroup);
  if (!found) return Fail(found.error());
  boost::json::array objects;
  for (const Recipient* g : *found) objects.emplace_back(GroupRecord(c.tenant, *g));
  return Table(kDistributionGroupColumns, std::move(objects));
}

// The id of the recipient a -Member/-Members value names, with Add-DistributionGroupMember's
// not-found text.
Result<std::string> ResolveMember(const Tenant& t, std::string_view member) {
  auto id = ResolveRecipientId(t, member, RecipientFilter::kMemberCandidate);
  if (!id && id.error().code == ErrorCode::kNotFound) return Fail(CouldntFindObject(member));
  return id;
}

Result<RecipientType> ParseGroupType(const CmdletArgs& args) {
  std::string type = args.Find("Type").value_or("Distribution");
  if (AsciiIEquals(type, "Distribution")) return RecipientType::kMailUniversalDistributionGroup;
  if (AsciiIEquals(type, "Security")) return RecipientType::kMailUniversalSecurityGroup;
  return Fail(ErrorCode::kInvalidArgument,
              "Cannot bind parameter 'Type'. Cannot convert value \"" + type +
                  "\" to type \"Microsoft.Exchange.Data.Directory.Recipient.GroupType\". Valid "
                  "values are: Distribution, Security.");
}

Result<CmdletOutput> NewDistributionGroup(CmdletContext& c, const CmdletArgs& args) {
  auto type = ParseGroupType(args);
  if (!type) return Fail(type.error());
  auto draft = DraftRecipient(c, args, *type);
  if (!draft) return Fail(draft.error());
  for (const std::string& member : args.List("Members")) {
    auto id = ResolveMember(c.tenant, member);
    if (!id) return Fail(id.error());
    if (!IsDirectMember(*draft, *id)) draft->member_ids.push_back(*id);
  }
  c.tenant.recipients.push_back(*draft);
  return Table(kDistributionGroupColumns, {GroupRecord(c.tenant, *draft)});
}

Result<CmdletOutput> RemoveDistributionGroup(CmdletContext& c, const CmdletArgs& args) {
  auto id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kGroup);
  if (!id) return Fail(id.error());
  std::erase_if(c.tenant.recipients, [&](const Recipient& r) { return r.id == *id; });
  for (Recipient& r : c.tenant.recipients) {
    std::erase_if(r.member_ids, [&](const std::string& m) { return AsciiIEquals(m, *id); });
  }
  return Nothing();
}

Result<CmdletOutput> AddDistributionGroupMember(CmdletContext& c, const CmdletArgs& args) {
  auto group_id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kGroup);
  if (!group_id) return Fail(group_id.error());
  auto member_id = ResolveMember(c.tenant, args.Get("Member"));
  if (!member_id) return Fail(member_id.error());
  Recipient& group = *c.tenant.FindRecipient(*group_id);
  const Recipient& member = *c.tenant.FindRecipient(*member_id);
  if (*group_id == *member_id) {
    return Fail(ErrorCode::kInvalidArgument, "The group \"" + std::string(ExchangeName(group)) +
                                                 "\" can't be a member of itself.");
  }
  if (IsDirectMember(group, *member_id)) {
    return Fail(ErrorCode::kAlreadyExists, "The recipient \"" + std::string(ExchangeName(member)) +
                                               "\" is already a member of the group \"" +
                                               std::string(ExchangeName(group)) + "\".");
  }
  group.member_ids.push_back(*member_id);
  return Nothing();
}

Result<CmdletOutput> RemoveDistributionGroupMember(CmdletContext& c, const CmdletArgs& args) {
  auto group_id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kGroup);
  if (!group_id) return Fail(group_id.error());
  auto member_id = ResolveMember(c.tenant, args.Get("Member"));
  if (!member_id) return Fail(member_id.error());
  Recipient& group = *c.tenant.FindRecipient(*group_id);
  if (!IsDirectMember(group, *member_id)) {
    const Recipient& member = *c.tenant.FindRecipient(*member_id);
    return Fail(ErrorCode::kNotFound, "The recipient \"" + std::string(ExchangeName(member)) +
                                          "\" isn't a member of the group \"" +
                                          std::string(ExchangeName(group)) + "\".");
  }
  std::erase_if(group.member_ids,
                [&](const std::string& m) { return AsciiIEquals(m, *member_id); });
  return Nothing();
}

Result<CmdletOutput> GetDistributionGroupMember(CmdletContext& c, const CmdletArgs& args) {
  auto group_id = ResolveRecipientId(c.tenant, args.Get("Identity"), RecipientFilter::kGroup);
  if (!group_id) return Fail(group_id.error());
  boost::json::array objects;
  for (const std::string& id : c.tenant.FindRecipient(*group_id)->member_ids) {
    if (const Recipient* m = c.tenant.FindRecipient(id)) objects.emplace_back(MailboxRecord(*m));
  }
  return Table({"Name", "RecipientType"}, std::move(objects));
}

}  // namespace

std::vector<CmdletSpec> GroupCmdletSpecs() {
  std::vector<ParamSpec> get = {{"Identity"}, {"RecipientTypeDetails"}, {"ResultSize"}};
  std::vector<ParamSpec> member = {
      {"Identity", true}, {"Member", true}, {"BypassSecurityGroupManagerCheck", false, true}};
  return {
      {"Get-Group", get, "Identity", false, GetGroup},
      {"Get-DistributionGroup", get, "Identity", false, GetDistributionGroup},
      {"New-DistributionGroup",
       {{"Name", true},
        {"Alias"},
        {"DisplayName"},
        {"PrimarySmtpAddress"},
        {"Type"},
        {"Members"},
        {"ManagedBy"},
        {"Notes"}},
       "Name",
       true,
       NewDistributionGroup},
      {"Remove-DistributionGroup",
       {{"Identity", true}, {"BypassSecurityGroupManagerCheck", false, true}},
       "Identity",
       true,
       RemoveDistributionGroup},
      {"Add-DistributionGroupMember", member, "Identity", true, AddDistributionGroupMember},
      {"Remove-DistributionGroupMember", member, "Identity", true, RemoveDistributionGroupMember},
      {"Get-DistributionGroupMember",
       {{"Identity", true}, {"ResultSize"}},
       "Identity",
       false,
       GetDistributionGroupMember},
  };
}

}  // namespace graphpost::sandbox::exchange::internal
