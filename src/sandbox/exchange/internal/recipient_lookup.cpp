#include "sandbox/exchange/internal/recipient_lookup.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "sandbox/exchange/recipients.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

bool AliasChar(char c) {
  static constexpr std::string_view kExtra = "!#$%&'*+-/=?^_`{|}~.";
  return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string_view::npos;
}

bool WellFormedAddress(std::string_view address) {
  std::size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || address.find('@', at + 1) != address.npos) {
    return false;
  }
  std::string_view domain = address.substr(at + 1);
  return !domain.empty() && domain.find('.') != std::string_view::npos &&
         std::none_of(address.begin(), address.end(),
                      [](char c) { return c == ' ' || c == ',' || c == ';' || c == '"'; });
}

}  // namespace

bool Accepts(RecipientFilter filter, const Recipient& recipient) {
  switch (filter) {
    case RecipientFilter::kAny:
      return true;
    case RecipientFilter::kMailbox:
      return IsMailboxEnabled(recipient);
    case RecipientFilter::kGroup:
      return IsGroup(recipient.type);
    case RecipientFilter::kMemberCandidate:
      return recipient.type != RecipientType::kUser;
    case RecipientFilter::kContact:
      return recipient.type == RecipientType::kMailContact;
  }
  return false;
}

Error NotFoundOnServer(std::string_view identity) {
  return Fail(ErrorCode::kNotFound, "The operation couldn't be performed because object '" +
                                        std::string(identity) + "' couldn't be found on '" +
                                        std::string(kExchangeServerName) + "'.")
      .value();
}

Error CouldntFindObject(std::string_view identity) {
  return Fail(ErrorCode::kNotFound, "Couldn't find object \"" + std::string(identity) +
                                        "\". Please make sure that it was spelled correctly or "
                                        "specify a different object.")
      .value();
}

Result<std::string> ResolveRecipientId(const Tenant& tenant, std::string_view identity,
                                       RecipientFilter filter) {
  std::vector<const Recipient*> found = FindRecipients(tenant, identity);
  std::erase_if(found, [&](const Recipient* r) { return !Accepts(filter, *r); });
  if (found.empty()) return Fail(NotFoundOnServer(identity));
  if (found.size() > 1) {
    return Fail(ErrorCode::kInvalidArgument, "The operation couldn't be performed because '" +
                                                 std::string(identity) +
                                                 "' matches multiple entries.");
  }
  return found.front()->id;
}

Result<std::string> CheckNewAddress(const Tenant& tenant, std::string_view address,
                                    std::string_view owner_id, bool require_accepted_domain) {
  std::string_view bare = TrimAscii(address);
  if (AsciiIStartsWith(bare, "smtp:")) bare.remove_prefix(5);
  if (!WellFormedAddress(bare)) {
    return Fail(ErrorCode::kInvalidArgument,
                "The email address \"" + std::string(bare) +
                    "\" isn't correct. Please use this "
                    "format: user name, the @ sign, followed by the domain name. For example, "
                    "tonysmith@contoso.com or tony.smith@contoso.com.");
  }
  std::string_view domain = bare.substr(bare.find('@') + 1);
  if (require_accepted_domain && !tenant.HasDomain(domain)) {
    return Fail(ErrorCode::kInvalidArgument,
                "The domain \"" + std::string(domain) + "\" of the proxy address \"SMTP:" +
                    std::string(bare) + "\" isn't an accepted domain for your organization.");
  }
  for (const Recipient& r : tenant.recipients) {
    if (AsciiIEquals(r.id, owner_id)) continue;
    std::vector<std::string> addresses = SmtpAddresses(r);
    if (std::any_of(addresses.begin(), addresses.end(),
                    [&](const std::string& a) { return AsciiIEquals(a, bare); })) {
      return Fail(ErrorCode::kAlreadyExists,
                  "The proxy address \"SMTP:" + std::string(bare) +
                      "\" is already being used by the proxy addresses or LegacyExchangeDN of \"" +
                      std::string(ExchangeName(r)) + "\". Please choose another proxy address.");
    }
  }
  return std::string(bare);
}

Status CheckNameAndAliasFree(const Tenant& tenant, std::string_view name, std::string_view alias,
                             std::string_view owner_id) {
  for (const Recipient& r : tenant.recipients) {
    if (AsciiIEquals(r.id, owner_id)) continue;
    if (!name.empty() && AsciiIEquals(ExchangeName(r), name)) {
      return Fail(
          ErrorCode::kAlreadyExists,
          "The name \"" + std::string(name) + "\" is already being used. Please try another name.");
    }
    if (!alias.empty() && AsciiIEquals(r.alias, alias)) {
      return Fail(ErrorCode::kAlreadyExists,
                  "The alias \"" + std::string(alias) + "\" is already being used by \"" +
                      std::string(ExchangeName(r)) + "\". Please choose another alias.");
    }
  }
  return Ok();
}

std::string AliasFromName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (AliasChar(c)) out.push_back(c);
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

Status CheckAlias(std::string_view alias) {
  bool ok = !alias.empty() && alias.size() <= 64 && alias.front() != '.' && alias.back() != '.' &&
            std::all_of(alias.begin(), alias.end(), AliasChar) &&
            alias.find("..") == std::string_view::npos;
  if (ok) return Ok();
  return Fail(ErrorCode::kInvalidArgument,
              "The alias \"" + std::string(alias) +
                  "\" contains characters that aren't allowed. Valid characters are A-Z, a-z, 0-9, "
                  "and !#$%&'*+-/=?^_`{|}~ and periods that aren't at the start or end.");
}

}  // namespace graphpost::sandbox::exchange::internal
