// Fuzzes ParseJwt with arbitrary bytes and, when a token parses, VerifyJwtSignature against one
// fixed key. Both must return a Result for every input: no crash, leak or UB.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/jwt.hpp"

namespace {

const graphpost::crypto::Key& FixedKey() {
  static const graphpost::crypto::Key key = [] {
    auto generated = graphpost::crypto::Key::GenerateRsa(2048);
    if (!generated) std::abort();
    return generated->PublicOnly();
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view token(reinterpret_cast<const char*>(data), size);
  auto parsed = graphpost::crypto::ParseJwt(token);
  if (parsed) (void)graphpost::crypto::VerifyJwtSignature(*parsed, FixedKey());
  return 0;
}
