#include "sandbox/state/request_log.hpp"

#include <boost/json.hpp>

#include "core/time_format.hpp"

namespace graphpost::sandbox {

void RequestLog::Add(RequestLogEntry entry) {
  std::lock_guard lock(mu_);
  entry.sequence = next_sequence_++;
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

std::vector<RequestLogEntry> RequestLog::Since(std::uint64_t after, std::size_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<RequestLogEntry> out;
  for (const auto& e : entries_) {
    if (e.sequence <= after) continue;
    if (out.size() >= limit) break;
    out.push_back(e);
  }
  return out;
}

void RequestLog::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

boost::json::value RequestLogEntryToJson(const RequestLogEntry& e) {
  return boost::json::object{{"sequence", e.sequence},
                             {"time", FormatIso8601Fraction(e.time)},
                             {"method", e.method},
                             {"path", e.path},
                             {"status", e.status},
                             {"dropped", e.dropped},
                             {"app", e.app},
                             {"mailbox", e.mailbox},
                             {"durationMs", static_cast<double>(e.duration.count()) / 1000.0}};
}

}  // namespace graphpost::sandbox
