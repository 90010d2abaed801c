// Check titles and the two renderings of a DoctorReport: JSON for --json and text for people.
#include <cstddef>
#include <sstream>
#include <utility>

#include "core/ascii.hpp"
#include "doctor/doctor.hpp"
#include "doctor/internal/checks.hpp"

namespace graphpost::doctor {
namespace {

// Wide enough for the longest check id ("credential-expiry") and a space.
constexpr std::size_t kIdWidth = 18;

std::string_view Mark(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "✓";
    case CheckStatus::kWarn:
      return "!";
    case CheckStatus::kFail:
      return "✗";
    case CheckStatus::kSkipped:
      return "-";
  }
  return "?";
}

// Writes `text` line by line, the first after `first_prefix`, the rest after `rest_prefix`.
void WriteIndented(std::ostringstream& out, std::string_view text, std::string_view first_prefix,
                   std::string_view rest_prefix) {
  bool first = true;
  for (std::string_view line : Split(text, '\n')) {
    out << (first ? first_prefix : rest_prefix) << line << '\n';
    first = false;
  }
}

}  // namespace

std::string_view CheckStatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kWarn:
      return "warn";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

boost::json::object ReportToJson(const DoctorReport& report) {
  boost::json::array checks;
  for (const CheckResult& check : report.checks) {
    checks.push_back(boost::json::object{{"id", check.id},
                                         {"title", check.title},
                                         {"status", CheckStatusName(check.status)},
                                         {"cause", check.cause},
                                         {"fix", check.fix}});
  }
  return boost::json::object{{"connection", report.connection},
                             {"canSend", report.can_send},
                             {"checks", std::move(checks)}};
}

std::string RenderReport(const DoctorReport& report) {
  std::ostringstream out;
  out << "Connection " << report.connection << "\n";
  for (const CheckResult& check : report.checks) {
    out << Mark(check.status) << ' ' << check.id
        << std::string(check.id.size() < kIdWidth ? kIdWidth - check.id.size() : 1, ' ')
        << check.title << '\n';
    if (!check.cause.empty()) WriteIndented(out, check.cause, "    ", "    ");
    if (!check.fix.empty()) WriteIndented(out, check.fix, "    Fix: ", "      ");
  }
  out << (report.can_send ? "Result: this connection can send mail.\n"
                          : "Result: this connection cannot send mail yet; fix the failed (✗) "
                            "checks above, in order.\n");
  return out.str();
}

}  // namespace graphpost::doctor

namespace graphpost::doctor::internal {

std::string_view TitleOf(std::string_view id) {
  static constexpr std::pair<std::string_view, std::string_view> kTitles[] = {
      {kTenantId, "The tenant exists"},
      {kAppId, "The app exists in the tenant"},
      {kCredentialId, "Entra ID accepts the credential"},
      {kCredentialExpiryId, "The credential is not about to expire"},
      {kPermissionsId, "No tenant-wide mail permission in Entra ID"},
      {kMailboxId, "The User ID is a mailbox"},
      {kMailboxAccessId, "The app may send as this mailbox"},
      {kPrimaryAddressId, "The User ID is the primary SMTP address"},
      {kTestSendId, "A test message is sent and lands in Sent Items"},
  };
  for (const auto& [check_id, title] : kTitles) {
    if (check_id == id) return title;
  }
  return "";
}

CheckResult Make(std::string_view id, CheckStatus status, std::string cause, std::string fix) {
  return CheckResult{.id = std::string(id),
                     .title = std::string(TitleOf(id)),
                     .status = status,
                     .cause = std::move(cause),
                     .fix = std::move(fix)};
}

std::string CodeOf(const Error& e) {
  return e.remote_code.empty() ? std::string(ErrorCodeName(e.code)) : e.remote_code;
}

CheckResult Skipped(std::string_view id, std::string cause) {
  return Make(id, CheckStatus::kSkipped, std::move(cause));
}

}  // namespace graphpost::doctor::internal
