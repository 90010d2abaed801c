// The Connections pages (docs/console.md): the list of saved connections (live), one connection
// with its lanes, the doctor's Test button and the rotate-secret form.
#include <memory>

#include "connections/connection_store.hpp"
#include "console/connection_page.hpp"
#include "console/connections_view.hpp"
#include "console/html.hpp"

namespace graphpost::console {
namespace {

std::string Cell(std::string_view css, const std::string& html) {
  return "<td class=\"" + Escape(css) + "\">" + html + "</td>";
}

// One row, field by field: never the secret or the private key.
std::string Row(const connections::Connection& c, const std::vector<delivery::LaneStatus>& lanes,
                TimePoint now) {
  const auto expiry = CredentialExpiry(c);
  std::string out = "<tr data-connection=\"" + Escape(c.name) + "\">";
  out += "<th scope=\"row\" class=\"name\">" + Link(ConnectionHref(c.name), c.name) + "</th>";
  out += Cell("tenant", Escape(c.tenant));
  out += Cell("client-id", Escape(c.client_id));
  out += Cell("mailbox", Escape(c.user_id));
  out += Cell("credential", Escape(CredentialLabel(c.auth_type)));
  out += Cell(ExpiryClasses(expiry, now), ExpiryHtml(expiry, now));
  out += Cell("lane-state", LaneBadge(LaneState(LanesOf(lanes, c.name))));
  return out + "</tr>";
}

PageAnswer ListPage(ConsoleDeps& deps, const PageRequest& request) {
  auto list = deps.connections.List();
  if (!list) return ErrorPage(500, "Connections unavailable", list.error().message);
  const auto lanes =
      deps.engine_stats ? deps.engine_stats().lane_status : std::vector<delivery::LaneStatus>{};
  PageAnswer answer;
  answer.title = "Connections";
  answer.section = "connections";
  answer.refresh_seconds = static_cast<int>(deps.options.live_refresh.count());
  if (list->empty()) {
    answer.body = "<p>No connections yet. Add one with <code>graphpost connection add</code>.</p>";
    return answer;
  }
  std::string body = "<div class=\"table-wrap\"><table id=\"connections\" class=\"data\">";
  body += "<caption>Saved connections: credential expiry and lane state</caption><thead><tr>";
  for (const char* h :
       {"Name", "Tenant", "Client ID", "Mailbox", "Credential", "Expiry", "Lane state"}) {
    body += "<th scope=\"col\">" + std::string(h) + "</th>";
  }
  body += "</tr></thead><tbody>";
  for (const connections::Connection& c : *list) body += Row(c, lanes, request.now);
  body += "</tbody></table></div>";
  answer.body = std::move(body);
  return answer;
}

// Runs the doctor and answers from its callback (any thread).
void RunTest(ConsoleDeps& deps, PageRequest request, PageReply reply) {
  const std::string name = request.path.at(1);
  deps.run_doctor(name, [reply = std::move(reply), csrf = request.csrf,
                         name](Result<doctor::DoctorReport> report) {
    if (report) return reply(DoctorPage(*report, csrf));
    if (report.error().code == ErrorCode::kNotFound) {
      return reply(
          ErrorPage(404, "Connection not found", "There is no connection with this name."));
    }
    reply(ErrorPage(500, "Doctor: " + name, "The doctor could not run: " + report.error().message));
  });
}

}  // namespace

void RegisterConnectionsRoutes(RouteTable& routes, ConsoleDeps& deps) {
  routes.Add("GET", "connections",
             [&deps](PageRequest request, PageReply reply) { reply(ListPage(deps, request)); });
  routes.Add("GET", "connections/*", [&deps](PageRequest request, PageReply reply) {
    reply(ConnectionPage(deps, request, request.path.at(1)));
  });
  routes.Add("POST", "connections/*/secret", [&deps](PageRequest request, PageReply reply) {
    RotateSecret(deps, std::move(request), std::move(reply));
  });
  if (deps.run_doctor) {
    routes.Add("POST", "connections/*/test", [&deps](PageRequest request, PageReply reply) {
      LogAction(deps, request, "console doctor test", {{"connection", request.path.at(1)}});
      RunTest(deps, std::move(request), std::move(reply));
    });
  }
}

}  // namespace graphpost::console
