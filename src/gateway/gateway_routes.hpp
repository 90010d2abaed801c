// gateway/gateway_routes.hpp — the first router of `graphpost serve`: /healthz, /readyz and
// /metrics here, /v1/admin/... to the operator routes, /ui and /ui/... to the web console (when
// it is on; `GET /` then redirects to /ui/), everything else to the REST API. Both the admission
// hook and the (deferred) handler of the HTTP server. Thread-safe when the functions and targets
// it is given are.
#pragma once

#include <functional>

#include "core/result.hpp"
#include "gateway/metrics.hpp"
#include "http/http_server.hpp"
#include "http/message.hpp"

namespace graphpost::gateway {

// What the health routes read; each function is called on server threads.
struct GatewayProbes {
  std::function<Status()> store_readable;  // the outbox answers a read
  std::function<bool()> engine_started;
  std::function<bool()> draining;  // shutting down: not ready
  std::function<MetricsSnapshot()> metrics;
};

// A route target: its admission hook and its handler.
struct RouteTarget {
  http::AdmissionHook admit;
  http::DeferredHandler handle;
};

class GatewayRoutes {
 public:
  // `console` empty (console.enabled = false): /ui is the API's, which answers 404.
  GatewayRoutes(GatewayProbes probes, RouteTarget operator_routes, RouteTarget api,
                RouteTarget console = {})
      : probes_(std::move(probes)),
        operator_(std::move(operator_routes)),
        api_(std::move(api)),
        console_(std::move(console)) {}

  http::Admission Admit(const http::Request& head) const;
  void Handle(http::Request request, http::Respond respond) const;

  // /healthz: 200 while the process serves. /readyz: 200 {"ready":true} when the outbox is
  // readable, the engine started and the gateway is not draining; else 503 with the reasons.
  // /metrics: the Prometheus page.
  http::Response Healthz() const;
  http::Response Readyz() const;
  http::Response Metrics() const;

 private:
  static bool IsProbe(const http::Request& r);
  bool IsConsoleHome(const http::Request& r) const;  // GET or HEAD / with the console on
  const RouteTarget& TargetOf(const http::Request& r) const;

  GatewayProbes probes_;
  RouteTarget operator_;
  RouteTarget api_;
  RouteTarget console_;
};

// The body of the HTTP server's own answers (http::ServerOptions::error_body) in `serve`: an RFC
// 9457 problem like every other error of the gateway — 400 `bad-request`, 408 `request-timeout`,
// 413 `payload-too-large`, 431 `headers-too-large`, 503 `unavailable`, 500 `internal`.
// Under /ui (and for "/") the console's HTML error page with its security headers instead
// (docs/console.md, "Security").
http::ErrorBody ProtocolProblemBody(int status, std::string_view path = "");

}  // namespace graphpost::gateway
