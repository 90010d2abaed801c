// sandbox/admin/admin_api.hpp — the sandbox's admin API under /_sandbox/: tenants, the portal
// steps of Entra (apps, permissions, consent, secrets, certificates, users), Exchange cmdlets,
// mailbox and internet-sink views, faults, settings and the request log. JSON in, JSON out;
// every call needs `Authorization: Bearer <admin key>` (the key file is 0600 in the state
// directory). The CLI's admin verbs are thin clients of it. Thread-safe: handlers lock World::mu.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/message.hpp"
#include "sandbox/exchange/authorizer.hpp"
#include "sandbox/graph/graph_service.hpp"
#include "sandbox/state/offset_clock.hpp"
#include "sandbox/state/request_log.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::admin {

// What admin handlers may touch. All references outlive the AdminApi.
struct AdminContext {
  World& world;
  exchange::Authorizer& authorizer;
  graph::GraphService& graph;
  RequestLog& log;
  OffsetClock& clock;  // the sandbox's clock; the clockOffsetSeconds setting moves it forward
  Random& random;
  // Saves state after a change, before it is answered; kUnavailable (already reported on the
  // sandbox's log) when it could not.
  std::function<Status()> persist;
};

class AdminApi {
 public:
  AdminApi(AdminContext context, std::string admin_key)
      : ctx_(std::move(context)), admin_key_(std::move(admin_key)) {}
  // nullopt when the path is not under /_sandbox/.
  std::optional<http::Response> Handle(const http::Request& request);
  // Admission from the request head, before the body is read (the HTTPS server's hook): nullopt
  // when the path is not under /_sandbox/; a request without the admin key is refused with
  // Handle()'s 401; others may bring a body of up to kMaxBodyBytes.
  std::optional<http::Admission> Admit(const http::Request& head) const;

  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

 private:
  AdminContext ctx_;
  std::string admin_key_;
};

// Pieces shared by the admin route files (admin_*.cpp).
namespace internal {
using Segments = std::vector<std::string>;  // percent-decoded path segments after /_sandbox/
http::Response JsonReply(int status, const boost::json::value& body);
// {"error":{"code":"<error code name>","message":...}} with the status for the code.
http::Response ErrorReply(const Error& error);
http::Response NotFoundReply(std::string_view what);

std::optional<http::Response> HandleTenants(AdminContext& ctx, const http::Request& req,
                                            const Segments& s);
std::optional<http::Response> HandleEntra(AdminContext& ctx, const http::Request& req,
                                          const Segments& s);
std::optional<http::Response> HandleExchange(AdminContext& ctx, const http::Request& req,
                                             const Segments& s);
std::optional<http::Response> HandleMail(AdminContext& ctx, const http::Request& req,
                                         const Segments& s);
std::optional<http::Response> HandleOperations(AdminContext& ctx, const http::Request& req,
                                               const Segments& s);
}  // namespace internal

}  // namespace graphpost::sandbox::admin
