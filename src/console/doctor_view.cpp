// The doctor result page: `graphpost connection test` in HTML (docs/console.md, docs/doctor.md).
#include <string>

#include "console/connections_view.hpp"
#include "console/html.hpp"

namespace graphpost::console {
namespace {

// The cause as the console shows it: the CLI's hint for the skipped test send ("add
// --send-test-to ADDRESS") means nothing in a browser, so it says what the console does instead.
std::string CauseText(const doctor::CheckResult& check, std::string_view connection) {
  if (check.id == "test-send" && check.status == doctor::CheckStatus::kSkipped &&
      check.cause.find("--send-test-to") != std::string::npos) {
    return "Not requested: the console does not send test messages. To send one and find it in "
           "Sent Items, run graphpost connection test " +
           std::string(connection) + " --send-test-to ADDRESS.";
  }
  return check.cause;
}

std::string CheckItem(const doctor::CheckResult& check, std::string_view connection) {
  const std::string status(doctor::CheckStatusName(check.status));
  std::string out = "<li data-check=\"" + Escape(check.id) + "\" data-status=\"" + status + "\">";
  out += "<span class=\"check-title\">" + Escape(check.title) + "</span> ";
  out += "<span class=\"badge status-" + status + "\">" + status + "</span>";
  const std::string cause = CauseText(check, connection);
  if (!cause.empty()) out += "<p class=\"cause\">" + Escape(cause) + "</p>";
  if (!check.fix.empty()) {
    out += "<p class=\"fix-label\">Fix:</p><pre class=\"fix\">" + Escape(check.fix) + "</pre>";
  }
  return out + "</li>";
}

}  // namespace

PageAnswer DoctorPage(const doctor::DoctorReport& report, std::string_view csrf) {
  const std::string& name = report.connection;
  PageAnswer answer;
  answer.title = "Doctor: " + name;
  answer.section = "connections";
  std::string body = "<p>The checks of <code>graphpost connection test " + Escape(name) +
                     "</code>, in order (no test message is sent). Connection: " +
                     Link(ConnectionHref(name), name) + ".</p>";
  body += "<ol id=\"doctor-checks\">";
  for (const doctor::CheckResult& check : report.checks) body += CheckItem(check, name);
  body += "</ol>";
  body += "<p id=\"doctor-verdict\" class=\"" +
          std::string(report.can_send ? "status-pass" : "status-fail") + "\">" + Escape(name) +
          (report.can_send ? " can send" : " cannot send") + "</p>";
  if (!report.can_send) {
    body += "<p class=\"muted\">Fix the failed checks in order, then test again.</p>";
  }
  body += PostButton(ConnectionHref(name) + "/test", "Test again", csrf);
  answer.body = std::move(body);
  return answer;
}

}  // namespace graphpost::console
