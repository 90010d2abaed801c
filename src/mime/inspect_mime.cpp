// InspectMime and EnsureMessageId: reading the top-level header, adding a Message-ID.
#include "mime/internal/gmime_glue.hpp"
#include "mime/internal/header_block.hpp"
#include "mime/mime_message.hpp"

namespace graphpost::mime {
namespace {

using internal::EqualsIgnoreCase;
using internal::HeaderBlock;
using internal::HeaderField;

// Every mailbox of every field named `name` (duplicate To headers add up).
std::vector<HeaderAddress> AddressesOf(const HeaderBlock& block, std::string_view name) {
  std::vector<HeaderAddress> out;
  for (const HeaderField& field : block.fields) {
    if (!EqualsIgnoreCase(field.name, name)) continue;
    std::vector<HeaderAddress> more = internal::ParseAddresses(internal::Unfold(field.raw_value));
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

// "<...>" out of a Message-ID value when it has angle brackets, else the value trimmed.
std::string MessageIdAsWritten(std::string_view raw_value) {
  const std::string value = internal::Unfold(raw_value);
  const std::size_t open = value.find('<');
  if (open == std::string::npos) return value;
  const std::size_t close = value.find('>', open);
  if (close == std::string::npos) return value;
  return value.substr(open, close - open + 1);
}

}  // namespace

Result<MimeSummary> InspectMime(std::string_view mime) {
  auto block = internal::ScanMessageHeader(mime);
  if (!block) return Fail(block.error());
  MimeSummary summary;
  summary.from = AddressesOf(*block, "From");
  summary.sender = AddressesOf(*block, "Sender");
  summary.to = AddressesOf(*block, "To");
  summary.cc = AddressesOf(*block, "Cc");
  summary.bcc = AddressesOf(*block, "Bcc");
  summary.reply_to = AddressesOf(*block, "Reply-To");
  if (const HeaderField* subject = internal::FindField(*block, "Subject")) {
    summary.subject = internal::DecodeHeaderText(internal::Unfold(subject->raw_value));
  }
  if (const HeaderField* id = internal::FindField(*block, "Message-ID")) {
    summary.message_id = MessageIdAsWritten(id->raw_value);
  }
  summary.header_bytes = block->body_begin;
  return summary;
}

std::string EnsureMessageId(std::string_view mime, std::string_view domain, std::string_view unique,
                            std::string* message_id) {
  // Lenient on purpose (this has no error to return): a header that fails InspectMime's checks
  // still gets an id unless a Message-ID field precedes the first line that is not a field.
  const HeaderBlock block = internal::ScanPartHeader(mime);
  if (const HeaderField* existing = internal::FindField(block, "Message-ID")) {
    if (message_id != nullptr) *message_id = MessageIdAsWritten(existing->raw_value);
    return std::string(mime);
  }
  // The new line ends like the message's first line, so a bare-LF message stays consistent.
  const std::size_t lf = mime.find('\n');
  const bool bare_lf = lf != std::string_view::npos && (lf == 0 || mime[lf - 1] != '\r');
  std::string id = "<" + std::string(unique) + "@" + std::string(domain) + ">";
  std::string out = "Message-ID: " + id + (bare_lf ? "\n" : "\r\n");
  out += mime;
  if (message_id != nullptr) *message_id = std::move(id);
  return out;
}

}  // namespace graphpost::mime
