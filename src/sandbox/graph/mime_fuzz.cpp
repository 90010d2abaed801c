// libFuzzer target: the sandbox's MIME reader, its byte-exact MIME edits and the Graph MIME
// submission path must never crash, hang or read out of bounds on arbitrary input, and the text
// the reader returns is always valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/base64.hpp"
#include "sandbox/graph/message_model.hpp"
#include "sandbox/graph/mime_codec.hpp"
#include "sandbox/graph/mime_reader.hpp"
#include "sandbox/graph/mime_splice.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace graph = graphpost::sandbox::graph;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = graph::ParseMime(input);
  // Every text field is valid UTF-8, whatever the input bytes (the state file is JSON).
  if (parsed && (!graph::IsValidUtf8(parsed->subject) || !graph::IsValidUtf8(parsed->text_body) ||
                 !graph::IsValidUtf8(parsed->html_body))) {
    __builtin_trap();
  }
  auto addresses = graph::ParseAddressList(input);
  (void)addresses;
  auto message = graph::MessageFromMime(graphpost::Base64Encode(input));
  (void)message;
  std::string without_bcc = graph::RemoveHeaderField(input, "Bcc");
  // Removing a field removes bytes only; the edits keep the rest of the input.
  if (without_bcc.size() > input.size()) __builtin_trap();
  auto with_id = graph::SetHeaderField(input, "Message-ID", "<fuzz@sandbox>");
  if (!graph::HasHeaderField(with_id, "Message-ID")) __builtin_trap();
  auto mixed = graph::AddMixedParts(input, {{"Content-Type: a/b\r\n\r\nx\r\n"}});
  (void)mixed;
  return 0;
}
