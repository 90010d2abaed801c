#include "sandbox/identity/client_assertion.hpp"

#include <algorithm>
#include <cmath>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/json.hpp"
#include "crypto/digest.hpp"
#include "crypto/jwt.hpp"
#include "crypto/keys.hpp"

namespace graphpost::sandbox::identity {
namespace {

// system_clock counts nanoseconds in 64 bits: keep Unix seconds well inside its range (~2262).
constexpr long long kMaxUnixSeconds = 9'000'000'000LL;

enum class ClaimState { kAbsent, kMalformed, kPresent };

struct NumericClaim {
  ClaimState state = ClaimState::kAbsent;
  WallTime time;
};

NumericClaim ReadTimeClaim(const json::value& payload, std::string_view key) {
  const json::object& object = payload.as_object();
  auto it = object.find(key);
  if (it == object.end()) return {};
  const json::value& v = it->value();
  double seconds = 0;
  if (v.is_int64()) {
    seconds = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    seconds = static_cast<double>(v.get_uint64());
  } else if (v.is_double() && std::isfinite(v.get_double())) {
    seconds = std::floor(v.get_double());
  } else {
    return {ClaimState::kMalformed, {}};
  }
  double clamped = std::clamp(seconds, -static_cast<double>(kMaxUnixSeconds),
                              static_cast<double>(kMaxUnixSeconds));
  return {ClaimState::kPresent, FromUnixSeconds(static_cast<long long>(clamped))};
}

struct Thumbprint {
  std::string bytes;
  bool sha256 = false;
};

const KeyCredential* FindCertificate(const Application& app, const Thumbprint& thumbprint) {
  std::string encoded = Base64UrlEncode(thumbprint.bytes);
  for (const KeyCredential& cert : app.certificates) {
    if ((thumbprint.sha256 ? cert.x5t_s256 : cert.x5t) == encoded) return &cert;
  }
  return nullptr;
}

// x5t#S256 (msal-node's current default) wins over x5t when both are present and registered.
std::optional<EstsError> LocateCertificate(const crypto::ParsedJwt& jwt,
                                           const AssertionCheck& check,
                                           const KeyCredential*& found) {
  auto s256 = JsonString(jwt.header, "x5t#S256");
  auto sha1 = JsonString(jwt.header, "x5t");
  if (!s256 && !sha1) return AssertionWithoutThumbprint();
  std::string first_hex;
  for (auto [text, is_s256] : {std::pair{s256, true}, std::pair{sha1, false}}) {
    if (!text) continue;
    auto bytes = Base64UrlDecode(*text);
    if (!bytes || bytes->empty()) return MalformedAssertion();
    if (first_hex.empty()) first_hex = crypto::HexUpper(*bytes);
    found = FindCertificate(*check.application, Thumbprint{*bytes, is_s256});
    if (found != nullptr) return std::nullopt;
  }
  return CertificateNotRegistered(first_hex, check.client_id);
}

std::optional<EstsError> CheckSignature(const crypto::ParsedJwt& jwt, const KeyCredential& cert,
                                        WallTime now) {
  auto thumb = Base64UrlDecode(cert.x5t);
  std::string hex = thumb ? crypto::HexUpper(*thumb) : cert.thumbprint_sha1_hex;
  if (now < cert.start || now > cert.end) return CertificateExpired(hex, cert.start, cert.end);
  auto parsed = crypto::Certificate::FromPem(cert.certificate_pem);
  if (!parsed) return ServerError("stored certificate does not parse");
  Status verified = crypto::VerifyJwtSignature(jwt, parsed->PublicKey());
  if (verified) return std::nullopt;
  if (verified.error().code == ErrorCode::kInvalidArgument) return MalformedAssertion();
  return AssertionSignatureInvalid();
}

std::optional<EstsError> CheckIssuerAndAudience(const json::value& payload,
                                                const AssertionCheck& check) {
  auto iss = JsonString(payload, "iss");
  auto sub = JsonString(payload, "sub");
  if (!iss || !sub || !AsciiIEquals(*iss, check.client_id) ||
      !AsciiIEquals(*sub, check.client_id)) {
    return AssertionIssuerMismatch();
  }
  const json::object& object = payload.as_object();
  auto aud = object.find("aud");
  if (aud == object.end()) return AssertionAudienceMismatch();
  // A list-valued aud is refused as malformed (panva/openid-client#348 shows ESTS doing so).
  if (!aud->value().is_string()) return MalformedAssertion();
  std::string_view value = aud->value().get_string();
  bool accepted = std::any_of(check.audiences.begin(), check.audiences.end(),
                              [&](const std::string& a) { return AsciiIEquals(a, value); });
  if (!accepted) return AssertionAudienceMismatch();
  return std::nullopt;
}

std::optional<EstsError> CheckLifetime(const json::value& payload, WallTime now, WallTime& expiry) {
  NumericClaim exp = ReadTimeClaim(payload, "exp");
  NumericClaim nbf = ReadTimeClaim(payload, "nbf");
  if (exp.state != ClaimState::kPresent || nbf.state == ClaimState::kMalformed) {
    return MalformedAssertion();
  }
  WallTime not_before = nbf.state == ClaimState::kPresent ? nbf.time : FromUnixSeconds(0);
  if (now > exp.time + kAssertionClockSkew || now + kAssertionClockSkew < not_before) {
    return AssertionOutsideTimeRange(now, not_before, exp.time);
  }
  expiry = exp.time + kAssertionClockSkew;
  return std::nullopt;
}

}  // namespace

bool AssertionReplayCache::Record(std::string_view client_id, std::string_view jti,
                                  std::string_view assertion, WallTime expiry, WallTime now) {
  std::string key = AsciiLower(client_id) + "\n" + std::string(jti);
  std::string digest = crypto::Sha256(assertion);
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.expiry >= now) {
    return it->second.assertion_sha256 == digest;
  }
  if (entries_.size() >= max_entries_) PurgeExpired(now);
  // Still full of live entries: forget the oldest-expiring one rather than grow without bound.
  if (entries_.size() >= max_entries_ && !entries_.empty()) {
    entries_.erase(std::min_element(
        entries_.begin(), entries_.end(),
        [](const auto& a, const auto& b) { return a.second.expiry < b.second.expiry; }));
  }
  entries_[key] = Entry{std::move(digest), expiry};
  return true;
}

