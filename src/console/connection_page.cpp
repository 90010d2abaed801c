// One connection's page and its rotate-secret POST; see connection_page.hpp.
#include "console/connection_page.hpp"

#include "connections/connection_store.hpp"
#include "console/connections_view.hpp"
#include "console/html.hpp"
#include "core/ascii.hpp"
#include "core/secret.hpp"
#include "core/time_format.hpp"

namespace graphpost::console {
namespace {

constexpr std::size_t kMaxSecretBytes = 1024;

std::string Fact(std::string_view label, std::string_view css, const std::string& html) {
  return "<dt>" + Escape(label) + "</dt><dd class=\"" + Escape(css) + "\">" + html + "</dd>";
}

std::string Facts(const connections::Connection& c, TimePoint now, std::string_view lane_state) {
  const auto expiry = CredentialExpiry(c);
  std::string out = "<dl id=\"connection-facts\">";
  out += Fact("Name", "name", Escape(c.name));
  out += Fact("Tenant", "tenant", Escape(c.tenant));
  out += Fact("Client ID", "client-id", Escape(c.client_id));
  out += Fact("Mailbox", "mailbox", Escape(c.user_id));
  out += Fact("Credential", "credential", Escape(CredentialLabel(c.auth_type)));
  out += Fact("Expiry", ExpiryClasses(expiry, now), ExpiryHtml(expiry, now));
  out += Fact("Lane state", "lane-state", LaneBadge(lane_state));
  out += Fact("Cloud", "cloud", Escape(c.cloud));
  return out + "</dl>";
}

std::string LaneRow(const delivery::LaneStatus& lane,
                    const std::vector<outbox::LaneSummary>& queued, TimePoint now) {
  const outbox::LaneSummary* summary = QueuedOf(queued, lane);
  const std::int64_t waiting = summary != nullptr ? summary->queued : 0;
  const std::string state(LaneActivity(lane, waiting));
  std::string out = "<tr data-lane=\"" + Escape(lane.connection + "/" + lane.sender) + "\">";
  out += "<td class=\"sender\">" + Escape(lane.sender) + "</td>";
  out += "<td class=\"lane-state\">" + LaneBadge(state) + "</td>";
  out += "<td class=\"in-flight\">" + Count(lane.in_flight) + "</td>";
  out += "<td class=\"queued\">" + Count(waiting) + "</td>";
  out += "<td class=\"next-due\">" + NextDueHtml(lane, summary, now) + "</td>";
  out += "<td class=\"reason\">" + (lane.paused ? Escape(lane.reason) : std::string()) + "</td>";
  out += "<td>" +
         (lane.paused && !lane.fix.empty() ? "<pre class=\"fix\">" + Escape(lane.fix) + "</pre>"
                                           : std::string()) +
         "</td>";
  return out + "</tr>";
}

std::string LanesSection(const std::vector<delivery::LaneStatus>& lanes,
                         const std::vector<outbox::LaneSummary>& queued, TimePoint now) {
  std::string out = "<section id=\"lanes\" aria-labelledby=\"lanes-heading\">";
  out += "<h2 id=\"lanes-heading\">Lanes</h2>";
  if (lanes.empty()) {
    return out +
           "<p class=\"muted\">No lanes: nothing is queued for this connection.</p></section>";
  }
  out += "<div class=\"table-wrap\"><table id=\"connection-lanes\" class=\"data\">";
  out += "<caption>Lanes of this connection, by sender</caption><thead><tr>";
  for (const char* h : {"Sender", "State", "In flight", "Queued", "Next due", "Reason", "Fix"}) {
    out += "<th scope=\"col\">" + std::string(h) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const auto& lane : lanes) out += LaneRow(lane, queued, now);
  return out + "</tbody></table></div></section>";
}

std::string RotateForm(const connections::Connection& c, std::string_view csrf) {
  std::string out = "<section id=\"rotate\" aria-labelledby=\"rotate-heading\">";
  out += "<h2 id=\"rotate-heading\">Rotate secret</h2>";
  out +=
      "<p>Paste the new client secret from the Entra portal. It is stored sealed and never "
      "shown again; every connection that shares this app credential uses it.</p>";
  out += "<form id=\"rotate-secret\" method=\"post\" action=\"" +
         Escape(ConnectionHref(c.name) + "/secret") + "\">" + CsrfField(csrf);
  out +=
      "<label for=\"secret\">New client secret</label>"
      "<input type=\"password\" id=\"secret\" name=\"secret\" autocomplete=\"off\" required>";
  out +=
      "<label for=\"expires\">Expires (optional; left empty, the expiry is recorded as "
      "unknown and the console cannot warn before the secret expires)</label>"
      "<input type=\"date\" id=\"expires\" name=\"expires\">";
  out += "<button type=\"submit\">Rotate secret</button></form></section>";
  return out;
}

// Whether `name` is `page`'s connection or one sharing its app credential (same tenant and
// client ID and secret), i.e. one a rotation from this page can have updated. The secrets are
// compared in memory only.
bool SharesCredential(ConsoleDeps& deps, const connections::Connection& page,
                      std::string_view name) {
  if (AsciiIEquals(name, page.name)) return true;
  auto other = deps.connections.Get(name);
  return other && other->auth_type == connections::AuthType::kClientSecret &&
         AsciiIEquals(other->tenant, page.tenant) &&
         AsciiIEquals(other->client_id, page.client_id) &&
         other->client_secret.Reveal() == page.client_secret.Reveal();
}

// The rotate notice from the redirect's `rotated` query: only well-formed names of connections
// that share this page's credential are shown (the URL is anyone's to write); none when the
// page's own connection is not among them.
std::string RotatedNotice(ConsoleDeps& deps, const connections::Connection& page,
                          const FormFields& query) {
  const std::string* rotated = FindField(query, "rotated");
  if (rotated == nullptr) return "";
  std::string names;
  bool own = false;
  for (std::string_view name : Split(*rotated, ',')) {
    bool ok = !name.empty() && name.size() <= 64;
    for (char ch : name) {
      const bool alnum =
          (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
      ok = ok && (alnum || ch == '.' || ch == '_' || ch == '-');
    }
    if (!ok || !SharesCredential(deps, page, name)) continue;
    own = own || AsciiIEquals(name, page.name);
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  if (!own) return "";
  return "Secret rotated for " + names + "; paused lanes resume within a few seconds";
}

// Why a pasted secret cannot be a client secret ("" when it can); never echoes the value.
std::string_view SecretProblem(std::string_view secret) {
  if (secret.size() > kMaxSecretBytes) {
    return "New client secret: longer than 1,024 bytes; paste only the secret's Value.";
  }
  for (char ch : secret) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7f) {
      return "New client secret: contains a control character (line break, tab or NUL); paste "
             "only the secret's Value.";
    }
  }
  return "";
}

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kFailedPrecondition:
      return 409;
    default:
      return 500;
  }
}

}  // namespace

