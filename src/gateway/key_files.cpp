#include "gateway/key_files.hpp"

#include <future>

#include "core/files.hpp"

namespace graphpost::gateway {
namespace {

constexpr std::size_t kMaxKeyFileBytes = 256;

bool Matches(const outbox::ApiKeyRecord& key, const api::ApiKeySpec& spec) {
  return !key.revoked && key.admin == spec.admin && key.connections == spec.connections;
}

bool StillValid(outbox::OutboxStore& outbox, const std::filesystem::path& file,
                const api::ApiKeySpec& spec) {
  auto text = ReadOwnerOnlyFile(file, kMaxKeyFileBytes);
  if (!text) return false;
  auto found = outbox.FindApiKeyByHash(api::HashApiKey(*text));
  return found && *found && Matches(**found, spec);
}

}  // namespace

Result<bool> EnsureKeyFile(outbox::OutboxStore& outbox, Clock& clock, Random& random,
                           const std::filesystem::path& file, const api::ApiKeySpec& spec) {
  if (StillValid(outbox, file, spec)) return false;
  auto key = api::MakeApiKey(random, clock, spec);
  std::promise<Status> stored;
  outbox.PutApiKey(key.record, [&stored](Status s) { stored.set_value(std::move(s)); });
  if (auto s = stored.get_future().get(); !s) {
    return Fail(s.error().code, "outbox: " + s.error().message);
  }
  if (auto written = WriteFileAtomic(file, key.text.Reveal(), kOwnerOnly); !written) {
    return Fail(written.error());
  }
  return true;
}

}  // namespace graphpost::gateway
