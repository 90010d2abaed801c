#include "sandbox/graph/token_verifier.hpp"

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "crypto/jwt.hpp"

namespace graphpost::sandbox::graph {
namespace {

constexpr std::string_view kValidationFailure = "Access token validation failure.";

std::optional<std::string_view> BearerToken(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  std::string_view value = TrimAscii(*header);
  if (!AsciiIStartsWith(value, "bearer")) return std::nullopt;
  value = TrimAscii(value.substr(6));
  if (value.empty()) return std::nullopt;
  return value;
}

bool AudienceIsGraph(const json::value& payload) {
  auto aud = JsonString(payload, "aud");
  if (!aud) return false;
  std::string_view a = *aud;
  if (a.ends_with('/')) a.remove_suffix(1);
  return AsciiIEquals(a, kGraphResource) || AsciiIEquals(a, kGraphAppId);
}

// system_clock counts nanoseconds in 64 bits (until ~2262): a time claim beyond ±9e9 Unix
// seconds cannot be represented, so the token is refused instead of letting the arithmetic wrap.
constexpr long long kMaxUnixSeconds = 9'000'000'000LL;

enum class ClaimState { kAbsent, kInvalid, kPresent };

struct TimeClaim {
  ClaimState state = ClaimState::kAbsent;
  WallTime time{};
};

TimeClaim ReadTimeClaim(const json::value& payload, std::string_view name) {
  const json::value* v = payload.as_object().if_contains(name);
  if (v == nullptr) return {};
  auto seconds = JsonInt(payload, name);  // nullopt for non-integers and out-of-range numbers
  if (!seconds || *seconds > kMaxUnixSeconds || *seconds < -kMaxUnixSeconds) {
    return {ClaimState::kInvalid, {}};
  }
  return {ClaimState::kPresent, FromUnixSeconds(*seconds)};
}

// Entra's v1.0 issuer, or the v2.0 one, for the token's own tenant.
bool IssuerMatchesTenant(const json::value& payload, std::string_view tenant_id) {
  auto iss = JsonString(payload, "iss");
  if (!iss) return false;
  std::string tid(tenant_id);
  return AsciiIEquals(*iss, "https://sts.windows.net/" + tid + "/") ||
         AsciiIEquals(*iss, "https://login.microsoftonline.com/" + tid + "/v2.0");
}

GraphResult<AccessClaims> ReadClaims(const json::value& payload) {
  AccessClaims claims;
  auto tid = JsonString(payload, "tid");
  auto app = JsonString(payload, "appid");
  if (!app) app = JsonString(payload, "azp");
  TimeClaim exp = ReadTimeClaim(payload, "exp");
  TimeClaim nbf = ReadTimeClaim(payload, "nbf");
  TimeClaim iat = ReadTimeClaim(payload, "iat");
  if (!tid || !app || exp.state != ClaimState::kPresent || nbf.state == ClaimState::kInvalid ||
      iat.state == ClaimState::kInvalid) {
    return GraphFail(errors::TokenInvalid(std::string(kValidationFailure)));
  }
  if (!IssuerMatchesTenant(payload, *tid)) {
    return GraphFail(errors::TokenInvalid("Access token validation failure. Invalid issuer."));
  }
  claims.tenant_id = *tid;
  claims.app_id = *app;
  claims.expires = exp.time;
  claims.not_before = nbf.state == ClaimState::kPresent ? nbf.time : WallTime{};
  if (const json::array* roles = JsonArray(payload, "roles")) {
    for (const auto& r : *roles) {
      if (r.is_string()) claims.roles.emplace_back(r.get_string());
    }
  }
  return claims;
}

}  // namespace

GraphResult<AccessClaims> TokenVerifier::Verify(std::optional<std::string_view> authorization,
                                                WallTime now) {
  auto token = BearerToken(authorization);
  if (!token) return GraphFail(errors::TokenInvalid("Access token is empty."));
  std::optional<AccessClaims> claims = Cached(*token);
  if (!claims) {
    auto verified = VerifyUncached(*token);
    if (!verified) return GraphFail(verified.error());
    Remember(*token, *verified);
    claims = std::move(*verified);
  }
  // Strict: Microsoft's validators allow 5 minutes of clock skew; the sandbox does not, so
  // expiry tests are exact.
  if (now >= claims->expires) {
    return GraphFail(errors::TokenInvalid("Lifetime validation failed, the token is expired."));
  }
  if (now < claims->not_before) {
    return GraphFail(errors::TokenInvalid("Access token has expired or is not yet valid."));
  }
  return std::move(*claims);
}

GraphResult<AccessClaims> TokenVerifier::VerifyUncached(std::string_view token) const {
  if (token.find('.') == std::string_view::npos) {
    return GraphFail(
        errors::TokenInvalid("IDX14100: JWT is not well formed, there are no dots (.)."));
  }
  auto jwt = crypto::ParseJwt(token);
  if (!jwt || !crypto::VerifyJwtSignature(*jwt, key_.key)) {
    return GraphFail(errors::TokenInvalid(std::string(kValidationFailure)));
  }
  if (!AudienceIsGraph(jwt->payload)) {
    return GraphFail(errors::TokenInvalid("Access token validation failure. Invalid audience."));
  }
  return ReadClaims(jwt->payload);
}

std::optional<AccessClaims> TokenVerifier::Cached(std::string_view token) {
  std::lock_guard lock(mu_);
  auto it = cache_.find(token);
  if (it == cache_.end()) return std::nullopt;
  return it->second;
}

void TokenVerifier::Remember(std::string_view token, const AccessClaims& claims) {
  std::lock_guard lock(mu_);
  // Tokens live an hour or so; starting over when full is simpler than LRU and bounds memory.
  if (cache_.size() >= capacity_) cache_.clear();
  cache_.insert_or_assign(std::string(token), claims);
}

}  // namespace graphpost::sandbox::graph
