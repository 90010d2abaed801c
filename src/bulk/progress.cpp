#include "bulk/progress.hpp"

#include <cstdio>

namespace graphpost::bulk {

std::optional<std::chrono::seconds> PacedEta(std::size_t remaining, int messages_per_minute) {
  if (messages_per_minute <= 0) return std::nullopt;
  const auto rate = static_cast<std::size_t>(messages_per_minute);
  return std::chrono::seconds((remaining * 60 + rate - 1) / rate);  // rounded up
}

std::string FormatEta(std::chrono::seconds eta) {
  const long long s = eta.count();
  char out[32];
  if (s < 60) {
    std::snprintf(out, sizeof out, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(out, sizeof out, "%lldm%02llds", s / 60, s % 60);
  } else if (s < 86400) {
    std::snprintf(out, sizeof out, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  } else {
    std::snprintf(out, sizeof out, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
  }
  return out;
}

std::string ProgressText(const ProgressView& v, int bar_width) {
  std::string out(v.label);
  const std::size_t percent = v.total ? v.done * 100 / v.total : 100;
  if (bar_width > 0) {
    const auto cells = static_cast<std::size_t>(bar_width);
    const std::size_t filled = v.total ? v.done * cells / v.total : cells;
    out += " [" + std::string(filled, '#') + std::string(cells - filled, '.') + "]";
  }
  out += " " + std::to_string(v.done) + "/" + std::to_string(v.total) + " " +
         std::to_string(percent) + "%";
  if (v.failed) out += " (" + std::to_string(v.failed) + " failed)";
  if (v.eta) {
    out += " ETA " + FormatEta(*v.eta);
    if (v.messages_per_minute > 0) out += " at " + std::to_string(v.messages_per_minute) + "/min";
  }
  return out;
}

}  // namespace graphpost::bulk
