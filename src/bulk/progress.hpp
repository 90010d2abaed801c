// bulk/progress.hpp — what `graphpost send --bulk` shows while it works: a progress bar (on a
// terminal) or a plain line, and the delivery ETA computed from the lane's pacing (the
// connection's messages per minute), never from how fast things went so far. Pure; thread-
// compatible.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace graphpost::bulk {

// How long `remaining` messages take through one lane paced at `messages_per_minute` (the gateway
// spaces a lane's sends 60 s / rate apart). nullopt when the rate is unknown (<= 0).
std::optional<std::chrono::seconds> PacedEta(std::size_t remaining, int messages_per_minute);

// "45s", "3m20s", "2h05m", "3d04h".
std::string FormatEta(std::chrono::seconds eta);

struct ProgressView {
  std::string_view label;  // "queued", "delivered"
  std::size_t done = 0, total = 0;
  std::size_t failed = 0;  // shown when non-zero
  std::optional<std::chrono::seconds> eta;
  int messages_per_minute = 0;  // shown beside the ETA when known
};

// "delivered [#########...........]  450/1000  45%  ETA 18m20s at 30/min": `bar_width` cells of
// bar (0 = no bar, for plain periodic lines).
std::string ProgressText(const ProgressView& view, int bar_width);

}  // namespace graphpost::bulk
