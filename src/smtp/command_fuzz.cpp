// libFuzzer target: parsing an untrusted SMTP command line must never crash, hang or read out of
// bounds, and a refusal is always a one-line 5xx reply with an enhanced code. The first byte
// picks a verb prefix so the fuzzer reaches the MAIL / RCPT / BDAT / AUTH grammars quickly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtp/command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kPrefixes[] = {
      "", "MAIL FROM:", "RCPT TO:", "BDAT ", "AUTH ", "EHLO ", "mail from:<", "rcpt to:<"};
  std::string line(kPrefixes[data[0] % std::size(kPrefixes)]);
  line.append(reinterpret_cast<const char*>(data + 1), size - 1);
  auto command = graphpost::smtp::ParseCommand(line);
  if (!command) {
    const auto& reply = command.error().reply;
    if (reply.code < 500 || reply.code > 599 || reply.enhanced.empty()) __builtin_trap();
    if (reply.text.find('\n') != std::string::npos || reply.text.find('\r') != std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
