#include "sandbox/exchange/internal/recipient_listing.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/ascii.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

constexpr std::size_t kDefaultResultSize = 1000;  // Exchange's default for Get- cmdlets

Result<std::vector<RecipientType>> ParseTypes(const CmdletArgs& args) {
  std::vector<RecipientType> types;
  for (const std::string& name : args.List("RecipientTypeDetails")) {
    auto type = ParseRecipientType(name);
    if (!type) {
      return Fail(ErrorCode::kInvalidArgument,
                  "Cannot bind parameter 'RecipientTypeDetails'. Cannot convert value \"" + name +
                      "\" to type \"Microsoft.Exchange.Data.Directory.Recipient."
                      "RecipientTypeDetails\". Error: \"Unable to match the identifier name " +
                      name + " to a valid enumerator name.\"");
    }
    types.push_back(*type);
  }
  return types;
}

Result<std::optional<std::size_t>> ParseResultSize(const CmdletArgs& args) {
  auto text = args.Find("ResultSize");
  if (!text) return std::optional<std::size_t>(kDefaultResultSize);
  if (AsciiIEquals(*text, "Unlimited")) return std::optional<std::size_t>();
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "Cannot bind parameter 'ResultSize'. Cannot convert value \"" + *text +
                    "\" to type \"Microsoft.Exchange.Data.Unlimited`1[System.UInt32]\".");
  }
  return std::optional<std::size_t>(n);
}

}  // namespace

Result<std::vector<const Recipient*>> ListRecipients(const Tenant& tenant, const CmdletArgs& args,
                                                     RecipientFilter filter) {
  auto types = ParseTypes(args);
  if (!types) return Fail(types.error());
  auto limit = ParseResultSize(args);
  if (!limit) return Fail(limit.error());
  std::vector<const Recipient*> out;
  if (auto identity = args.Find("Identity")) {
    auto id = ResolveRecipientId(tenant, *identity, filter);
    if (!id) return Fail(id.error());
    out.push_back(tenant.FindRecipient(*id));
  } else {
    for (const Recipient& r : tenant.recipients) {
      if (Accepts(filter, r)) out.push_back(&r);
    }
  }
  if (!types->empty()) {
    std::erase_if(out, [&](const Recipient* r) {
      return std::find(types->begin(), types->end(), r->type) == types->end();
    });
  }
  if (*limit && out.size() > **limit) out.resize(**limit);
  return out;
}

}  // namespace graphpost::sandbox::exchange::internal
