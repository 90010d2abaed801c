#include "sandbox/identity/token_request.hpp"

#include <algorithm>
#include <vector>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/ids.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::identity {
namespace {

struct BasicCredential {
  std::string client_id;
  std::string secret;
};

std::optional<std::string> NonEmpty(const FormFields& fields, std::string_view key) {
  const std::string* value = FindField(fields, key);
  if (value == nullptr || value->empty()) return std::nullopt;
  return *value;
}

// nullopt when no Basic header was sent.
Result<std::optional<BasicCredential>> ParseBasic(const http::Request& request) {
  auto header = request.headers.Get("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = TrimAscii(*header);
  if (!AsciiIStartsWith(value, "Basic ")) return std::nullopt;
  auto decoded = Base64Decode(TrimAscii(value.substr(6)));
  if (!decoded) return Fail(ErrorCode::kInvalidArgument, "Authorization: Basic is not base64");
  std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "Authorization: Basic has no ':'");
  }
  // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
  auto id = PercentDecode(std::string_view(*decoded).substr(0, colon), true);
  auto secret = PercentDecode(std::string_view(*decoded).substr(colon + 1), true);
  if (!id || !secret) {
    return Fail(ErrorCode::kInvalidArgument, "Authorization: Basic has a bad percent-escape");
  }
  return BasicCredential{std::move(*id), std::move(*secret)};
}

std::optional<std::string> ClientRequestId(const http::Request& request, const FormFields& form) {
  if (auto id = NonEmpty(form, "client-request-id")) return id;
  if (auto header = request.headers.Get("client-request-id"); header && !header->empty()) {
    return std::string(*header);
  }
  auto query = ParseForm(request.query);
  if (query) return NonEmpty(*query, "client-request-id");
  return std::nullopt;
}

bool IsDnsLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsOidcScope(std::string_view scope) {
  return AsciiIEquals(scope, "openid") || AsciiIEquals(scope, "profile") ||
         AsciiIEquals(scope, "offline_access") || AsciiIEquals(scope, "email");
}

bool HasBadScopeCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x21 || u > 0x7e || c == '"' || c == '\\';
  });
}

std::string_view StripTrailingSlashes(std::string_view text) {
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> ScopeTokens(std::string_view scope) {
  std::vector<std::string_view> tokens;
  for (std::string_view piece : Split(scope, ' ')) {
    piece = TrimAscii(piece);
    if (!piece.empty()) tokens.push_back(piece);
  }
  return tokens;
}

}  // namespace

Result<TokenRequest> ParseTokenRequest(const http::Request& request) {
  auto form = ParseForm(request.body);
  if (!form) return Fail(form.error());
  auto basic = ParseBasic(request);
  if (!basic) return Fail(basic.error());
  TokenRequest out;
  out.grant_type = NonEmpty(*form, "grant_type");
  out.client_id = NonEmpty(*form, "client_id");
  out.client_secret = NonEmpty(*form, "client_secret");
  out.client_assertion = NonEmpty(*form, "client_assertion");
  out.client_assertion_type = NonEmpty(*form, "client_assertion_type");
  out.scope = NonEmpty(*form, "scope");
  out.resource = NonEmpty(*form, "resource");
  out.client_request_id = ClientRequestId(request, *form);
  if (*basic) {
    const BasicCredential& credential = **basic;
    if (!out.client_id && !credential.client_id.empty()) out.client_id = credential.client_id;
    // A Basic credential for another client than the form's is ignored (UNCONFIRMED: ESTS's
    // answer to that mismatch is unknown), which surfaces as 7000218 when no secret remains.
    bool same_client = out.client_id && AsciiIEquals(*out.client_id, credential.client_id);
    if (!out.client_secret && same_client && !credential.secret.empty()) {
      out.client_secret = credential.secret;
    }
  }
  return out;
}

TenantKind ClassifyTenant(std::string_view tenant) {
  if (IsGuid(tenant)) {
    bool empty =
        std::all_of(tenant.begin(), tenant.end(), [](char c) { return c == '0' || c == '-'; });
    return empty ? TenantKind::kEmptyGuid : TenantKind::kGuid;
  }
  if (AsciiIEquals(tenant, "common") || AsciiIEquals(tenant, "organizations") ||
      AsciiIEquals(tenant, "consumers")) {
    return TenantKind::kMultiTenant;
  }
  if (tenant.size() > 253) return TenantKind::kMalformed;
  std::vector<std::string_view> labels = Split(tenant, '.');
  if (labels.size() < 2 || !std::all_of(labels.begin(), labels.end(), IsDnsLabel)) {
    return TenantKind::kMalformed;
  }
  return TenantKind::kDomain;
}

Expected<std::string, EstsError> CheckScope(const std::optional<std::string>& scope) {
  if (!scope) return Unexpected(MissingScope());
  std::vector<std::string_view> tokens = ScopeTokens(*scope);
  if (tokens.empty()) return Unexpected(MissingScope());
  std::vector<std::string> canonical;
  std::string requested;
  for (std::string_view token : tokens) {
    if (IsOidcScope(token)) continue;
    constexpr std::string_view kDefault = "/.default";
    if (token.size() < kDefault.size() ||
        !AsciiIEquals(token.substr(token.size() - kDefault.size()), kDefault)) {
      return Unexpected(ScopeWithoutDefault(token));
    }
    std::string_view resource =
        StripTrailingSlashes(token.substr(0, token.size() - kDefault.size()));
    if (resource.empty() || HasBadScopeCharacter(resource)) return Unexpected(InvalidScope(token));
    std::string key = AsciiLower(resource);
    if (std::find(canonical.begin(), canonical.end(), key) == canonical.end()) {
      canonical.push_back(std::move(key));
      requested = std::string(resource);
    }
  }
  if (canonical.empty()) return Unexpected(InvalidScope(*scope));
  if (canonical.size() > 1) return Unexpected(MultipleResources(*scope));
  return requested;
}

bool IsGraphResource(std::string_view resource) {
  std::string_view trimmed = StripTrailingSlashes(TrimAscii(resource));
  return AsciiIEquals(trimmed, kGraphResource) || AsciiIEquals(trimmed, kGraphAppId);
}

}  // namespace graphpost::sandbox::identity
