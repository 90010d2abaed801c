// The verdict on a rehearsal and its JSON (cli/setup_rehearsal.hpp): pure functions, apart from the
// sandbox and store work of setup_rehearsal.cpp, so they are tested without either.
#include <boost/json.hpp>

#include "cli/setup_rehearsal.hpp"

namespace graphpost::cli {

namespace json = boost::json;

Status RehearsalVerdict(setup::Mode mode, const RehearsalReport& report) {
  if (report.failure) {
    return Fail(ErrorCode::kFailedPrecondition, "rehearsal failed: " + report.failure->message);
  }
  if (report.reports.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "rehearsal failed: no connection was tested");
  }
  for (const auto& r : report.reports) {
    if (!r.can_send) {
      return Fail(ErrorCode::kFailedPrecondition, "rehearsal failed: connection '" + r.connection +
                                                      "' cannot send (see its report)");
    }
    for (const auto& check : r.checks) {
      if (check.id == "permissions" && mode == setup::Mode::kRecommended &&
          check.status != doctor::CheckStatus::kPass) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "rehearsal failed: connection '" + r.connection +
                        "': the permissions check is " +
                        std::string(doctor::CheckStatusName(check.status)) +
                        " in recommended mode: " + check.cause);
      }
    }
  }
  return Ok();
}

json::object RehearsalToJson(const RehearsalReport& report) {
  json::array steps, names, reports;
  for (const auto& s : report.steps) {
    steps.push_back(
        {{"kind", s.kind}, {"title", s.title}, {"changed", s.changed}, {"detail", s.detail}});
  }
  for (const auto& n : report.connections) names.emplace_back(n);
  for (const auto& r : report.reports) reports.push_back(doctor::ReportToJson(r));
  json::object out{{"tenantId", report.tenant_id},
                   {"steps", std::move(steps)},
                   {"connections", std::move(names)},
                   {"reports", std::move(reports)}};
  if (report.failure) out["error"] = report.failure->message;
  return out;
}

}  // namespace graphpost::cli
