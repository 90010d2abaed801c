#include "console/console_token.hpp"

#include "core/base64.hpp"
#include "core/files.hpp"
#include "crypto/digest.hpp"

namespace graphpost::console {
namespace {

std::string NewToken(Random& random) { return "gpc_" + Base64UrlEncode(random.Bytes(32)); }

std::string HashOf(const std::string& token) { return crypto::HexLower(crypto::Sha256(token)); }

}  // namespace

Result<std::optional<std::string>> EnsureConsoleToken(const std::filesystem::path& path,
                                                      Random& random) {
  std::string token = NewToken(random);
  auto created = CreateFileAtomic(path, HashOf(token) + "\n", kOwnerOnly);
  if (created) return std::optional<std::string>(std::move(token));
  if (created.error().code == ErrorCode::kAlreadyExists) return std::optional<std::string>();
  return Fail(created.error());
}

Result<std::string> ResetConsoleToken(const std::filesystem::path& path, Random& random) {
  std::string token = NewToken(random);
  if (auto written = WriteFileAtomic(path, HashOf(token) + "\n", kOwnerOnly); !written) {
    return Fail(written.error());
  }
  return token;
}

Result<std::string> ReadConsoleTokenHash(const std::filesystem::path& path) {
  auto text = ReadOwnerOnlyFile(path, 256);
  if (!text) return Fail(text.error());
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  return *text;
}

}  // namespace graphpost::console
