// auth/client_credentials.hpp — app-only tokens from the Entra v2 token endpoint (OAuth2 client
// credentials), with a client secret or a certificate (signed client assertion). TokenCache holds
// one entry per credential shared by every provider using it; ClientCredentialsTokenProvider is the
// TokenProvider bound to one credential. Both are thread-safe; the cache must outlive its
// providers, and the transport, clock and random must outlive the cache.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auth/token_provider.hpp"
#include "auth/token_response.hpp"  // ParseTokenResponse, the one Entra error table
#include "auth/token_store.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "http/http_transport.hpp"

namespace graphpost::auth {

struct AppCredential {
  std::string login_base = "https://login.microsoftonline.com";  // or the sandbox base URL
  std::string tenant;                                            // GUID or domain
  std::string client_id;
  Secret client_secret;         // either this...
  std::string certificate_pem;  // ...or certificate + private key (client assertion, PS256 +
  Secret private_key_pem;       //    x5t#S256)
  std::string scope = "https://graph.microsoft.com/.default";
};

struct TokenCacheOptions {
  // Refresh this long before expiry, like msal (at most half the token's lifetime, so a
  // short-lived token is not refreshed on every call).
  std::chrono::seconds refresh_ahead{300};
  // Back-off after a retryable token-endpoint failure: min_backoff doubling per consecutive
  // failure up to max_backoff, plus up to 50% jitter, and at least Retry-After.
  std::chrono::seconds min_backoff{1}, max_backoff{60};
  std::chrono::seconds request_timeout{30};  // per token request
};

// One entry per (login_base, tenant, client_id, scope, credential fingerprint = SHA-256 of the
// secret or the certificate's SHA-256 thumbprint). Single flight per entry: concurrent Get()s
// for the same entry wait for one request. With a TokenStore, an entry's first Get() loads the
// stored token (used while it is valid, by the same refresh rules) and every new token is saved.
class TokenCache {
 public:
  // `store` may be null (memory only); when given it must outlive the cache.
  TokenCache(http::HttpTransport& http, Clock& clock, Random& random,
             TokenCacheOptions options = {}, TokenStore* store = nullptr);
  ~TokenCache();
  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  // A token for `credential`: the cached one while it is fresh, else a new one from the token
  // endpoint (POST <login_base>/<tenant>/oauth2/v2.0/token). A still-valid token is served while
  // another caller refreshes it or the endpoint is backing off. Errors: kInvalidArgument for an
  // unusable credential (no secret and no certificate, both, bad PEM, key not matching the
  // certificate, malformed tenant) without any request; Entra failures as in token_response.hpp;
  // transport failures (kUnavailable, kDeadlineExceeded) as they come. After a kThrottled /
  // kUnavailable / kDeadlineExceeded failure, calls inside the back-off window return the same
  // error (retry_after = the time left) without a request; a success ends the back-off.
  [[nodiscard]] Result<AccessToken> Get(const AppCredential& credential);

  // Drops the cached token of `credential` if it equals `rejected`; otherwise does nothing.
  void Invalidate(const AppCredential& credential, const Secret& rejected);

  // Requests sent to token endpoints so far (all entries).
  std::size_t token_requests() const;

 private:
  struct Entry;

  Entry& EntryFor(const std::string& key);  // requires mu_
  // What the entry can answer without a request (a token or the back-off error); requires mu_.
  std::optional<Result<AccessToken>> Serve(const Entry& entry,
                                           std::chrono::steady_clock::time_point now) const;
  // Asks the token endpoint; `started` is when the request began (expiry counts from then).
  [[nodiscard]] Result<AccessToken> Fetch(const AppCredential& credential,
                                          std::chrono::steady_clock::time_point started);
  // Stores a flight's outcome and wakes its waiters; requires mu_.
  void Record(Entry& entry, const Result<AccessToken>& result,
              std::chrono::steady_clock::time_point started);
  // Fills an entry from the store on its first use; requires mu_.
  void LoadStored(Entry& entry, const std::string& key);
  // Saves a new token to the store (best effort); called without mu_.
  void Persist(const std::string& key, const AccessToken& token,
               std::chrono::steady_clock::time_point started);

  http::HttpTransport& http_;
  Clock& clock_;
  Random& random_;
  const TokenCacheOptions options_;
  TokenStore* const store_;  // may be null
  std::atomic<std::size_t> token_requests_{0};
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;  // Guarded by mu_.
};

// The back-off window after `failures` (>= 1) consecutive retryable failures: min_backoff doubled
// per earlier failure, plus a jitter of up to half of that drawn from `random`, capped at
// max_backoff. (Retry-After, when longer, wins; the cache applies that.)
std::chrono::milliseconds TokenBackoff(int failures, const TokenCacheOptions& options,
                                       Random& random);

// A TokenProvider bound to one credential in a shared cache.
class ClientCredentialsTokenProvider final : public TokenProvider {
 public:
  ClientCredentialsTokenProvider(TokenCache& cache, AppCredential credential);
  [[nodiscard]] Result<AccessToken> GetToken() override;
  void Invalidate(const Secret& rejected) override;

 private:
  TokenCache& cache_;
  const AppCredential credential_;
};

}  // namespace graphpost::auth
