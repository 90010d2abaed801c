#include "gateway/metrics.hpp"

#include <gtest/gtest.h>

namespace graphpost::gateway {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(MetricsTest, QueueDepthListsEveryStateWithZeros) {
  MetricsSnapshot s;
  s.messages_by_state = {{outbox::MessageState::kQueued, 12},
                         {outbox::MessageState::kDelivered, 3}};

  const std::string text = RenderMetrics(s);

  EXPECT_TRUE(Has(text, R"(graphpost_outbox_messages{state="queued"} 12)"));
  EXPECT_TRUE(Has(text, R"(graphpost_outbox_messages{state="delivered"} 3)"));
  EXPECT_TRUE(Has(text, R"(graphpost_outbox_messages{state="failed"} 0)"));
  EXPECT_TRUE(Has(text, "# TYPE graphpost_outbox_messages gauge"));
}

TEST(MetricsTest, EngineCountersHistogramAndSecretExpiry) {
  MetricsSnapshot s;
  s.engine.attempts[{"failed", "mailbox_not_found"}] = 2;
  s.engine.attempts[{"sent", ""}] = 40;
  s.engine.latency_bounds = {0.1, 1};
  s.engine.latency_cumulative = {30, 41};
  s.engine.latency_count = 42;
  s.engine.latency_sum_seconds = 5.5;
  s.engine.token_requests = 3;
  s.engine.throttled = 4;
  s.engine.paused_lanes = 1;
  s.engine.secret_days_left["con\"toso"] = 12.5;

  const std::string text = RenderMetrics(s);

  EXPECT_TRUE(Has(
      text, R"(graphpost_delivery_attempts_total{outcome="failed",cause="mailbox_not_found"} 2)"));
  EXPECT_TRUE(Has(text, R"(graphpost_delivery_attempts_total{outcome="sent",cause=""} 40)"));
  EXPECT_TRUE(Has(text, R"(graphpost_graph_request_duration_seconds_bucket{le="0.1"} 30)"));
  EXPECT_TRUE(Has(text, R"(graphpost_graph_request_duration_seconds_bucket{le="+Inf"} 42)"));
  EXPECT_TRUE(Has(text, "graphpost_graph_request_duration_seconds_sum 5.5"));
  EXPECT_TRUE(Has(text, "graphpost_token_requests_total 3"));
  EXPECT_TRUE(Has(text, "graphpost_graph_throttled_total 4"));
  EXPECT_TRUE(Has(text, "graphpost_lanes_paused 1"));
  EXPECT_TRUE(Has(text, R"(graphpost_secret_days_left{connection="con\"toso"} 12.5)"));
}

}  // namespace
}  // namespace graphpost::gateway
