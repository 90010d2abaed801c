// GraphMailClient, upload-session half: createUploadSession, then the attachment's bytes PUT in
// order to the pre-authenticated uploadUrl (outlook.office.com in production). The PUTs carry no
// Authorization header: the URL holds its own token, and Outlook rejects a second credential.
#include <algorithm>
#include <charconv>
#include <string>

#include "core/ids.hpp"
#include "core/json.hpp"
#include "graph/graph_errors.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/graph_urls.hpp"
#include "graph/internal/redact.hpp"

namespace graphpost::graph {
namespace {

// The start of the first range in nextExpectedRanges (["2097152-"], ["0-3276799"], ["2097152"]);
// nullopt when the body names none. Outlook's v2.0 endpoint has used both spellings.
std::optional<std::size_t> NextExpectedStart(std::string_view body) {
  auto parsed = ParseJson(body);
  if (!parsed) return std::nullopt;
  const json::array* ranges = JsonArray(*parsed, "nextExpectedRanges");
  if (ranges == nullptr) ranges = JsonArray(*parsed, "NextExpectedRanges");
  if (ranges == nullptr || ranges->empty() || !ranges->front().is_string()) return std::nullopt;
  const json::string& range = ranges->front().get_string();
  std::size_t start = 0;
  auto [end, ec] = std::from_chars(range.data(), range.data() + range.size(), start);
  if (ec != std::errc() || end == range.data()) return std::nullopt;
  return start;
}

std::string ContentRange(std::size_t begin, std::size_t end, std::size_t total) {
  return "bytes " + std::to_string(begin) + "-" + std::to_string(end - 1) + "/" +
         std::to_string(total);
}

}  // namespace

Status GraphMailClient::UploadAttachment(std::string_view mailbox, std::string_view message_id,
                                         const Attachment& a) {
  if (a.bytes.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "attachment '" + a.name + "' is empty; an upload session needs content");
  }
  std::size_t start = 0;
  auto upload_url = CreateUploadSession(mailbox, message_id, a, start);
  if (!upload_url) return Fail(upload_url.error());
  return PutChunks(*upload_url, a, start);
}

Result<std::string> GraphMailClient::CreateUploadSession(std::string_view mailbox,
                                                         std::string_view message_id,
                                                         const Attachment& a, std::size_t& start) {
  const std::string operation = "graph create upload session for '" + a.name + "'";
  GraphCall call{"POST", MessagePath(mailbox, message_id) + "/attachments/createUploadSession",
                 "application/json", ToJson(UploadSessionToGraphJson(a))};
  auto response = CallGraph(call, operation);
  if (!response) return Fail(response.error());
  auto parsed = ParseJson(response->body);
  auto upload_url = parsed ? JsonString(*parsed, "uploadUrl") : std::nullopt;
  if (!upload_url || upload_url->empty()) {
    return Fail(ErrorCode::kInternal, operation + ": response has no uploadUrl");
  }
  start = NextExpectedStart(response->body).value_or(0);
  return *upload_url;
}

Status GraphMailClient::PutChunks(const std::string& upload_url, const Attachment& a,
                                  std::size_t start) {
  const std::size_t total = a.bytes.size();
  const std::size_t chunk = options_.upload_chunk_bytes;
  // Each PUT must move forward except when the server asks for a range again; bound the loop so
  // a confused server cannot keep us uploading forever.
  const std::size_t max_puts = 2 * (total / chunk + 1) + 8;
  std::size_t offset = start;
  for (std::size_t puts = 0; puts < max_puts && offset < total; ++puts) {
    const std::size_t end = std::min(offset + chunk, total);
    auto response = PutChunk(upload_url, a, offset, end);
    if (!response) return Fail(response.error());
    if (response->status == 201) return Ok();  // Created: the attachment is complete
    offset = NextExpectedStart(response->body).value_or(end);
    if (offset >= total && end == total) return Ok();  // 200 on the last chunk, nothing missing
  }
  return Fail(ErrorCode::kUnavailable,
              "graph upload attachment '" + a.name + "': the upload session did not complete" +
                  (offset >= total ? " (server expects bytes past the end)" : ""));
}

Result<http::ClientResponse> GraphMailClient::PutChunk(const std::string& upload_url,
                                                       const Attachment& a, std::size_t begin,
                                                       std::size_t end) {
  const std::string operation = "graph upload attachment '" + a.name + "'";
  http::ClientRequest request;
  request.method = "PUT";
  request.url = upload_url;
  request.headers.Set("client-request-id", NewGuid(random_));
  request.headers.Set("Content-Type", "application/octet-stream");
  request.headers.Set("Content-Range", ContentRange(begin, end, a.bytes.size()));
  request.body = a.bytes.substr(begin, end - begin);
  request.timeout = options_.timeout;
  auto response = http_.Send(request);
  if (!response) {
    return Fail(
        internal::RedactUploadUrl(ClassifyTransportError(response.error(), operation), upload_url));
  }
  if (response->status >= 200 && response->status <= 299) return response;
  return Fail(internal::RedactUploadUrl(ClassifyGraphResponse(*response, operation), upload_url));
}

}  // namespace graphpost::graph
