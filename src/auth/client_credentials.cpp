#include "auth/client_credentials.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "auth/token_request.hpp"
#include "core/redact.hpp"

namespace graphpost::auth {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct TokenCache::Entry {
  std::optional<AccessToken> token;
  steady_clock::time_point refresh_at;  // when a new token should be fetched
  bool in_flight = false;               // one caller is asking the token endpoint
  bool loaded = false;                  // the TokenStore was consulted
  std::uint64_t flights_completed = 0;
  std::optional<Error> last_error;  // of the last flight; shared with the callers that waited
  int failures = 0;                 // consecutive retryable failures
  std::optional<Error> backoff_error;
  steady_clock::time_point backoff_until;
  std::condition_variable changed;  // a flight completed
};

namespace {

// The refresh point: refresh_ahead before expiry, but never in the first half of the lifetime.
steady_clock::time_point RefreshAt(const AccessToken& token, steady_clock::time_point obtained,
                                   std::chrono::seconds refresh_ahead) {
  steady_clock::duration lifetime = token.expires_at - obtained;
  steady_clock::duration ahead = std::min<steady_clock::duration>(refresh_ahead, lifetime / 2);
  return token.expires_at - ahead;
}

// The same error, with retry_after telling how long the back-off still lasts (at least 1 s).
Error BackoffError(Error error, steady_clock::duration left) {
  auto seconds = std::chrono::ceil<std::chrono::seconds>(left);
  error.retry_after = std::max(seconds, std::chrono::seconds{1});
  return error;
}

// Defence in depth: a token endpoint (or proxy) that echoes the request must not put the client
// secret into an error message.
Error Scrub(Error error, const AppCredential& credential) {
  return RedactError(std::move(error), credential.client_secret.Reveal());
}

}  // namespace

milliseconds TokenBackoff(int failures, const TokenCacheOptions& options, Random& random) {
  milliseconds cap = options.max_backoff;
  milliseconds base = options.min_backoff;
  for (int i = 1; i < failures && base < cap; ++i) base *= 2;
  base = std::min(base, cap);
  auto half = static_cast<std::uint64_t>(base.count() / 2);
  milliseconds jitter{static_cast<milliseconds::rep>(random.Uniform(0, half))};
  return std::min(base + jitter, cap);
}

TokenCache::TokenCache(http::HttpTransport& http, Clock& clock, Random& random,
                       TokenCacheOptions options, TokenStore* store)
    : http_(http), clock_(clock), random_(random), options_(options), store_(store) {}

TokenCache::~TokenCache() = default;

Result<AccessToken> TokenCache::Get(const AppCredential& credential) {
  auto key = CredentialCacheKey(credential);
  if (!key) return Fail(key.error());
  std::unique_lock lock(mu_);
  Entry& entry = EntryFor(*key);
  if (!entry.loaded) LoadStored(entry, *key);
  for (;;) {
    if (auto served = Serve(entry, clock_.MonotonicNow())) return *std::move(served);
    if (!entry.in_flight) break;
    std::uint64_t flight = entry.flights_completed;
    entry.changed.wait(lock, [&] { return entry.flights_completed != flight; });
    if (entry.last_error) return Fail(*entry.last_error);
  }
  entry.in_flight = true;
  steady_clock::time_point started = clock_.MonotonicNow();
  lock.unlock();
  Result<AccessToken> result = Fetch(credential, started);
  if (result) Persist(*key, *result, started);
  lock.lock();
  Record(entry, result, started);
  bool still_valid = entry.token && clock_.MonotonicNow() < entry.token->expires_at;
  if (!result && still_valid) return *entry.token;  // a failed early refresh; the token works
  return result;
}

void TokenCache::Invalidate(const AppCredential& credential, const Secret& rejected) {
  auto key = CredentialCacheKey(credential);
  if (!key) return;
  std::lock_guard lock(mu_);
  auto it = entries_.find(*key);
  if (it == entries_.end()) return;
  std::optional<AccessToken>& token = it->second->token;
  if (token && token->value == rejected) token.reset();
}

void TokenCache::LoadStored(Entry& entry, const std::string& key) {
  entry.loaded = true;
  if (store_ == nullptr) return;
  auto stored = store_->Load(key);
  if (!stored || !stored->has_value()) return;  // unreadable or absent: ask the endpoint
  const StoredToken& token = **stored;
  const auto wall_now = clock_.WallNow();
  if (token.expires_at <= wall_now || token.obtained_at > wall_now) return;
  // Steady time from wall time: the same distances from now.
  const steady_clock::time_point now = clock_.MonotonicNow();
  const steady_clock::time_point obtained =
      now - std::chrono::duration_cast<steady_clock::duration>(wall_now - token.obtained_at);
  AccessToken access{.value = token.value,
                     .expires_at = now + std::chrono::duration_cast<steady_clock::duration>(
                                             token.expires_at - wall_now),
                     .roles = token.roles,
                     .tenant_id = token.tenant_id};
  entry.refresh_at = RefreshAt(access, obtained, options_.refresh_ahead);
  entry.token = std::move(access);
}

void TokenCache::Persist(const std::string& key, const AccessToken& token,
                         steady_clock::time_point started) {
  if (store_ == nullptr) return;
  const auto wall_now = clock_.WallNow();
  const steady_clock::time_point now = clock_.MonotonicNow();
  auto to_wall = [&](steady_clock::time_point t) {
    return wall_now + std::chrono::duration_cast<std::chrono::system_clock::duration>(t - now);
  };
  StoredToken stored{.value = token.value,
                     .obtained_at = to_wall(started),
                     .expires_at = to_wall(token.expires_at),
                     .roles = token.roles,
                     .tenant_id = token.tenant_id};
  (void)store_->Save(key, stored);  // best effort: the token serves this process either way
}

std::size_t TokenCache::token_requests() const { return token_requests_.load(); }

TokenCache::Entry& TokenCache::EntryFor(const std::string& key) {
  std::unique_ptr<Entry>& entry = entries_[key];
  if (!entry) entry = std::make_unique<Entry>();
  return *entry;
}

std::optional<Result<AccessToken>> TokenCache::Serve(const Entry& entry,
                                                     steady_clock::time_point now) const {
  bool valid = entry.token && now < entry.token->expires_at;
  if (valid && (now < entry.refresh_at || entry.in_flight)) return *entry.token;
  if (entry.backoff_error && now < entry.backoff_until) {
    if (valid) return *entry.token;
    return Fail(BackoffError(*entry.backoff_error, entry.backoff_until - now));
  }
  return std::nullopt;
}

Result<AccessToken> TokenCache::Fetch(const AppCredential& credential,
                                      steady_clock::time_point started) {
  auto request = BuildTokenRequest(credential, clock_.WallNow(), random_);
  if (!request) return Fail(request.error());
  request->timeout = options_.request_timeout;
  ++token_requests_;
  auto response = http_.Send(*request);
  if (!response) {
    Error error = response.error();
    error.message = "Entra token endpoint: " + error.message;
    return Fail(Scrub(std::move(error), credential));
  }
  auto token = ParseTokenResponse(*response, started);
  if (!token) return Fail(Scrub(token.error(), credential));
  return token;
}

void TokenCache::Record(Entry& entry, const Result<AccessToken>& result,
                        steady_clock::time_point started) {
  entry.in_flight = false;
  ++entry.flights_completed;
  entry.changed.notify_all();
  if (result) {
    entry.token = *result;
    entry.refresh_at = RefreshAt(*result, started, options_.refresh_ahead);
    entry.last_error.reset();
    entry.failures = 0;
    entry.backoff_error.reset();
    return;
  }
  entry.last_error = result.error();
  if (!IsRetryable(result.error())) return;
  ++entry.failures;
  milliseconds window = TokenBackoff(entry.failures, options_, random_);
  if (result.error().retry_after) {
    window = std::max<milliseconds>(window, *result.error().retry_after);
  }
  entry.backoff_error = result.error();
  entry.backoff_until = clock_.MonotonicNow() + window;
}

ClientCredentialsTokenProvider::ClientCredentialsTokenProvider(TokenCache& cache,
                                                               AppCredential credential)
    : cache_(cache), credential_(std::move(credential)) {}

Result<AccessToken> ClientCredentialsTokenProvider::GetToken() { return cache_.Get(credential_); }

void ClientCredentialsTokenProvider::Invalidate(const Secret& rejected) {
  cache_.Invalidate(credential_, rejected);
}

}  // namespace graphpost::auth
