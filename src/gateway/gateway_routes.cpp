#include "gateway/gateway_routes.hpp"

#include <boost/json.hpp>

#include "api/problem.hpp"
#include "console/console.hpp"
#include "console/shell.hpp"
#include "core/json.hpp"
#include "gateway/operator_api.hpp"

namespace graphpost::gateway {

bool GatewayRoutes::IsProbe(const http::Request& r) {
  return (r.method == "GET" || r.method == "HEAD") &&
         (r.path == "/healthz" || r.path == "/readyz" || r.path == "/metrics");
}

bool GatewayRoutes::IsConsoleHome(const http::Request& r) const {
  return console_.handle && (r.method == "GET" || r.method == "HEAD") && r.path == "/";
}

const RouteTarget& GatewayRoutes::TargetOf(const http::Request& r) const {
  if (OperatorApi::Serves(r.path)) return operator_;
  if (console_.handle && console::Console::Serves(r.path)) return console_;
  return api_;
}

http::Admission GatewayRoutes::Admit(const http::Request& head) const {
  if (IsProbe(head) || IsConsoleHome(head)) return http::Admission::Accept(0);
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
  if (IsConsoleHome(request)) {
    // People who open the gateway's address in a browser land on the console.
    http::Response to_console = http::MakeResponse(303, "text/plain; charset=utf-8", "");
    to_console.headers.Set("Location", "/ui/");
    console::AddSecurityHeaders(to_console);
    return respond(std::move(to_console));
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

http::ErrorBody ProtocolProblemBody(int status, std::string_view path) {
  if (path == "/" || console::Console::Serves(path)) {
    http::Response page = console::Console::ServerErrorPage(status);
    http::ErrorBody error{
        .content_type = std::string(page.headers.Get("Content-Type").value_or("")),
        .body = std::move(page.body)};
    for (const http::Header& h : page.headers.all()) {
      if (h.name != "Content-Type") error.headers.Add(h.name, h.value);
    }
    return error;
  }
  api::Problem p;
  p.status = status;
  switch (status) {
    case 400:
      p.type = "bad-request";
      p.title = "The HTTP request is malformed";
      p.detail =
          "the request line, a header, Content-Length or Transfer-Encoding is malformed "
          "or not allowed; the connection is closed";
      break;
    case 408:
      p.type = "request-timeout";
      p.title = "The request did not arrive in time";
      p.detail = "the request head or body came too slowly; the connection is closed";
      break;
    case 413:
      p.type = "payload-too-large";
      p.title = "The request body is too large";
      p.detail = "the body grew past this request's limit; the connection is closed";
      break;
    case 431:
      p.type = "headers-too-large";
      p.title = "The request head is too large";
      p.detail = "the request line and headers may take up to 64 KB";
      break;
    case 503:
      p.type = "unavailable";
      p.title = "The gateway cannot take this request now";
      p.detail =
          "too many open connections, or the answer took too long; retry after the "
          "time in Retry-After";
      break;
    default:
      p = api::InternalError();
      p.status = status;
  }
  return {.content_type = "application/problem+json",
          .body = boost::json::serialize(api::ProblemJson(p))};
}

}  // namespace graphpost::gateway
