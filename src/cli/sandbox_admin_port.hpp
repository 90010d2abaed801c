// cli/sandbox_admin_port.hpp — setup::AdminPort over a running sandbox's admin API (AdminClient):
// how `setup --rehearse` and `setup migrate --rehearse` run the plan's steps. Not thread-safe.
#pragma once

#include "cli/admin_client.hpp"
#include "setup/sandbox_runner.hpp"

namespace graphpost::cli {

class SandboxAdminPort : public setup::AdminPort {
 public:
  explicit SandboxAdminPort(AdminClient& client) : client_(client) {}
  [[nodiscard]] Result<boost::json::value> Call(std::string_view method, std::string_view path,
                                                const boost::json::value& body) override {
    return client_.Call(std::string(method), std::string(path), body);
  }

 private:
  AdminClient& client_;
};

}  // namespace graphpost::cli