PageAnswer ConnectionPage(ConsoleDeps& deps, const PageRequest& request, std::string_view name,
                          std::string_view error, int status) {
  auto connection = deps.connections.Get(name);
  if (!connection) {
    if (connection.error().code == ErrorCode::kNotFound) {
      return ErrorPage(404, "Connection not found", "There is no connection with this name.");
    }
    return ErrorPage(500, "Connection unavailable", connection.error().message);
  }
  const connections::Connection& c = *connection;
  const auto lanes = LanesOf(
      deps.engine_stats ? deps.engine_stats().lane_status : std::vector<delivery::LaneStatus>{},
      c.name);
  PageAnswer answer;
  answer.status = status;
  answer.title = "Connection " + c.name;
  answer.section = "connections";
  answer.notice = RotatedNotice(deps, c, request.query);
  std::string body;
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + Escape(error) + "</p>";
  body += Facts(c, request.now, LaneState(lanes));
  auto queued = deps.outbox.QueuedLanes();
  body += LanesSection(lanes, queued ? *queued : std::vector<outbox::LaneSummary>{}, request.now);
  if (deps.run_doctor) {
    body +=
        "<section id=\"doctor\" aria-labelledby=\"doctor-heading\">"
        "<h2 id=\"doctor-heading\">Doctor</h2><p>Runs the checks of <code>graphpost "
        "connection test</code> (no test message is sent).</p>" +
        PostButton(ConnectionHref(c.name) + "/test", "Test", request.csrf) + "</section>";
  }
  if (c.auth_type == connections::AuthType::kClientSecret) body += RotateForm(c, request.csrf);
  body += "<p>" + Link("/ui/connections", "All connections") + "</p>";
  answer.body = std::move(body);
  return answer;
}

