#include "gateway/gateway_routes.hpp"

#include <gtest/gtest.h>

namespace graphpost::gateway {
namespace {

struct Probe {
  bool readable = true;
  bool started = true;
  bool draining = false;
};

GatewayProbes ProbesOf(Probe& p) {
  return {.store_readable = [&p]() -> Status {
            if (p.readable) return Ok();
            return Fail(ErrorCode::kUnavailable, "disk gone");
          },
          .engine_started = [&p] { return p.started; },
          .draining = [&p] { return p.draining; },
          .metrics =
              [] {
                MetricsSnapshot s;
                s.messages_by_state = {{outbox::MessageState::kQueued, 7}};
                return s;
              }};
}

RouteTarget Answering(std::string body) {
  return {.admit = [](const http::Request&) { return http::Admission::Accept(123); },
          .handle =
              [body](http::Request, http::Respond respond) {
                respond(http::MakeResponse(200, "text/plain", body));
              }};
}

http::Response Call(const GatewayRoutes& routes, std::string method, std::string path) {
  http::Request r;
  r.method = std::move(method);
  r.path = r.target = std::move(path);
  http::Response answer;
  routes.Handle(r, [&](http::Response a) { answer = std::move(a); });
  return answer;
}

TEST(GatewayRoutesTest, ReadyWhenStoreReadableEngineStartedAndNotDraining) {
  Probe p;
  GatewayRoutes routes(ProbesOf(p), {}, {});

  EXPECT_EQ(Call(routes, "GET", "/readyz").status, 200);
  p.draining = true;
  auto draining = Call(routes, "GET", "/readyz");
  EXPECT_EQ(draining.status, 503);
  EXPECT_NE(draining.body.find("shutting down"), std::string::npos);
  EXPECT_EQ(Call(routes, "GET", "/healthz").status, 200);
}

TEST(GatewayRoutesTest, NotReadyNamesEveryReason) {
  Probe p{.readable = false, .started = false};
  GatewayRoutes routes(ProbesOf(p), {}, {});

  auto answer = Call(routes, "GET", "/readyz");

  EXPECT_EQ(answer.status, 503);
  EXPECT_NE(answer.body.find("disk gone"), std::string::npos);
  EXPECT_NE(answer.body.find("engine not started"), std::string::npos);
}

TEST(GatewayRoutesTest, MetricsAreServedAsPrometheusText) {
  Probe p;
  GatewayRoutes routes(ProbesOf(p), {}, {});

  auto answer = Call(routes, "GET", "/metrics");

  EXPECT_EQ(answer.headers.Get("Content-Type"), kMetricsContentType);
  EXPECT_NE(answer.body.find("graphpost_outbox_messages{state=\"queued\"} 7"), std::string::npos);
}

TEST(GatewayRoutesTest, AdminPathsGoToOperatorRoutesAndTheRestToTheApi) {
  Probe p;
  GatewayRoutes routes(ProbesOf(p), Answering("operator"), Answering("api"));

  EXPECT_EQ(Call(routes, "GET", "/v1/admin/apikeys").body, "operator");
  EXPECT_EQ(Call(routes, "POST", "/v1/messages").body, "api");
  http::Request head;
  head.method = "POST";
  head.path = "/v1/messages";
  EXPECT_EQ(routes.Admit(head).body_limit, 123u);
}

TEST(GatewayRoutesTest, UiPathsGoToTheConsoleAndTheRootRedirectsThere) {
  Probe p;
  GatewayRoutes routes(ProbesOf(p), Answering("operator"), Answering("api"), Answering("console"));

  EXPECT_EQ(Call(routes, "GET", "/ui").body, "console");
  EXPECT_EQ(Call(routes, "POST", "/ui/login").body, "console");
  EXPECT_EQ(Call(routes, "GET", "/uix").body, "api");
  EXPECT_EQ(Call(routes, "GET", "/v1/messages").body, "api");
  auto home = Call(routes, "GET", "/");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.headers.Get("Location"), "/ui/");
}

TEST(GatewayRoutesTest, WithoutTheConsoleUiPathsAndTheRootAreTheApis) {
  Probe p;
  GatewayRoutes routes(ProbesOf(p), Answering("operator"), Answering("api"));

  EXPECT_EQ(Call(routes, "GET", "/ui/overview").body, "api");
  EXPECT_EQ(Call(routes, "GET", "/").body, "api");
}

}  // namespace
}  // namespace graphpost::gateway
