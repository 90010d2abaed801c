// The console admin token file (docs/console.md, "Signing in").
#include "console/console_token.hpp"

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/files.hpp"
#include "crypto/digest.hpp"

namespace graphpost::console {
namespace {

constexpr std::size_t kTokenBytes = 32;  // 256 bits: not guessable, not worth rate-limiting alone

Secret MakeToken(Random& random) {
  return Secret("gpc_" + Base64UrlEncode(random.Bytes(kTokenBytes)));
}

bool IsHexHash(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

}  // namespace

std::string HashConsoleToken(std::string_view token_text) {
  return crypto::HexLower(crypto::Sha256(token_text));
}

Result<std::optional<Secret>> EnsureConsoleToken(const std::filesystem::path& path,
                                                 Random& random) {
  Secret token = MakeToken(random);
  Status created = CreateFileAtomic(path, HashConsoleToken(token.Reveal()) + "\n", kOwnerOnly);
  if (created) return std::optional<Secret>(std::move(token));
  if (created.error().code == ErrorCode::kAlreadyExists) return std::optional<Secret>();
  return Fail(created.error());
}

Result<Secret> ResetConsoleToken(const std::filesystem::path& path, Random& random) {
  Secret token = MakeToken(random);
  Status written = WriteFileAtomic(path, HashConsoleToken(token.Reveal()) + "\n", kOwnerOnly);
  if (!written) return Fail(written.error());
  return token;
}

Result<std::string> ReadConsoleTokenHash(const std::filesystem::path& path) {
  auto text = ReadOwnerOnlyFile(path, 1024);
  if (!text) return Fail(text.error());
  const std::string_view hash = TrimAscii(*text);
  if (!IsHexHash(hash)) {
    return Fail(ErrorCode::kFailedPrecondition,
                path.string() +
                    " does not hold a console token hash; run `graphpost console "
                    "reset-token` to make a new token");
  }
  return std::string(hash);
}

}  // namespace graphpost::console
