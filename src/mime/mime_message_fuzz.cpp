// Fuzzes the four MIME functions on arbitrary bytes. None may crash or run long (the part scan is
// bounded: kMaxMultipartDepth, kMaxParts); on top, the properties that make them safe to put in
// front of Graph abort when broken:
// - EnsureMessageId only ever prepends one line, and InspectMime then reads the id it returned;
// - AlignRecipients leaves a readable header and the body byte for byte, or the input unchanged;
// - SplitForDraft's draft fits the limit and still has a readable header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mime/mime_message.hpp"

namespace {

using namespace graphpost::mime;

void Check(bool ok) {
  if (!ok) std::abort();
}

void FuzzEnsureMessageId(const std::string& mime, bool inspectable) {
  std::string id;
  const std::string out = EnsureMessageId(mime, "gw.example", "f", &id);
  Check(out == mime || out == "Message-ID: <f@gw.example>\r\n" + mime ||
        out == "Message-ID: <f@gw.example>\n" + mime);
  if (!inspectable) return;
  auto summary = InspectMime(out);
  Check(summary && summary->message_id == id);
}

void FuzzAlignRecipients(const std::string& mime, const MimeSummary& summary) {
  // An envelope that keeps some header addresses, drops others and adds one.
  std::vector<std::string> envelope = {"extra@fuzz.example"};
  for (std::size_t i = 0; i < summary.to.size(); i += 2) envelope.push_back(summary.to[i].address);
  for (const HeaderAddress& a : summary.bcc) envelope.push_back(a.address);
  auto aligned = AlignRecipients(mime, envelope);
  Check(aligned.has_value());
  if (!aligned->changed) {
    Check(aligned->mime == mime);
    return;
  }
  auto after = InspectMime(aligned->mime);
  Check(after.has_value());
  Check(aligned->mime.substr(after->header_bytes) == mime.substr(summary.header_bytes));
}

void FuzzSplitForDraft(const std::string& mime) {
  const std::size_t limit = Base64Size(mime.size() / 2);
  auto split = SplitForDraft(mime, limit);
  if (!split) return;
  Check(Base64Size(split->draft_mime.size()) <= limit);
  Check(InspectMime(split->draft_mime).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string mime(reinterpret_cast<const char*>(data), size);
  auto summary = InspectMime(mime);
  if (summary) Check(summary->header_bytes <= mime.size());
  FuzzEnsureMessageId(mime, summary.has_value());
  if (summary) FuzzAlignRecipients(mime, *summary);
  FuzzSplitForDraft(mime);
  return 0;
}
