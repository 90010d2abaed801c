#include "api/sender_policy.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace graphpost::api {
namespace {

bool MayUse(const outbox::ApiKeyRecord& key, const std::string& connection) {
  return key.admin || std::find(key.connections.begin(), key.connections.end(), connection) !=
                          key.connections.end();
}

LaneRefusal Refuse(int status, std::string_view path, std::string_view field, std::string detail) {
  return LaneRefusal{status,
                     message::FieldError{message::MemberPath(path, field), std::move(detail)}};
}

LaneRefusal NotKeysMailbox(std::string_view path) {
  return Refuse(403, path, "from", "is not the mailbox of any of this API key's connections");
}

// The first connection the key may use among those sending from `address`.
std::optional<std::string> UsableConnectionOf(const std::string& address,
                                              const outbox::ApiKeyRecord& key,
                                              ConnectionDirectory& directory) {
  for (const std::string& name : directory.ConnectionsOf(address)) {
    if (MayUse(key, name)) return name;
  }
  return std::nullopt;
}

}  // namespace

Expected<outbox::LaneKey, LaneRefusal> ResolveLane(const message::ApiMessage& m,
                                                   const outbox::ApiKeyRecord& key,
                                                   ConnectionDirectory& directory,
                                                   std::string_view path) {
  if (m.connection.empty()) {
    if (auto name = UsableConnectionOf(m.from, key, directory)) {
      return outbox::LaneKey{*name, AsciiLower(m.from)};
    }
    if (key.admin) return Unexpected(Refuse(400, path, "from", "is the mailbox of no connection"));
    return Unexpected(NotKeysMailbox(path));
  }
  if (!MayUse(key, m.connection)) {
    return Unexpected(Refuse(403, path, "connection", "is not one of this API key's connections"));
  }
  auto mailbox = directory.MailboxOf(m.connection);
  if (!mailbox) return Unexpected(Refuse(400, path, "connection", "names no connection"));
  if (m.from.empty() || AsciiIEquals(m.from, *mailbox)) {
    return outbox::LaneKey{m.connection, AsciiLower(*mailbox)};
  }
  if (!UsableConnectionOf(m.from, key, directory)) return Unexpected(NotKeysMailbox(path));
  return outbox::LaneKey{m.connection, AsciiLower(m.from)};
}

}  // namespace graphpost::api
