// The outbox payload of a message that came in over SMTP; see stored_mime.hpp.
#include "message/stored_mime.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace graphpost::message {
namespace {

Error Malformed(std::string what) {
  Error e;
  e.code = ErrorCode::kInvalidArgument;
  e.message = "stored SMTP message: " + std::move(what);
  return e;
}

}  // namespace

bool IsStoredMime(std::string_view payload) { return payload.starts_with(kStoredMimeMagic); }

std::string EncodeStoredMime(const StoredMime& m) {
  json::array rcpt;
  for (const auto& r : m.rcpt_to) rcpt.emplace_back(r);
  json::object head{{"mailFrom", m.mail_from},   {"rcptTo", std::move(rcpt)},
                    {"principal", m.principal},  {"client", m.client},
                    {"sessionId", m.session_id}, {"saveToSentItems", m.save_to_sent_items}};
  std::string out(kStoredMimeMagic);
  out += json::serialize(head);
  out += '\n';
  out += m.mime;
  return out;
}

Result<StoredMime> DecodeStoredMime(std::string_view payload) {
  if (!IsStoredMime(payload)) return Fail(Malformed("does not start with the magic line"));
  payload.remove_prefix(kStoredMimeMagic.size());
  const auto eol = payload.find('\n');
  if (eol == std::string_view::npos) return Fail(Malformed("no envelope line"));
  boost::system::error_code ec;
  json::value head = json::parse(payload.substr(0, eol), ec);
  if (ec || !head.is_object()) return Fail(Malformed("the envelope line is not a JSON object"));
  StoredMime m;
  auto from = JsonString(head, "mailFrom");
  const json::array* rcpt = JsonArray(head, "rcptTo");
  auto principal = JsonString(head, "principal");
  auto client = JsonString(head, "client");
  auto session = JsonString(head, "sessionId");
  auto save = JsonBool(head, "saveToSentItems");
  if (!from || !rcpt || !principal || !client || !session || !save) {
    return Fail(Malformed("the envelope line lacks a field"));
  }
  for (const auto& r : *rcpt) {
    if (!r.is_string()) return Fail(Malformed("a recipient is not a string"));
    m.rcpt_to.emplace_back(r.get_string());
  }
  m.mail_from = std::move(*from);
  m.principal = std::move(*principal);
  m.client = std::move(*client);
  m.session_id = std::move(*session);
  m.save_to_sent_items = *save;
  m.mime = std::string(payload.substr(eol + 1));
  return m;
}

}  // namespace graphpost::message
