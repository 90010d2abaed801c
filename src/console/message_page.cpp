// The Message page (GET /ui/messages/<id>, live while not final; docs/console.md) and its Retry
// and Cancel actions. The operator sees every key's messages (api_key_id unset).
//
// Addresses shown: for a message that came in over SMTP, what api::MessageWithAttemptsJson reads
// from the stored MIME (subject, To, Cc; never Bcc: the envelope's extra recipients were never
// meant to be visible). For an API message, the canonical JSON's subject, To, Cc and Bcc: the API
// accepted the Bcc list from the same operator's keys, so showing it to the operator reveals
// nothing new, and it is what one needs to answer "did it go to X?".
//
// Actions: the state is checked first (a wrong state answers this page with 409 and an error
// notice, without a write); then the outbox write, whose callback only answers (a redirect to the
// page with ?done=...; the page turns the known values into fixed notices, never echoing one).
#include "console/message_page.hpp"

#include <boost/json.hpp>

#include "api/message_view.hpp"
#include "console/html.hpp"
#include "message/api_message.hpp"
#include "message/stored_mime.hpp"

namespace graphpost::console {
namespace {

namespace json = boost::json;
using outbox::MessageRecord;
using outbox::MessageState;

// What the page shows of the message beyond the record.
struct Shown {
  std::string source;     // "api" | "smtp"
  std::string principal;  // SMTP: "account:<name>" | "range:<cidr>"; API: "API key <id>"
  std::optional<std::string> subject;
  std::vector<std::string> to, cc, bcc;
};

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<std::string> StrList(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& e : v->get_array()) {
    if (e.is_string()) out.emplace_back(e.get_string());
  }
  return out;
}

std::vector<std::string> Addresses(const std::vector<graph::EmailAddress>& list) {
  std::vector<std::string> out;
  for (const auto& a : list)
    out.push_back(a.name.empty() ? a.address : a.name + " <" + a.address + ">");
  return out;
}

Shown Describe(const MessageRecord& m, const json::object& view) {
  Shown s;
  s.source = Str(view, "source");
  if (s.source == "smtp") {
    s.principal = Str(view, "principal");
    if (view.contains("subject")) s.subject = Str(view, "subject");
    s.to = StrList(view, "to");
    s.cc = StrList(view, "cc");
    return s;
  }
  s.principal = ApiKeyPrincipal(m.api_key_id);
  if (auto parsed = message::ParseApiMessage(m.payload)) {
    s.subject = parsed->message.subject;
    s.to = Addresses(parsed->message.to);
    s.cc = Addresses(parsed->message.cc);
    s.bcc = Addresses(parsed->message.bcc);
  }
  return s;
}

std::string Fact(std::string_view label, std::string_view css, const std::string& html) {
  return "<dt>" + std::string(label) + "</dt><dd class=\"" + std::string(css) + "\">" + html +
         "</dd>";
}

std::string List(const std::vector<std::string>& addresses) {
  std::string out;
  for (const auto& a : addresses) out += (out.empty() ? "" : ", ") + BidiText(a);
  return out;
}

std::string Facts(const MessageRecord& m, const Shown& s, TimePoint now) {
  std::string out = "<dl id=\"message-facts\">";
  out += Fact("Id", "id", Escape(m.id));
  out += Fact("Connection", "connection",
              Link("/ui/connections/" + UrlPart(m.lane.connection), m.lane.connection));
  out += Fact("From", "from", BidiText(m.lane.sender));
  if (s.subject) out += Fact("Subject", "subject", BidiText(*s.subject));
  out += Fact("Recipients", "recipients", Count(m.recipients));
  if (!s.to.empty()) out += Fact("To", "to", List(s.to));
  if (!s.cc.empty()) out += Fact("Cc", "cc", List(s.cc));
  if (!s.bcc.empty()) out += Fact("Bcc", "bcc", List(s.bcc));
  out += Fact("Guarantee", "guarantee", Escape(outbox::GuaranteeName(api::StatedGuarantee(m))));
  out += Fact("Created", "created", TimeTag(m.created_at));
  if (m.send_at != m.created_at) out += Fact("Send at", "send-at", TimeTag(m.send_at));
  if (m.state == MessageState::kQueued) {
    out +=
        Fact("Next attempt", "next-attempt",
             TimeTag(m.next_attempt_at) + " (" + Escape(Relative(m.next_attempt_at - now)) + ")");
  }
  if (m.expires_at) out += Fact("Expires", "expires", TimeTag(*m.expires_at));
  if (m.finished_at) out += Fact("Finished", "finished", TimeTag(*m.finished_at));
  out += Fact("Attempts", "attempt-count", Count(m.attempts));
  if (m.verify_before_send) {
    out += Fact("Before the next send", "verify", "look in Sent Items (the last answer was lost)");
  }
  out += Fact("Source", "source", Escape(s.source));
  out += Fact("Principal", "principal", Escape(s.principal));
  return out + "</dl>";
}

std::string Cause(const MessageRecord& m) {
  if (m.cause.empty() && m.detail.empty() && m.fix.empty()) return "";
  std::string out = "<section id=\"message-cause\"><h2>Why</h2>";
  if (!m.cause.empty()) out += "<p class=\"cause\">" + Escape(m.cause) + "</p>";
  if (!m.detail.empty()) out += "<p class=\"detail\">" + Escape(m.detail) + "</p>";
  if (!m.fix.empty()) out += "<h3>Fix</h3><pre class=\"fix\">" + Escape(m.fix) + "</pre>";
  return out + "</section>";
}

std::string AttemptsTable(const std::vector<outbox::Attempt>& attempts) {
  if (attempts.empty()) return "<p id=\"no-attempts\" class=\"muted\">No attempts yet.</p>";
  std::string out =
      "<div class=\"table-wrap\"><table id=\"attempts\" class=\"data\"><caption>Graph answers, "
      "one row per attempt</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Outcome"
      "</th><th scope=\"col\">HTTP status</th><th scope=\"col\">Cause</th><th scope=\"col\">"
      "Detail</th><th scope=\"col\">Start</th><th scope=\"col\">End</th></tr></thead><tbody>";
  for (const auto& a : attempts) {
    out += "<tr data-attempt=\"" + std::to_string(a.number) + "\"><td class=\"number\">" +
           std::to_string(a.number) + "</td><td class=\"outcome\">" + Escape(a.outcome) +
           "</td><td class=\"http-status\">" +
           (a.http_status == 0 ? std::string("no answer") : std::to_string(a.http_status)) +
           "</td><td class=\"cause\">" + Escape(a.cause) + "</td><td class=\"detail\">" +
           Escape(a.detail) + "</td><td class=\"start\">" + TimeTag(a.started_at) +
           "</td><td class=\"end\">" + TimeTag(a.ended_at) + "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

bool CanRetry(MessageState s) {
  return s == MessageState::kFailed || s == MessageState::kExpired || s == MessageState::kCancelled;
}

std::string Actions(const MessageRecord& m, const std::string& csrf) {
  const std::string base = "/ui/messages/" + UrlPart(m.id);
  std::string out;
  if (CanRetry(m.state)) out += PostButton(base + "/retry", "Retry", csrf);
  if (m.state == MessageState::kExpired) {
    out +=
        "<p id=\"retry-ttl\" class=\"muted\">Retrying an expired message removes its time to "
        "live: it is then attempted until it is delivered or fails.</p>";
  }
  if (m.state == MessageState::kQueued)
    out += PostButton(base + "/cancel", "Cancel", csrf, "danger");
  return out.empty() ? out : "<div id=\"message-actions\">" + out + "</div>";
}

// The fixed notice for ?done=...; anything else shows none, and so does a notice the message's
// current state contradicts (the URL is anyone's to write: "cancelled" on a delivered message).
std::string DoneNotice(const FormFields& query, MessageState state) {
  const std::string* done = FindField(query, "done");
  if (done == nullptr) return "";
  const bool retried_agrees = state == MessageState::kQueued || state == MessageState::kSending ||
                              state == MessageState::kDelivered;
  if (*done == "retried" && retried_agrees) return "Retried: the message is queued again.";
  if (*done == "cancelled" && state == MessageState::kCancelled) {
    return "Cancelled: the message will not be sent.";
  }
  if (*done == "changed") return "The message changed meanwhile; nothing was done.";
  return "";
}

// The page for `id`, or the 404/503 page.
PageAnswer MessagePage(const std::string& id, const PageRequest& request, ConsoleDeps& deps) {
  auto record = deps.outbox.Get(id, std::nullopt);
  if (!record && record.error().code == ErrorCode::kNotFound) {
    return ErrorPage(404, "Message not found", "There is no message with this id.");
  }
  if (!record) return ErrorPage(503, "Message", "The outbox cannot be read right now.");
  auto attempts = deps.outbox.Attempts(id);
  if (!attempts) return ErrorPage(503, "Message", "The outbox cannot be read right now.");
  const json::object view = api::MessageWithAttemptsJson(*record, *attempts);
  const Shown shown = Describe(*record, view);
  PageAnswer answer;
  answer.title = "Message " + record->id;
  answer.section = "messages";
  answer.notice = DoneNotice(request.query, record->state);
  if (!outbox::IsFinal(record->state)) {
    answer.refresh_seconds = static_cast<int>(deps.options.live_refresh.count());
  }
  answer.body = "<p id=\"message-state\">" + StateBadge(record->state) + "</p>";
  answer.body += Actions(*record, request.csrf);
  answer.body += Facts(*record, shown, request.now);
  answer.body += Cause(*record);
  answer.body += "<h2>Attempts</h2>" + AttemptsTable(*attempts);
  return answer;
}

PageAnswer Redirect(const std::string& id, std::string_view done) {
  PageAnswer answer;
  answer.redirect = "/ui/messages/" + UrlPart(id) + "?done=" + std::string(done);
  return answer;
}

enum class Action { kRetry, kCancel };

// 409: the message page with an error notice, for an action its state does not allow.
PageAnswer WrongState(const std::string& id, const PageRequest& request, ConsoleDeps& deps,
                      Action action) {
  PageAnswer answer = MessagePage(id, request, deps);
  if (answer.status != 200) return answer;
  answer.status = 409;
  answer.notice = action == Action::kRetry
                      ? "Not retried: only failed, expired or cancelled messages can be retried."
                      : "Not cancelled: only queued messages can be cancelled.";
  return answer;
}

// Answers an action's outbox outcome (on the outbox's writer thread: no reads there).
void AnswerOutcome(const std::string& id, Action action, Result<MessageRecord> outcome,
                   ConsoleDeps& deps, const PageReply& reply) {
  if (outcome) {
    if (action == Action::kRetry && deps.notify) deps.notify({outcome->lane});
    reply(Redirect(id, action == Action::kRetry ? "retried" : "cancelled"));
    return;
  }
  switch (outcome.error().code) {
    case ErrorCode::kNotFound:
      reply(ErrorPage(404, "Message not found", "There is no message with this id."));
      return;
    case ErrorCode::kFailedPrecondition:  // its state changed since the check
      reply(Redirect(id, "changed"));
      return;
    default:
      reply(ErrorPage(503, "Message", "The outbox could not record this; try again."));
  }
}

void HandleAction(Action action, PageRequest request, PageReply reply, ConsoleDeps& deps) {
  const std::string id = request.path.size() > 1 ? request.path[1] : "";
  auto record = deps.outbox.Get(id, std::nullopt);
  if (!record && record.error().code == ErrorCode::kNotFound) {
    reply(ErrorPage(404, "Message not found", "There is no message with this id."));
    return;
  }
  if (!record) {
    reply(ErrorPage(503, "Message", "The outbox cannot be read right now."));
    return;
  }
  const bool allowed =
      action == Action::kRetry ? CanRetry(record->state) : record->state == MessageState::kQueued;
  if (!allowed) {
    reply(WrongState(id, request, deps, action));
    return;
  }
  auto done = [id, action, &deps, reply](Result<MessageRecord> outcome) {
    AnswerOutcome(id, action, std::move(outcome), deps, reply);
  };
  if (action == Action::kRetry) {
    deps.outbox.Retry(id, std::nullopt, deps.clock.WallNow(), std::move(done));
  } else {
    deps.outbox.Cancel(id, std::nullopt, std::move(done));
  }
}

}  // namespace

std::string StateBadge(outbox::MessageState state) {
  const std::string name(outbox::MessageStateName(state));
  return "<span class=\"badge state-" + name + "\">" + name + "</span>";
}

void RegisterMessageRoutes(RouteTable& routes, ConsoleDeps& deps) {
  routes.Add("GET", "messages/*", [&deps](PageRequest request, PageReply reply) {
    reply(MessagePage(request.path[1], request, deps));
  });
  routes.Add("POST", "messages/*/retry", [&deps](PageRequest request, PageReply reply) {
    LogAction(deps, request, "console message retry", {{"message_id", request.path[1]}});
    HandleAction(Action::kRetry, std::move(request), std::move(reply), deps);
  });
  routes.Add("POST", "messages/*/cancel", [&deps](PageRequest request, PageReply reply) {
    LogAction(deps, request, "console message cancel", {{"message_id", request.path[1]}});
    HandleAction(Action::kCancel, std::move(request), std::move(reply), deps);
  });
}

}  // namespace graphpost::console
