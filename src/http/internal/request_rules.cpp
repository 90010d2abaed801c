#include "http/internal/request_rules.hpp"

#include "core/ascii.hpp"

namespace graphpost::http::internal {

bool TransferEncodingAcceptable(const std::vector<std::string_view>& values) {
  if (values.empty()) return true;
  int codings = 0;
  bool chunked_only = true;
  for (std::string_view value : values) {
    for (std::string_view coding : Split(value, ',')) {
      coding = TrimAscii(coding);
      if (coding.empty()) continue;  // RFC 9110 §5.6.1: empty list elements do not count
      ++codings;
      chunked_only = chunked_only && AsciiIEquals(coding, "chunked");
    }
  }
  return codings == 1 && chunked_only;
}

bool HostFieldsAcceptable(unsigned version, std::size_t host_fields) {
  return version >= 11 ? host_fields == 1 : host_fields <= 1;
}

bool BodyProgress::StalledAt(std::uint64_t received_total) {
  const bool stalled = received_total - at_last_check_ < min_bytes_;
  at_last_check_ = received_total;
  return stalled;
}

}  // namespace graphpost::http::internal
