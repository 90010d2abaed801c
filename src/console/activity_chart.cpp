// The Overview's activity chart and table; see activity_chart.hpp.
#include "console/activity_chart.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "console/html.hpp"
#include "core/time_format.hpp"

namespace graphpost::console {
namespace {

using std::chrono::minutes;

constexpr int kMinutes = 60;

// The drawing, in viewBox units: the legend above the plot, y labels left of it, time labels
// below it.
constexpr double kWidth = 640, kHeight = 240;
constexpr double kPlotLeft = 48, kPlotRight = 632, kPlotTop = 28, kPlotBottom = 200;
constexpr double kSlot = (kPlotRight - kPlotLeft) / kMinutes;
constexpr double kBar = kSlot * 0.4;
constexpr int kMaxTicks = 4;  // y gridlines above zero
// Half the width of an "HH:MM" label at font-size 12 (5 glyphs of at most ~7 units), rounded up:
// a time label is centred no closer than this to the drawing's right edge.
constexpr double kTimeLabelHalf = 18;

struct Minute {
  TimePoint start{};
  std::int64_t accepted = 0, delivered = 0, failed = 0;
};
using Hour = std::array<Minute, kMinutes>;

// The 60 minutes ending with the one holding `now`, oldest first.
Hour Bucket(const std::vector<outbox::MinuteActivity>& activity, TimePoint now) {
  Hour hour;
  const TimePoint first = std::chrono::floor<minutes>(now) - minutes{kMinutes - 1};
  for (int i = 0; i < kMinutes; ++i) hour[i].start = first + minutes{i};
  for (const outbox::MinuteActivity& m : activity) {
    const auto index = std::chrono::floor<minutes>(m.minute - first).count();
    if (index < 0 || index >= kMinutes) continue;
    Minute& slot = hour[static_cast<std::size_t>(index)];
    slot.accepted += m.accepted;
    slot.delivered += m.delivered;
    slot.failed += m.failed;
  }
  return hour;
}

// "09:05" (UTC).
std::string Clock(TimePoint t) { return FormatIso8601(t).substr(11, 5); }

std::string Num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

// A round step (1, 2 or 5 × 10^k) with at most kMaxTicks steps up to `max` (at least 1).
std::int64_t TickStep(std::int64_t max) {
  for (std::int64_t scale = 1;; scale *= 10) {
    for (std::int64_t step : {scale, 2 * scale, 5 * scale}) {
      if ((max + step - 1) / step <= kMaxTicks) return step;
    }
  }
}

double Y(std::int64_t value, std::int64_t top) {
  return kPlotBottom -
         (kPlotBottom - kPlotTop) * static_cast<double>(value) / static_cast<double>(top);
}

std::string Rect(double x, double y, double w, double h, std::string_view cls,
                 std::string_view fill) {
  return "<rect class=\"" + std::string(cls) + "\" fill=\"" + std::string(fill) + "\" x=\"" +
         Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" + Num(h) + "\"/>";
}

std::string Text(double x, double y, std::string_view anchor, std::string_view text) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + std::string(anchor) +
         "\" font-size=\"12\" fill=\"currentColor\">" + Escape(text) + "</text>";
}

std::string Legend() {
  return Rect(kPlotLeft, 6, 10, 10, "series-accepted", "#0969da") +
         Text(kPlotLeft + 14, 15, "start", "Accepted") +
         Rect(kPlotLeft + 90, 6, 10, 10, "series-delivered", "#1a7f37") +
         Text(kPlotLeft + 104, 15, "start", "Delivered");
}

// Gridlines and their labels, 0 to `top`.
std::string YAxis(std::int64_t top, std::int64_t step) {
  std::string out;
  for (std::int64_t v = 0; v <= top; v += step) {
    const double y = Y(v, top);
    out += "<line class=\"" + std::string(v == 0 ? "axis" : "grid") + "\" x1=\"" + Num(kPlotLeft) +
           "\" x2=\"" + Num(kPlotRight) + "\" y1=\"" + Num(y) + "\" y2=\"" + Num(y) +
           "\" stroke=\"#8c959f\" stroke-width=\"" + (v == 0 ? "1" : "0.5") + "\"/>";
    out += Text(kPlotLeft - 6, y + 4, "end", Count(v));
  }
  return out;
}

// A label under the first minute of each quarter hour of the window, and under the last.
std::string XAxis(const Hour& hour) {
  std::string out;
  for (int i : {0, 15, 30, 45, kMinutes - 1}) {
    const double x = kPlotLeft + kSlot * (i + 0.5);
    out += "<line class=\"axis\" x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" +
           Num(kPlotBottom) + "\" y2=\"" + Num(kPlotBottom + 4) + "\" stroke=\"#8c959f\"/>";
    out += Text(std::min(x, kWidth - kTimeLabelHalf), kPlotBottom + 18, "middle",
                Clock(hour[static_cast<std::size_t>(i)].start));
  }
  out += Text((kPlotLeft + kPlotRight) / 2, kPlotBottom + 36, "middle", "Time (UTC)");
  return out;
}

std::string Bars(const Hour& hour, std::int64_t top) {
  std::string out;
  for (int i = 0; i < kMinutes; ++i) {
    const Minute& m = hour[static_cast<std::size_t>(i)];
    const double x = kPlotLeft + kSlot * i + kSlot * 0.1;
    if (m.accepted > 0) {
      const double y = Y(m.accepted, top);
      out += Rect(x, y, kBar, kPlotBottom - y, "series-accepted", "#0969da");
    }
    if (m.delivered > 0) {
      const double y = Y(m.delivered, top);
      out += Rect(x + kBar, y, kBar, kPlotBottom - y, "series-delivered", "#1a7f37");
    }
  }
  return out;
}

// The chart in words: the window, the totals and the busiest minute.
std::string Summary(const Hour& hour) {
  Minute total;
  const Minute* busiest = nullptr;
  for (const Minute& m : hour) {
    total.accepted += m.accepted;
    total.delivered += m.delivered;
    total.failed += m.failed;
    if (m.accepted > 0 && (busiest == nullptr || m.accepted > busiest->accepted)) busiest = &m;
  }
  std::string text =
      "From " + Clock(hour.front().start) + " to " + Clock(hour.back().start) + " UTC: ";
  if (total.accepted + total.delivered + total.failed == 0) {
    return text + "no message accepted, delivered or failed.";
  }
  text += Count(total.accepted) + " accepted, " + Count(total.delivered) + " delivered, " +
          Count(total.failed) + " failed.";
  if (busiest != nullptr) {
    text += " Most accepted in one minute: " + Count(busiest->accepted) + " at " +
            Clock(busiest->start) + ".";
  }
  return text;
}

}  // namespace

