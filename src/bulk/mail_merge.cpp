#include "bulk/mail_merge.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"
#include "crypto/digest.hpp"
#include "message/api_message.hpp"

namespace graphpost::bulk {
namespace {

namespace json = boost::json;

Result<std::optional<MergeTemplate>> CompileOptional(const std::optional<TemplateText>& t,
                                                     MergeTemplate::Escape escape,
                                                     const std::vector<std::string>& columns) {
  if (!t) return std::optional<MergeTemplate>{};
  auto compiled = MergeTemplate::Compile(t->text, t->source, escape);
  if (!compiled) return Fail(compiled.error());
  if (auto s = compiled->CheckColumns(columns); !s) return Fail(s.error());
  return std::optional<MergeTemplate>(std::move(*compiled));
}

json::array AttachmentsJson(const std::vector<LoadedAttachment>& list) {
  json::array out;
  for (const auto& a : list) {
    json::object o{
        {"name", a.name}, {"contentType", a.content_type}, {"contentBytes", a.content_base64}};
    if (a.is_inline) o["inline"] = true;
    if (!a.content_id.empty()) o["contentId"] = a.content_id;
    out.push_back(std::move(o));
  }
  return out;
}

json::value RecipientJson(const bulk::Recipient& r) {
  if (r.name.empty()) return json::value(r.email);
  return json::object{{"address", r.email}, {"name", r.name}};
}

std::string RowName(const bulk::Recipient& r, std::string_view csv_file) {
  return std::string(csv_file) + " line " + std::to_string(r.line);
}

}  // namespace

Result<MailMerge> MailMerge::Build(const MessageTemplate& spec, MergeFiles files,
                                   const std::vector<std::string>& columns) {
  MailMerge m;
  m.spec_ = spec;
  const auto& text = spec.text ? spec.text : files.text_file;
  const auto& html = spec.html ? spec.html : files.html_file;
  auto subject = CompileOptional(spec.subject, MergeTemplate::Escape::kNone, columns);
  if (!subject) return Fail(subject.error());
  auto text_t = CompileOptional(text, MergeTemplate::Escape::kNone, columns);
  if (!text_t) return Fail(text_t.error());
  auto html_t = CompileOptional(html, MergeTemplate::Escape::kHtml, columns);
  if (!html_t) return Fail(html_t.error());
  m.subject_ = std::move(*subject);
  m.text_ = std::move(*text_t);
  m.html_ = std::move(*html_t);
  for (const auto& [name, value] : spec.headers) {
    auto header = CompileOptional(value, MergeTemplate::Escape::kNone, columns);
    if (!header) return Fail(header.error());
    m.headers_.emplace_back(name, std::move(**header));
  }
  m.files_ = std::move(files);
  return m;
}

Result<std::string> MailMerge::Render(const bulk::Recipient& r, std::string_view csv_file) const {
  const std::string row = RowName(r, csv_file);
  json::object o;
  if (!spec_.connection.empty()) o["connection"] = spec_.connection;
  if (!spec_.from.empty()) o["from"] = spec_.from;
  o["to"] = json::array{RecipientJson(r)};
  if (!spec_.reply_to.empty()) o["replyTo"] = json::value_from(spec_.reply_to);
  auto put = [&](const char* key, const std::optional<MergeTemplate>& t) -> Status {
    if (!t) return Ok();
    auto text = t->Render(r.fields, row);
    if (!text) return Fail(text.error());
    o[key] = std::move(*text);
    return Ok();
  };
  if (auto s = put("subject", subject_); !s) return Fail(s.error());
  if (auto s = put("text", text_); !s) return Fail(s.error());
  if (auto s = put("html", html_); !s) return Fail(s.error());
  if (!files_.attachments.empty()) o["attachments"] = AttachmentsJson(files_.attachments);
  if (!headers_.empty()) {
    json::object headers;
    for (const auto& [name, t] : headers_) {
      auto value = t.Render(r.fields, row);
      if (!value) return Fail(value.error());
      headers[name] = std::move(*value);
    }
    o["headers"] = std::move(headers);
  }
  if (spec_.save_to_sent_items) o["saveToSentItems"] = *spec_.save_to_sent_items;
  if (!spec_.send_at.empty()) o["sendAt"] = spec_.send_at;
  if (spec_.time_to_live) o["timeToLive"] = *spec_.time_to_live;
  std::string text = ToJson(o);
  auto parsed = message::ParseApiMessage(text);
  if (!parsed) {
    const auto& e = parsed.error().front();
    return Fail(ErrorCode::kInvalidArgument, row + ": " + e.path + ": " + e.detail);
  }
  return text;
}

std::vector<Chunk> PlanChunks(const std::vector<std::size_t>& message_sizes, std::size_t max_count,
                              std::size_t max_bytes) {
  std::vector<Chunk> chunks;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < message_sizes.size(); ++i) {
    const bool full = !chunks.empty() && (chunks.back().count >= max_count ||
                                          bytes + message_sizes[i] + 1 > max_bytes);
    if (chunks.empty() || full) {
      chunks.push_back({.first = i, .count = 0});
      bytes = 16;  // {"messages":[]}
    }
    ++chunks.back().count;
    bytes += message_sizes[i] + 1;
  }
  return chunks;
}

std::string ContentHash(const std::vector<std::string_view>& parts) {
  std::string framed;
  for (auto part : parts) {
    framed += std::to_string(part.size()) + ":";
    framed.append(part);
  }
  return crypto::HexLower(crypto::Sha256(framed));
}

std::string ChunkIdempotencyKey(std::string_view content_hash, std::size_t chunk_number,
                                std::size_t chunks) {
  return "bulk-" + std::string(content_hash.substr(0, 32)) + "-" + std::to_string(chunk_number) +
         "-of-" + std::to_string(chunks);
}

std::string BatchBody(const std::vector<std::string>& messages) {
  std::string body = "{\"messages\":[";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) body += ",";
    body += messages[i];
  }
  return body + "]}";
}

}  // namespace graphpost::bulk
