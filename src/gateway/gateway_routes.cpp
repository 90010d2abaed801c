#include "gateway/gateway_routes.hpp"

#include <boost/json.hpp>

#include "api/problem.hpp"
#include "core/json.hpp"
#include "gateway/operator_api.hpp"

namespace graphpost::gateway {

bool GatewayRoutes::IsProbe(const http::Request& r) {
  return (r.method == "GET" || r.method == "HEAD") &&
         (r.path == "/healthz" || r.path == "/readyz" || r.path == "/metrics");
}

const RouteTarget& GatewayRoutes::TargetOf(const http::Request& r) const {
  return OperatorApi::Serves(r.path) ? operator_ : api_;
}

http::Admission GatewayRoutes::Admit(const http::Request& head) const {
  if (IsProbe(head)) return http::Admission::Accept(0);
  const RouteTarget& target = TargetOf(head);
  if (!target.admit) return http::Admission::Accept(0);
  return target.admit(head);
}

void GatewayRoutes::Handle(http::Request request, http::Respond respond) const {
  if (IsProbe(request)) {
    if (request.path == "/healthz") return respond(Healthz());
    if (request.path == "/readyz") return respond(Readyz());
    return respond(Metrics());
  }
  const RouteTarget& target = TargetOf(request);
  if (!target.handle) return respond(api::ProblemResponse(api::RouteNotFound()));
  target.handle(std::move(request), std::move(respond));
}

http::Response GatewayRoutes::Healthz() const {
  return http::MakeResponse(200, "text/plain; charset=utf-8", "ok\n");
}

http::Response GatewayRoutes::Readyz() const {
  json::array reasons;
  if (auto readable = probes_.store_readable(); !readable) {
    reasons.emplace_back("outbox not readable: " + readable.error().message);
  }
  if (!probes_.engine_started()) reasons.emplace_back("delivery engine not started");
  if (probes_.draining()) reasons.emplace_back("shutting down");
  const bool ready = reasons.empty();
  json::object body{{"ready", ready}};
  if (!ready) body["reasons"] = std::move(reasons);
  return http::MakeResponse(ready ? 200 : 503, "application/json", ToJson(body));
}

http::Response GatewayRoutes::Metrics() const {
  return http::MakeResponse(200, kMetricsContentType, RenderMetrics(probes_.metrics()));
}

}  // namespace graphpost::gateway
