// SealedTokenStore: sealed token files; see sealed_token_store.hpp.
#include "app/sealed_token_store.hpp"

#include <utility>

#include <boost/json.hpp>

#include "core/base64.hpp"
#include "core/files.hpp"
#include "core/json.hpp"

namespace graphpost::app {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr std::size_t kMaxFileBytes = 64 * 1024;  // a token is a few KB

long long EpochMs(system_clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

system_clock::time_point FromEpochMs(long long ms) {
  return system_clock::time_point(
      std::chrono::duration_cast<system_clock::duration>(milliseconds(ms)));
}

// The clear text that gets sealed: the token and its metadata as JSON.
Secret Serialize(const auth::StoredToken& token) {
  json::array roles;
  for (const auto& r : token.roles) roles.emplace_back(r);
  return Secret(ToJson(json::object{{"v", 1},
                                    {"accessToken", token.value.Reveal()},
                                    {"obtainedAtMs", EpochMs(token.obtained_at)},
                                    {"expiresAtMs", EpochMs(token.expires_at)},
                                    {"roles", std::move(roles)},
                                    {"tenantId", token.tenant_id}}));
}

Result<auth::StoredToken> Deserialize(const Secret& text, const fs::path& file) {
  auto parsed = ParseJson(text.Reveal());
  auto value = parsed ? JsonString(*parsed, "accessToken") : std::nullopt;
  auto obtained = parsed ? JsonInt(*parsed, "obtainedAtMs") : std::nullopt;
  auto expires = parsed ? JsonInt(*parsed, "expiresAtMs") : std::nullopt;
  if (!value || !obtained || !expires || JsonInt(*parsed, "v") != 1) {
    return Fail(ErrorCode::kInvalidArgument, "token cache: " + file.string() + " is not a token");
  }
  auth::StoredToken token{.value = Secret(std::move(*value)),
                          .obtained_at = FromEpochMs(*obtained),
                          .expires_at = FromEpochMs(*expires),
                          .tenant_id = JsonString(*parsed, "tenantId").value_or("")};
  if (const json::array* roles = JsonArray(*parsed, "roles")) {
    for (const auto& r : *roles) {
      if (r.is_string()) token.roles.emplace_back(r.as_string());
    }
  }
  return token;
}

// The sealed text of `file`; nullopt when there is none yet.
Result<std::optional<std::string>> ReadSealedFile(const fs::path& file) {
  auto text = ReadOwnerOnlyFile(file, kMaxFileBytes);
  if (!text && text.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
  if (!text) return Fail(text.error().code, "token cache: " + text.error().message);
  return std::optional<std::string>(std::move(*text));
}

}  // namespace

SealedTokenStore::SealedTokenStore(fs::path dir, connections::SecretVault vault)
    : dir_(std::move(dir)), vault_(std::move(vault)) {}

std::string SealedTokenStore::NameFor(const std::string& key) const {
  return vault_.Fingerprint("graphpost token cache v1\n" + key).substr(0, 40);
}

fs::path SealedTokenStore::FileFor(const std::string& key) const {
  return dir_ / (NameFor(key) + ".token");
}

Result<std::optional<auth::StoredToken>> SealedTokenStore::Load(const std::string& key) {
  const fs::path file = FileFor(key);
  auto text = ReadSealedFile(file);
  if (!text) return Fail(text.error());
  if (!text->has_value()) return std::optional<auth::StoredToken>();
  auto sealed = Base64Decode(**text);
  if (!sealed) {
    return Fail(ErrorCode::kInvalidArgument, "token cache: " + file.string() + " is corrupted");
  }
  auto opened = vault_.Open(*sealed, NameFor(key));
  if (!opened) return Fail(opened.error());
  auto token = Deserialize(*opened, file);
  if (!token) return Fail(token.error());
  return std::optional<auth::StoredToken>(std::move(*token));
}

Status SealedTokenStore::Save(const std::string& key, const auth::StoredToken& token) {
  if (auto dir = EnsureDirectory(dir_, fs::perms::owner_all); !dir) return dir;
  auto sealed = vault_.Seal(Serialize(token), NameFor(key));
  if (!sealed) return Fail(sealed.error());
  // Of two processes saving at once the last rename wins; both tokens are valid.
  return WriteFileAtomic(FileFor(key), Base64Encode(*sealed) + "\n", kOwnerOnly);
}

}  // namespace graphpost::app
