// console/connections_view.hpp — the pieces of the Connections pages (connections_page.cpp,
// connection_page.cpp) and the doctor result (doctor_view.cpp), as pure functions over plain
// values, per the page structure in docs/console.md. A connection is rendered field by field:
// its secret and private key are never read here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connections/connection.hpp"
#include "console/page.hpp"
#include "delivery/delivery_engine.hpp"
#include "doctor/doctor.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::console {

// Within this long before it expires, a credential's expiry is shown as `expiry-soon`.
inline constexpr std::chrono::hours kExpirySoon{24 * 30};

// When the connection's credential expires: the client secret's recorded expiry, or the
// certificate's notAfter; nullopt when not recorded (or the certificate does not parse).
std::optional<TimePoint> CredentialExpiry(const connections::Connection& c);

// "client secret" or "certificate".
std::string_view CredentialLabel(connections::AuthType type);

// The class list of an expiry element: "expiry", plus "expiry-expired" when past,
// "expiry-soon" within kExpirySoon, or "expiry-unknown" when not recorded.
std::string ExpiryClasses(std::optional<TimePoint> expiry, TimePoint now);
// Its content: the date with a countdown ("in 12 days", "3 days ago"), or "unknown (…)".
std::string ExpiryHtml(std::optional<TimePoint> expiry, TimePoint now);

// The lanes of connection `name` (names compared without regard to case).
std::vector<delivery::LaneStatus> LanesOf(const std::vector<delivery::LaneStatus>& lanes,
                                          std::string_view name);
// "paused" when any of `lanes` is paused, "idle" when there are none, else "active".
std::string_view LaneState(const std::vector<delivery::LaneStatus>& lanes);
// What the outbox holds for `lane` (outbox::OutboxStore::QueuedLanes): its queued count and
// earliest next due; nullptr when nothing is queued. Connection and sender compared without case.
const outbox::LaneSummary* QueuedOf(const std::vector<outbox::LaneSummary>& queued,
                                    const delivery::LaneStatus& lane);
// One lane's state for people: "paused"; "paced" when mail is queued and nothing is in flight
// (waiting for its pacing slot, which otherwise looks idle); else "active".
std::string_view LaneActivity(const delivery::LaneStatus& lane, std::int64_t queued);
// The next-due cell: the engine's next due, else the outbox's, as a time with a countdown; "—".
std::string NextDueHtml(const delivery::LaneStatus& lane, const outbox::LaneSummary* queued,
                        TimePoint now);

// A badge for LaneState: <span class="badge lane-…">state</span> ("idle" without a lane class).
std::string LaneBadge(std::string_view state);

// The doctor result page (title "Doctor: <name>", status 200): the checks in the order and with
// the titles, causes and fixes of `graphpost connection test` (doctor::RenderReport), escaped,
// each fix in <pre>, then the verdict. `csrf` is for the "Test again" button.
PageAnswer DoctorPage(const doctor::DoctorReport& report, std::string_view csrf);

// "/ui/connections/<name>" with the name percent-encoded.
std::string ConnectionHref(std::string_view name);

}  // namespace graphpost::console
