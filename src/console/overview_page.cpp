// The console's Overview page (GET /ui/overview, live; docs/console.md "Overview"): messages by
// state, the last hour's activity, Graph latency, throttling and attempts by cause, lanes and
// the paused ones with reason and fix, the engine's alerts. Every figure is cheap to read
// whatever the outbox holds: the state counts and the per-minute activity are counters kept by
// the outbox's triggers, the rest is the engine's in-memory snapshot.
#include <algorithm>
#include <array>

#include "console/activity_chart.hpp"
#include "console/connections_view.hpp"
#include "console/html.hpp"
#include "console/latency_estimate.hpp"
#include "console/page.hpp"

namespace graphpost::console {
namespace {

using outbox::MessageState;

constexpr std::array kStates{MessageState::kQueued,    MessageState::kSending,
                             MessageState::kDelivered, MessageState::kFailed,
                             MessageState::kExpired,   MessageState::kCancelled};

std::string Card(std::string_view heading, std::string_view figure_attrs, std::string_view figure) {
  return "<div class=\"card\"><h2>" + Escape(heading) + "</h2><p class=\"figure\"" +
         std::string(figure_attrs) + ">" + Escape(figure) + "</p></div>";
}

std::string Capitalised(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string ReadError(std::string_view what, const Error& error) {
  return "<p class=\"error\">Cannot read " + Escape(what) + ": " + Escape(error.message) + "</p>";
}

std::string StateCounts(outbox::OutboxStore& outbox) {
  std::string out = "<section id=\"state-counts\" aria-label=\"Messages by state\">";
  auto counts = outbox.CountByState();
  if (!counts) return out + ReadError("the message counts", counts.error()) + "</section>";
  out += "<div class=\"cards\">";
  for (MessageState state : kStates) {
    std::int64_t n = 0;
    for (const auto& [s, count] : *counts) n += s == state ? count : 0;
    const std::string name(outbox::MessageStateName(state));
    out += "<div class=\"card\" data-state=\"" + name + "\"><h2><span class=\"badge state-" + name +
           "\">" + Capitalised(name) + "</span></h2><p class=\"figure\">" + Count(n) + "</p></div>";
  }
  return out + "</div></section>";
}

std::string Activity(outbox::OutboxStore& outbox, TimePoint now) {
  std::string out =
      "<section aria-labelledby=\"activity-heading\"><h2 id=\"activity-heading\">Accepted and "
      "delivered per minute</h2>";
  auto minutes = outbox.Activity(now - std::chrono::minutes{59});
  if (!minutes) return out + ReadError("the activity", minutes.error()) + "</section>";
  out += "<figure id=\"activity\">" + ActivityChartSvg(*minutes, now) +
         "<figcaption>Messages accepted and delivered in each minute of the last hour."
         "</figcaption><details><summary>The numbers</summary>" +
         ActivityTable(*minutes, now) + "</details></figure>";
  return out + "</section>";
}

// p50, p99 and throttled answers as cards.
std::string Latency(const delivery::EngineStats& stats) {
  std::string out =
      "<section aria-labelledby=\"graph-heading\"><h2 id=\"graph-heading\">Microsoft Graph</h2>"
      "<div class=\"cards\" id=\"latency\">";
  out += Card("Latency p50", " data-quantile=\"p50\"", FormatLatency(EstimateLatency(stats, 0.5)));
  out += Card("Latency p99", " data-quantile=\"p99\"", FormatLatency(EstimateLatency(stats, 0.99)));
  out += Card("Requests", " data-figure=\"requests\"", Count(stats.latency_count));
  out += Card("Throttled (429)", " data-figure=\"throttled\"", Count(stats.throttled));
  return out + "</div></section>";
}

// Finished attempts by outcome and cause, most frequent first.
std::string Causes(const delivery::EngineStats& stats) {
  std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>> rows(
      stats.attempts.begin(), stats.attempts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out =
      "<section aria-labelledby=\"causes-heading\"><h2 id=\"causes-heading\">Attempts by outcome "
      "and cause</h2><div class=\"table-wrap\"><table class=\"data\" id=\"causes\"><caption>"
      "Finished delivery attempts since the gateway started (throttled answers included)"
      "</caption><thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Cause</th>"
      "<th scope=\"col\" class=\"number\">Attempts</th></tr></thead><tbody>";
  for (const auto& [key, n] : rows) {
    out += "<tr data-outcome=\"" + Escape(key.first) + "\" data-cause=\"" + Escape(key.second) +
           "\"><td class=\"outcome\">" + Escape(key.first) + "</td><td class=\"cause\">" +
           (key.second.empty() ? "<span class=\"muted\">none</span>" : Escape(key.second)) +
           "</td><td class=\"number\">" + Count(n) + "</td></tr>";
  }
  if (rows.empty()) out += "<tr><td colspan=\"3\">No attempt has finished yet.</td></tr>";
  return out + "</tbody></table></div></section>";
}

std::string LaneId(const delivery::LaneStatus& lane) {
  return Escape(lane.connection + "/" + lane.sender);
}

std::string ConnectionLink(const std::string& connection) {
  return Link("/ui/connections/" + UrlPart(connection), connection);
}

std::string ReasonAndFix(const delivery::LaneStatus& lane) {
  std::string out = "<p class=\"reason\">" + Escape(lane.reason) + "</p>";
  if (!lane.fix.empty()) out += "<pre class=\"fix\">" + Escape(lane.fix) + "</pre>";
  return out;
}

std::string PausedLanes(const delivery::EngineStats& stats) {
  std::string out =
      "<section id=\"paused-lanes\" aria-labelledby=\"paused-heading\"><h2 "
      "id=\"paused-heading\">Paused lanes</h2>";
  std::string items;
  for (const delivery::LaneStatus& lane : stats.lane_status) {
    if (!lane.paused) continue;
    items += "<li class=\"paused-lane\" data-lane=\"" + LaneId(lane) + "\"><h3>" +
             Escape(lane.sender) + " via " + ConnectionLink(lane.connection) + "</h3>" +
             ReasonAndFix(lane) + "</li>";
  }
  if (items.empty()) return out + "<p class=\"muted\">No paused lanes.</p></section>";
  return out + "<ul class=\"paused-lanes\">" + items + "</ul></section>";
}

std::string LaneRow(const delivery::LaneStatus& lane,
                    const std::vector<outbox::LaneSummary>& queued, TimePoint now) {
  const outbox::LaneSummary* summary = QueuedOf(queued, lane);
  const std::int64_t waiting = summary != nullptr ? summary->queued : 0;
  const std::string state(LaneActivity(lane, waiting));
  std::string row =
      "<tr data-lane=\"" + LaneId(lane) + "\"><td class=\"connection\">" +
      ConnectionLink(lane.connection) + "</td><td class=\"sender\">" + Escape(lane.sender) +
      "</td><td class=\"lane-state\"><span class=\"badge lane-" + state + "\">" + state +
      "</span></td><td class=\"number in-flight\">" + Count(lane.in_flight) +
      "</td><td class=\"number queued\">" + Count(waiting) + "</td><td class=\"next-due\">";
  if (lane.next_due || summary != nullptr) row += NextDueHtml(lane, summary, now);
  row += "</td><td class=\"why\">";
  if (lane.paused) row += ReasonAndFix(lane);
  return row + "</td></tr>";
}

std::string Lanes(const delivery::EngineStats& stats,
                  const std::vector<outbox::LaneSummary>& queued, TimePoint now) {
  std::string out =
      "<section aria-labelledby=\"lanes-heading\"><h2 id=\"lanes-heading\">Lanes</h2>"
      "<div class=\"table-wrap\"><table class=\"data\" id=\"lanes\"><caption>" +
      CountOf(stats.lanes, "lane", "lanes") + " (one per connection and sending mailbox), " +
      Count(stats.paused_lanes) +
      " paused</caption><thead><tr><th scope=\"col\">Connection</th><th scope=\"col\">Sender"
      "</th><th scope=\"col\">State</th><th scope=\"col\" class=\"number\">In flight</th>"
      "<th scope=\"col\" class=\"number\">Queued</th><th scope=\"col\">Next due</th><th "
      "scope=\"col\">Why paused</th></tr></thead><tbody>";
  for (const delivery::LaneStatus& lane : stats.lane_status) out += LaneRow(lane, queued, now);
  if (stats.lane_status.empty()) {
    out +=
        "<tr><td colspan=\"7\">No lanes yet: nothing has been queued since the gateway "
        "started.</td></tr>";
  }
  return out + "</tbody></table></div></section>";
}

std::string Alerts(const delivery::EngineStats& stats) {
  if (stats.alerts.empty()) return "";
  std::string out =
      "<section id=\"alerts\" aria-labelledby=\"alerts-heading\"><h2 id=\"alerts-heading\">"
      "Alerts</h2><ul>";
  for (const std::string& alert : stats.alerts)
    out += "<li class=\"error\">" + Escape(alert) + "</li>";
  return out + "</ul></section>";
}

PageAnswer RenderOverview(ConsoleDeps& deps, TimePoint now) {
  PageAnswer answer;
  answer.title = "Overview";
  answer.section = "overview";
  answer.refresh_seconds = static_cast<int>(deps.options.live_refresh.count());
  answer.body = StateCounts(deps.outbox) + Activity(deps.outbox, now);
  if (!deps.engine_stats) {
    answer.body +=
        "<p class=\"muted\">The delivery engine is not running: no latency, causes or "
        "lanes to show.</p>";
    return answer;
  }
  const delivery::EngineStats stats = deps.engine_stats();
  auto queued = deps.outbox.QueuedLanes();
  answer.body = Alerts(stats) + answer.body + Latency(stats) + PausedLanes(stats) +
                Lanes(stats, queued ? *queued : std::vector<outbox::LaneSummary>{}, now) +
                Causes(stats);
  return answer;
}

}  // namespace

void RegisterOverviewRoutes(RouteTable& routes, ConsoleDeps& deps) {
  routes.Add("GET", "overview", [&deps](PageRequest request, PageReply reply) {
    reply(RenderOverview(deps, request.now));
  });
}

}  // namespace graphpost::console
