// The principal's connections are few (a handful), so each check walks them; the directory keeps
// the connection store's answers cached.
#include "gateway/smtp_sender.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace graphpost::gateway {
namespace {

std::string Lower(std::string_view s) { return AsciiLower(s); }

bool SameName(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

// A sender entry matches the address itself, or ("@domain") every address at that domain.
bool SenderMatches(std::string_view entry, std::string_view address) {
  const std::string e = Lower(entry), a = Lower(address);
  if (e.starts_with("@")) {
    const auto at = a.rfind('@');
    return at != std::string::npos && a.substr(at) == e;
  }
  return e == a;
}

std::optional<outbox::LaneKey> LaneFor(const std::string& address,
                                       const smtp::Principal& principal,
                                       api::ConnectionDirectory& directory) {
  for (const std::string& name : directory.ConnectionsOf(address)) {
    for (const std::string& mine : principal.connections) {
      if (SameName(name, mine)) return outbox::LaneKey{.connection = mine, .sender = Lower(address)};
    }
  }
  if (principal.connections.empty()) return std::nullopt;
  for (const std::string& entry : principal.senders) {
    if (SenderMatches(entry, address)) {
      return outbox::LaneKey{.connection = principal.connections.front(),
                             .sender = Lower(address)};
    }
  }
  return std::nullopt;
}

// One line for the reply: no control characters (an address is the client's text).
std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return out;
}

// "a@contoso.com, b@contoso.com or any address at fabrikam.com"; "no address" when none.
std::string Allowed(const smtp::Principal& principal, api::ConnectionDirectory& directory) {
  std::vector<std::string> items;
  for (const std::string& name : principal.connections) {
    if (auto mailbox = directory.MailboxOf(name)) {
      std::string m = Lower(*mailbox);
      if (std::find(items.begin(), items.end(), m) == items.end()) items.push_back(std::move(m));
    }
  }
  for (const std::string& entry : principal.senders) {
    items.push_back(entry.starts_with("@") ? "any address at " + entry.substr(1) : Lower(entry));
  }
  if (items.empty()) return "no address (it has no connection that exists)";
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
  }
  return out;
}

}  // namespace

Expected<outbox::LaneKey, smtp::Reply> ChooseSmtpLane(const std::vector<std::string>& candidates,
                                                      const smtp::Principal& principal,
                                                      api::ConnectionDirectory& directory) {
  const std::string* first = nullptr;
  for (const std::string& address : candidates) {
    if (address.empty()) continue;
    if (first == nullptr) first = &address;
    if (auto lane = LaneFor(address, principal, directory)) return *lane;
  }
  const std::string who = principal.Label();
  const std::string refused =
      first ? who + " may not send as " + Printable(*first)
            : "the message names no sender (no From address, empty envelope sender) and " + who +
                  " must send as one of its addresses";
  return tl::unexpected(smtp::Reply{
      .code = 550,
      .enhanced = "5.7.1",
      .text = refused + "; it may send as " + Allowed(principal, directory)});
}

}  // namespace graphpost::gateway
