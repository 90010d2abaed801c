// api/connection_directory.hpp — the port through which the API learns which mailbox each
// connection sends from. The gateway's composition root implements it over the connection store;
// tests use a small map. Implementations are thread-safe (the API calls them from server threads).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace graphpost::api {

class ConnectionDirectory {
 public:
  virtual ~ConnectionDirectory() = default;
  // The mailbox address the connection named `name` sends from; nullopt when there is no
  // connection of that name.
  virtual std::optional<std::string> MailboxOf(const std::string& name) = 0;
  // The names of the connections whose mailbox is `address` (compared without regard to ASCII
  // case), sorted; empty when none.
  virtual std::vector<std::string> ConnectionsOf(const std::string& address) = 0;
};

}  // namespace graphpost::api
