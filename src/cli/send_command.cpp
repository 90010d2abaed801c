// `graphpost send`: one message through a saved connection, directly (no daemon).
#include <iostream>

#include <boost/json.hpp>

#include "app/client_runtime.hpp"
#include "cli/client_commands.hpp"
#include "cli/client_store.hpp"
#include "cli/sandbox_endpoint.hpp"
#include "core/ascii.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "sandbox/server/state_dir.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;

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
    auto text = sandbox::ReadFileText(o.body_file);
    if (!text) return Fail(text.error().code, "--body-file: cannot read " + o.body_file);
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
    auto bytes = sandbox::ReadFileText(path);
    if (!bytes) return Fail(bytes.error().code, "--attach: cannot read " + path);
    std::filesystem::path p(path);
    m.attachments.push_back({p.filename().string(), ContentTypeFor(p), std::move(*bytes)});
  }
  return m;
}

}  // namespace

Status RunSend(const ClientGlobal& g, const SendOptions& o) {
  auto message = BuildMessage(o);
  if (!message) return Fail(message.error());
  auto store = OpenClientStore(g);
  if (!store) return Fail(store.error());
  auto connection = (*store)->Get(o.connection).transform(WithRunningSandboxEndpoints);
  if (!connection) return Fail(connection.error());
  SystemClock clock;
  SystemRandom random;
  app::ClientRuntime runtime(clock, random);
  auto session = runtime.Open(*connection);
  if (!session) return Fail(session.error());
  if (auto s = (*session)->graph->SendMail(connection->user_id, *message); !s) {
    return Fail(s.error().code, "send through '" + o.connection + "' as " + connection->user_id +
                                    ": " + s.error().message + " (run `graphpost connection test " +
                                    o.connection + "` for the cause and the fix)");
  }
  std::size_t recipients = message->to.size() + message->cc.size() + message->bcc.size();
  if (g.json) {
    std::cout << ToJson(json::object{{"status", "accepted"},
                                     {"connection", o.connection},
                                     {"from", connection->user_id},
                                     {"recipients", recipients},
                                     {"attachments", message->attachments.size()}})
              << "\n";
  } else {
    std::cout << "accepted by Microsoft Graph: from " << connection->user_id << " to " << recipients
              << " recipient(s)\n";
  }
  return Ok();
}

}  // namespace graphpost::cli