void AssertionReplayCache::PurgeExpired(WallTime now) {
  std::erase_if(entries_, [&](const auto& entry) { return entry.second.expiry < now; });
}

std::optional<EstsError> ValidateClientAssertion(std::string_view assertion,
                                                 const AssertionCheck& check,
                                                 AssertionReplayCache& replay_cache) {
  auto jwt = crypto::ParseJwt(assertion);
  if (!jwt) return MalformedAssertion();
  const KeyCredential* cert = nullptr;
  if (auto error = LocateCertificate(*jwt, check, cert)) return error;
  if (auto error = CheckSignature(*jwt, *cert, check.now)) return error;
  if (auto error = CheckIssuerAndAudience(jwt->payload, check)) return error;
  WallTime expiry;
  if (auto error = CheckLifetime(jwt->payload, check.now, expiry)) return error;
  // jti is optional here: Entra's docs list it, but no source shows ESTS refusing its absence.
  if (auto jti = JsonString(jwt->payload, "jti")) {
    if (!replay_cache.Record(check.client_id, *jti, assertion, expiry, check.now)) {
      return AssertionReplayed(*jti);
    }
  }
  return std::nullopt;
}

std::vector<std::string> TokenEndpointAudiences(const std::vector<std::string>& base_urls,
                                                const std::vector<std::string>& identifiers) {
  std::vector<std::string> out;
  for (const std::string& base : base_urls) {
    std::string_view trimmed = base;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
    for (const std::string& id : identifiers) {
      std::string prefix = std::string(trimmed) + "/" + id;
      out.push_back(prefix + "/oauth2/v2.0/token");
      out.push_back(prefix + "/oauth2/token");
    }
  }
  return out;
}

}  // namespace graphpost::sandbox::identity
