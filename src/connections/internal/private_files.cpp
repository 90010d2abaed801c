// Owner-only files; see private_files.hpp.
#include "connections/internal/private_files.hpp"

#include <string>

#include "core/base64.hpp"
#include "core/files.hpp"

namespace graphpost::connections::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxKeyFileSize = 4096;

// The key file's text (kNotFound "no key file ..." when missing).
Result<Secret> ReadKeyFile(const fs::path& file) {
  auto text = ReadOwnerOnlyFile(file, kMaxKeyFileSize);
  if (!text && text.error().code == ErrorCode::kNotFound) {
    return Fail(ErrorCode::kNotFound, "no key file " + file.string());
  }
  if (!text) return Fail(text.error());
  return Secret(std::move(*text));
}

// Writes base64 of `key_size` random bytes as the key file, unless a concurrent creator was
// first: its key then wins, for every process alike.
Status CreateKeyFile(const fs::path& file, Random& random, std::size_t key_size) {
  Secret content(Base64Encode(random.Bytes(key_size)) + "\n");
  Status created = CreateFileAtomic(file, content.Reveal(), kOwnerOnly);
  if (!created && created.error().code != ErrorCode::kAlreadyExists) {
    return Fail(created.error().code, "cannot create the key file: " + created.error().message);
  }
  return Ok();
}

}  // namespace

Result<Secret> LoadKeyFile(const fs::path& file) { return ReadKeyFile(file); }

Result<Secret> LoadOrCreateKeyFile(const fs::path& file, Random& random, std::size_t key_size) {
  if (auto dir = EnsureDirectory(file.parent_path(), fs::perms::owner_all); !dir) {
    return Fail(dir.error());
  }
  auto existing = ReadKeyFile(file);
  if (existing || existing.error().code != ErrorCode::kNotFound) return existing;
  if (auto created = CreateKeyFile(file, random, key_size); !created) return Fail(created.error());
  return ReadKeyFile(file);
}

}  // namespace graphpost::connections::internal
