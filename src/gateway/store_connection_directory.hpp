// gateway/store_connection_directory.hpp — the API's ConnectionDirectory over the connection
// store: connection name → mailbox, mailbox → connection names. The store is read again at most
// once per refresh interval (and at once on a miss, at most once a second), so submissions do not
// each query SQLite and unseal secrets, yet a connection added by `graphpost connection add` in
// another process is seen within a second. Thread-safe; `store` and `clock` outlive it.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/connection_directory.hpp"
#include "connections/connection_store.hpp"
#include "core/clock.hpp"

namespace graphpost::gateway {

class StoreConnectionDirectory final : public api::ConnectionDirectory {
 public:
  StoreConnectionDirectory(connections::ConnectionStore& store, Clock& clock,
                           std::chrono::seconds refresh = std::chrono::seconds(10))
      : store_(store), clock_(clock), refresh_(refresh) {}

  std::optional<std::string> MailboxOf(const std::string& name) override;
  std::vector<std::string> ConnectionsOf(const std::string& address) override;

 private:
  // Reloads when the copy is older than refresh_, or (`missed`) older than a second.
  void RefreshLocked(bool missed);

  connections::ConnectionStore& store_;
  Clock& clock_;
  const std::chrono::seconds refresh_;
  std::mutex mu_;
  struct Entry {
    std::string name;  // as saved
    std::string mailbox;
  };
  std::map<std::string, Entry> entries_;  // Guarded by mu_. By lower-case name.
  std::optional<std::chrono::steady_clock::time_point> loaded_at_;  // Guarded by mu_.
};

}  // namespace graphpost::gateway
