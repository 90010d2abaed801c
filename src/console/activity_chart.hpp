// console/activity_chart.hpp — the Overview's chart of messages accepted and delivered per minute
// over the last hour (docs/console.md, "Overview"): an inline SVG (no style attributes, which
// the CSP forbids: presentation attributes and classes styled by assets/overview.css) with a
// <title> and <desc> that say the numbers in words, and the same numbers as a table for people
// who cannot see the chart. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "console/page.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::console {

// The 60 minutes shown end with the minute holding `now`; minutes outside them are ignored and
// minutes absent from `minutes` count as zero. `<svg id="activity-chart" role="img"
// aria-labelledby="activity-chart-title activity-chart-desc">` with fixed ids (the page polls and
// swaps <main>, and the browser tests find it by them), bars per minute for accepted
// (class series-accepted) and delivered (series-delivered), a y axis scaled to a round maximum
// and time labels every 15 minutes (UTC).
std::string ActivityChartSvg(const std::vector<outbox::MinuteActivity>& minutes, TimePoint now);

// The same hour as `<table class="data" id="activity-table">` (in a .table-wrap): one row per
// minute with anything accepted, delivered or failed, oldest first, or one row saying there was
// nothing.
std::string ActivityTable(const std::vector<outbox::MinuteActivity>& minutes, TimePoint now);

}  // namespace graphpost::console
