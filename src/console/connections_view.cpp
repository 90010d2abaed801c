// Expiry, credential and lane-state pieces of the Connections pages; see connections_view.hpp.
#include "console/connections_view.hpp"

#include "console/html.hpp"
#include "core/ascii.hpp"
#include "crypto/keys.hpp"

namespace graphpost::console {

std::optional<TimePoint> CredentialExpiry(const connections::Connection& c) {
  if (c.auth_type == connections::AuthType::kClientSecret) return c.secret_expires_on;
  auto certificate = crypto::Certificate::FromPem(c.certificate_pem);
  if (!certificate) return std::nullopt;
  return certificate->NotAfter();
}

std::string_view CredentialLabel(connections::AuthType type) {
  return type == connections::AuthType::kCertificate ? "certificate" : "client secret";
}

std::string ExpiryClasses(std::optional<TimePoint> expiry, TimePoint now) {
  if (!expiry) return "expiry expiry-unknown";
  if (*expiry <= now) return "expiry expiry-expired";
  if (*expiry - now <= kExpirySoon) return "expiry expiry-soon";
  return "expiry";
}

std::string ExpiryHtml(std::optional<TimePoint> expiry, TimePoint now) {
  if (!expiry) return "unknown (not recorded: the console cannot warn before it expires)";
  const std::string when =
      *expiry <= now ? "expired " + Relative(*expiry - now) : "expires " + Relative(*expiry - now);
  return TimeTag(*expiry) + " <span class=\"countdown\">(" + Escape(when) + ")</span>";
}

std::vector<delivery::LaneStatus> LanesOf(const std::vector<delivery::LaneStatus>& lanes,
                                          std::string_view name) {
  std::vector<delivery::LaneStatus> out;
  for (const delivery::LaneStatus& lane : lanes) {
    if (AsciiIEquals(lane.connection, name)) out.push_back(lane);
  }
  return out;
}

std::string_view LaneState(const std::vector<delivery::LaneStatus>& lanes) {
  if (lanes.empty()) return "idle";
  for (const delivery::LaneStatus& lane : lanes) {
    if (lane.paused) return "paused";
  }
  return "active";
}

const outbox::LaneSummary* QueuedOf(const std::vector<outbox::LaneSummary>& queued,
                                    const delivery::LaneStatus& lane) {
  for (const outbox::LaneSummary& s : queued) {
    if (AsciiIEquals(s.lane.connection, lane.connection) &&
        AsciiIEquals(s.lane.sender, lane.sender)) {
      return &s;
    }
  }
  return nullptr;
}

std::string_view LaneActivity(const delivery::LaneStatus& lane, std::int64_t queued) {
  if (lane.paused) return "paused";
  if (queued > 0 && lane.in_flight == 0) return "paced";
  return "active";
}

std::string NextDueHtml(const delivery::LaneStatus& lane, const outbox::LaneSummary* queued,
                        TimePoint now) {
  std::optional<TimePoint> due = lane.next_due;
  if (!due && queued != nullptr) due = queued->next_due;
  if (!due) return "—";
  return TimeTag(*due) + " (" + Escape(Relative(*due - now)) + ")";
}

std::string LaneBadge(std::string_view state) {
  const std::string css = state == "idle" ? "badge muted" : "badge lane-" + std::string(state);
  return "<span class=\"" + css + "\">" + Escape(state) + "</span>";
}

std::string ConnectionHref(std::string_view name) { return "/ui/connections/" + UrlPart(name); }

}  // namespace graphpost::console