std::string ActivityChartSvg(const std::vector<outbox::MinuteActivity>& minutes, TimePoint now) {
  const Hour hour = Bucket(minutes, now);
  std::int64_t max = 1;
  for (const Minute& m : hour) max = std::max({max, m.accepted, m.delivered});
  const std::int64_t step = TickStep(max);
  const std::int64_t top = (max + step - 1) / step * step;
  std::string svg =
      "<svg id=\"activity-chart\" class=\"activity-chart\" role=\"img\" "
      "aria-labelledby=\"activity-chart-title activity-chart-desc\" viewBox=\"0 0 " +
      Num(kWidth) + " " + Num(kHeight) +
      "\" xmlns=\"http://www.w3.org/2000/svg\" focusable=\"false\">";
  svg +=
      "<title id=\"activity-chart-title\">Messages accepted and delivered per minute, last 60 "
      "minutes</title>";
  svg += "<desc id=\"activity-chart-desc\">" + Escape(Summary(hour)) + "</desc>";
  svg += Legend() + YAxis(top, step) + Bars(hour, top) + XAxis(hour);
  return svg + "</svg>";
}

std::string ActivityTable(const std::vector<outbox::MinuteActivity>& minutes, TimePoint now) {
  const Hour hour = Bucket(minutes, now);
  std::string out =
      "<div class=\"table-wrap\"><table class=\"data\" id=\"activity-table\"><caption>Messages "
      "per minute, last 60 minutes (UTC)</caption><thead><tr><th scope=\"col\">Minute</th>"
      "<th scope=\"col\" class=\"number\">Accepted</th><th scope=\"col\" "
      "class=\"number\">Delivered</th><th scope=\"col\" class=\"number\">Failed</th></tr>"
      "</thead><tbody>";
  bool any = false;
  for (const Minute& m : hour) {
    if (m.accepted + m.delivered + m.failed == 0) continue;
    any = true;
    out += "<tr><th scope=\"row\"><time datetime=\"" + Escape(FormatIso8601(m.start)) + "\">" +
           Clock(m.start) + "</time></th><td class=\"number\">" + Count(m.accepted) +
           "</td><td class=\"number\">" + Count(m.delivered) + "</td><td class=\"number\">" +
           Count(m.failed) + "</td></tr>";
  }
  if (!any) {
    out +=
        "<tr><td colspan=\"4\">No message accepted, delivered or failed in the last hour."
        "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

}  // namespace graphpost::console
