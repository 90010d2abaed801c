// `graphpost send`: one message through a saved connection, directly (no daemon).
#include <iostream>

#include <boost/json.hpp>

#include "app/client.hpp"
#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "core/ascii.hpp"
#include "core/files.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;

std::vector<graph::EmailAddress> Addresses(const std::vector<std::string>& list) {
  std::vector<graph::EmailAddress> out;
  for (const auto& item : list) {
    for (auto piece : Split(item, ',')) {
      auto address = TrimAscii(piece);
      if (!address.empty()) out.push_back({"", std::string(address)});
    }
  }
  return out;
}

Result<graph::OutgoingMessage> BuildMessage(const SendOptions& o) {
  graph::OutgoingMessage m;
  m.subject = o.subject;
  m.to = Addresses(o.to);
  m.cc = Addresses(o.cc);
  m.bcc = Addresses(o.bcc);
  m.reply_to = Addresses(o.reply_to);
  m.save_to_sent_items = !o.no_save_to_sent;
  if (m.to.empty() && m.cc.empty() && m.bcc.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "give at least one recipient with --to, --cc or --bcc");
  }
  if (!o.html.empty()) {
    m.html = true;
    m.body = o.html;
  } else if (!o.body_file.empty()) {
    auto text = ReadFileText(o.body_file);
    if (!text) return Fail(text.error().code, "--body-file: " + text.error().message);
    m.body = *text;
    auto ext = AsciiLower(std::filesystem::path(o.body_file).extension().string());
    m.html = ext == ".html" || ext == ".htm";
  } else {
    m.body = o.text;
  }
  for (const auto& h : o.headers) {
    auto colon = h.find(':');
    if (colon == std::string::npos)
      return Fail(ErrorCode::kInvalidArgument, "--header expects 'X-Name: value', got '" + h + "'");
    m.headers.emplace_back(std::string(TrimAscii(std::string_view(h).substr(0, colon))),
                           std::string(TrimAscii(std::string_view(h).substr(colon + 1))));
  }
  for (const auto& path : o.attach) {
    auto bytes = ReadFileText(path);
    if (!bytes) return Fail(bytes.error().code, "--attach: " + bytes.error().message);
    std::filesystem::path p(path);
    m.attachments.push_back({p.filename().string(), ContentTypeFor(p), std::move(*bytes)});
  }
  return m;
}

graph::ReliableSendOptions ReliabilityOf(const SendOptions& o) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  auto ms = [](double seconds) {
    return duration_cast<milliseconds>(std::chrono::duration<double>(seconds));
  };
  graph::ReliableSendOptions options;
  options.retry.retry_for = ms(o.retry_for_seconds);
  options.sent_items = {.lookups = o.sent_items_lookups, .pause = ms(o.sent_items_pause_seconds)};
  return options;
}

// The failure as the user sees it: which connection and mailbox, and where to look next.
tl::unexpected<graph::SendFailure> SendError(graph::SendFailure f, const SendOptions& o,
                                             const std::string& mailbox) {
  f.error.message = "send through '" + o.connection + "' as " + mailbox + ": " + f.error.message;
  if (!f.delivery_unknown) {
    f.error.message +=
        " (run `graphpost connection test " + o.connection + "` for the cause and the fix)";
  }
  return Unexpected(std::move(f));
}

tl::unexpected<graph::SendFailure> Failed(const Error& e) {
  return Unexpected(graph::SendFailure{.error = e});
}

void PrintResult(const ClientGlobal& g, const SendOptions& o, const std::string& from,
                 const graph::OutgoingMessage& m, const std::string& message_id,
                 const Expected<graph::SendReport, graph::SendFailure>& report) {
  const std::size_t recipients = m.to.size() + m.cc.size() + m.bcc.size();
  const bool found = report && report->outcome == graph::SendOutcome::kFoundInSentItems;
  if (g.json) {
    std::string status = !report ? "delivery_unknown" : found ? "found_in_sent_items" : "accepted";
    json::object out{{"status", status},
                     {"connection", o.connection},
                     {"from", from},
                     {"recipients", recipients},
                     {"attachments", m.attachments.size()},
                     {"messageId", message_id}};
    if (report) out["attempts"] = report->attempts;
    std::cout << ToJson(out) << "\n";
    return;
  }
  if (!report) return;  // the error says it all, with the id
  if (found) {
    std::cout << "sent: Graph's answer was lost, but the message is in " << from
              << "'s Sent Items: from " << from << " to " << recipients << " recipient(s)";
  } else {
    std::cout << "accepted by Microsoft Graph: from " << from << " to " << recipients
              << " recipient(s)";
  }
  if (report->attempts > 1) std::cout << " after " << report->attempts << " attempts";
  std::cout << "; message id " << message_id << " (header X-Graphpost-Id)\n";
}

}  // namespace

std::string ContentTypeFor(const std::filesystem::path& file) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".txt", "text/plain"},
      {".html", "text/html"},
      {".htm", "text/html"},
      {".csv", "text/csv"},
      {".pdf", "application/pdf"},
      {".json", "application/json"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".zip", "application/zip"},
      {".xml", "application/xml"},
      {".ics", "text/calendar"},
      {".eml", "message/rfc822"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
  std::string ext = AsciiLower(file.extension().string());
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

Expected<void, graph::SendFailure> RunSend(const ClientGlobal& g, const SendOptions& o) {
  auto message = BuildMessage(o);
  if (!message) return Failed(message.error());
  auto client =
      OpenClient(g, {.graph_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::duration<double>(o.timeout_seconds))});
  if (!client) return Failed(client.error());
  auto session = (*client)->Session(o.connection);
  if (!session) return Failed(session.error());
  const std::string mailbox = (*session)->connection.user_id;
  const std::string message_id = NewGuid((*client)->random());
  auto report = (*client)->mail_sender().Send({.connection = o.connection,
                                               .message = *message,
                                               .message_id = message_id,
                                               .reliability = ReliabilityOf(o)});
  if (!report && !report.error().delivery_unknown) return SendError(report.error(), o, mailbox);
  PrintResult(g, o, mailbox, *message, message_id, report);
  if (!report) return SendError(report.error(), o, mailbox);
  return {};
}

}  // namespace graphpost::cli
