// console/internal/console_router.hpp — the console's request handling (Console::Impl): percent-
// decoded routing under /ui/, the public assets and login, the session and CSRF checks before a
// page handler runs, and the shell around its answer. The route table is open so that tests can
// add routes of their own; it is filled before the first request and read-only afterwards.
// Thread-safe once filled.
#pragma once

#include <string>
#include <vector>

#include "console/console.hpp"
#include "console/console_session.hpp"
#include "console/internal/login.hpp"
#include "console/page.hpp"

namespace graphpost::console::internal {

class ConsoleRouter {
 public:
  explicit ConsoleRouter(ConsoleDeps deps);

  ConsoleDeps& deps() { return deps_; }
  RouteTable& routes() { return routes_; }
  SessionStore& sessions() { return sessions_; }
  const LoginCounters& login_counters() const { return login_.counters(); }

  http::Admission Admit(const http::Request& head);
  // The exact Allow header for a path (405s): what its route, the login, logout or assets take.
  std::string AllowFor(std::string_view raw_path) const;
  void Handle(http::Request request, http::Respond respond);

 private:
  void HandleSignedIn(http::Request request, std::vector<std::string> path, FormFields query,
                      const http::Respond& send);
  http::Response AnswerAsset(const http::Request& request, const std::vector<std::string>& path);

  ConsoleDeps deps_;
  RouteTable routes_;
  SessionStore sessions_;
  CredentialCheck credentials_;
  LoginFlow login_;
};

// The percent-decoded segments of a path after "/ui/" (empty segments dropped). kInvalidArgument
// for a bad escape or a segment that decodes to something holding '/' or NUL.
[[nodiscard]] Result<std::vector<std::string>> SplitConsolePath(std::string_view path);

}  // namespace graphpost::console::internal
