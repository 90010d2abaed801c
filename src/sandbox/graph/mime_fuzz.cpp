// libFuzzer target: the sandbox's MIME reader and the Graph MIME submission path must never
// crash, hang or read out of bounds on arbitrary input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/base64.hpp"
#include "sandbox/graph/message_model.hpp"
#include "sandbox/graph/mime_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = graphpost::sandbox::graph::ParseMime(input);
  (void)parsed;
  auto addresses = graphpost::sandbox::graph::ParseAddressList(input);
  (void)addresses;
  auto message = graphpost::sandbox::graph::MessageFromMime(graphpost::Base64Encode(input));
  (void)message;
  return 0;
}