namespace {

// Saves the checked secret and answers: the redirect with the notice, or the page with the error.
PageAnswer SaveSecret(ConsoleDeps& deps, const PageRequest& request, const Secret& secret,
                      std::optional<TimePoint> expires) {
  const std::string& name = request.path.at(1);
  auto rotated = deps.connections.RotateSecret(name, secret, expires);
  if (!rotated) {
    return ConnectionPage(deps, request, name, rotated.error().message,
                          StatusFor(rotated.error().code));
  }
  std::string names;
  for (const std::string& n : *rotated) names += (names.empty() ? "" : ",") + n;
  LogAction(deps, request, "console secret rotated", {{"connection", names}});
  PageAnswer answer;
  answer.redirect = ConnectionHref(name) + "?rotated=" + UrlPart(names);
  return answer;
}

}  // namespace

void RotateSecret(ConsoleDeps& deps, PageRequest request, PageReply reply) {
  const std::string name = request.path.at(1);
  const std::string* field = FindField(request.form, "secret");
  Secret secret(field != nullptr ? *field : std::string());
  auto connection = deps.connections.Get(name);
  if (!connection) {
    return reply(ConnectionPage(deps, request, name, connection.error().message,
                                StatusFor(connection.error().code)));
  }
  if (connection->auth_type != connections::AuthType::kClientSecret) {
    return reply(ConnectionPage(deps, request, name,
                                "This connection signs in with a certificate; it has no client "
                                "secret to rotate. Upload a new certificate with graphpost "
                                "connection.",
                                409));
  }
  std::optional<TimePoint> expires;
  const std::string* expires_text = FindField(request.form, "expires");
  if (expires_text != nullptr && !TrimAscii(*expires_text).empty()) {
    expires = ParseIso8601(TrimAscii(*expires_text));
    if (!expires) {
      return reply(ConnectionPage(deps, request, name, "Expires: not a date (YYYY-MM-DD).", 400));
    }
  }
  if (expires && FormatDate(*expires) < FormatDate(request.now)) {
    return reply(ConnectionPage(deps, request, name, "Expires: the date is in the past.", 400));
  }
  if (auto checked = connections::CheckSecretText(secret); !checked) {
    return reply(ConnectionPage(deps, request, name, "The new client secret is empty.", 400));
  }
  if (std::string_view problem = SecretProblem(secret.Reveal()); !problem.empty()) {
    return reply(ConnectionPage(deps, request, name, std::string(problem), 400));
  }
  if (!deps.check_secret) return reply(SaveSecret(deps, request, secret, expires));
  auto shared = std::make_shared<PageRequest>(std::move(request));
  deps.check_secret(connection->name, secret,
                    [&deps, shared, secret, expires, reply = std::move(reply)](Status checked) {
                      if (!checked) {
                        return reply(ConnectionPage(
                            deps, *shared, shared->path.at(1),
                            "Entra ID refused the new client secret; nothing was saved. " +
                                Sentence(checked.error().message),
                            400));
                      }
                      reply(SaveSecret(deps, *shared, secret, expires));
                    });
}

}  // namespace graphpost::console
