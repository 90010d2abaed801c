// Connection validation and endpoints (from the one cloud table, auth/cloud); see connection.hpp.
#include "connections/connection.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "auth/cloud.hpp"
#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "crypto/keys.hpp"

namespace graphpost::connections {
namespace {

// "custom" is not a cloud: a connection with explicit URLs (the sandbox, a proxy).
constexpr std::string_view kCustomCloud = "custom";

bool IsKnownCloud(std::string_view name) {
  return name == kCustomCloud || auth::ParseCloud(name).has_value();
}

tl::unexpected<Error> Invalid(std::string_view field, std::string_view why) {
  return Fail(ErrorCode::kInvalidArgument, std::string(field) + ": " + std::string(why));
}

bool IsNameChar(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
         ch == '.' || ch == '_' || ch == '-';
}

bool IsControl(char ch) {
  auto u = static_cast<unsigned char>(ch);
  return u < 0x20 || u == 0x7f;
}

bool HasSpaceOrControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    auto u = static_cast<unsigned char>(ch);
    return u <= 0x20 || u == 0x7f;
  });
}

bool IsMailAddress(std::string_view text) {
  auto at = text.rfind('@');
  if (at == std::string_view::npos || at == 0 || text.size() > 320) return false;
  return !HasSpaceOrControl(text) && IsDomainName(text.substr(at + 1));
}

Status CheckName(std::string_view name) {
  if (!IsConnectionName(name)) {
    return Invalid("name", "must be 1 to 64 characters from A-Z a-z 0-9 . _ -");
  }
  return Ok();
}

Status CheckTenant(std::string_view tenant) {
  if (tenant.empty()) return Invalid("tenant", "is required (the Directory (tenant) ID or domain)");
  for (std::string_view multi : {"common", "organizations", "consumers"}) {
    if (AsciiIEquals(tenant, multi)) {
      return Invalid("tenant",
                     "must name one directory; the client-credentials flow is not "
                     "supported over /common, /organizations or /consumers");
    }
  }
  if (!IsGuid(tenant) && !IsDomainName(tenant)) {
    return Invalid("tenant",
                   "must be the Directory (tenant) ID (a GUID) or a domain such as "
                   "contoso.onmicrosoft.com");
  }
  return Ok();
}

Status CheckIdentity(const Connection& c) {
  if (c.account_type != "tenant-specific") {
    return Invalid("account_type",
                   "must be \"tenant-specific\"; sending as an application needs "
                   "one directory (tenant)");
  }
  if (auto tenant = CheckTenant(c.tenant); !tenant) return tenant;
  if (!IsGuid(c.client_id)) {
    return Invalid("client_id",
                   "must be the Application (client) ID, a GUID like "
                   "00000000-0000-0000-0000-000000000000");
  }
  if (!IsMailAddress(c.user_id) && !IsGuid(c.user_id)) {
    return Invalid("user_id",
                   "must be the mailbox's primary SMTP address, e.g. "
                   "sender@contoso.com (or the user's object ID)");
  }
  return Ok();
}

Status CheckClientSecret(const Connection& c) {
  if (auto secret = CheckSecretText(c.client_secret); !secret) return secret;
  if (!c.certificate_pem.empty()) {
    return Invalid("certificate_pem", "must be empty for auth type client-secret");
  }
  if (!c.private_key_pem.empty()) {
    return Invalid("private_key_pem", "must be empty for auth type client-secret");
  }
  return Ok();
}

Status CheckCertificate(const Connection& c) {
  if (!c.client_secret.empty()) {
    return Invalid("client_secret", "must be empty for auth type certificate");
  }
  auto cert = crypto::Certificate::FromPem(c.certificate_pem);
  if (!cert) return Invalid("certificate_pem", "is not a PEM X.509 certificate");
  auto key = crypto::Key::FromPem(c.private_key_pem.Reveal());
  if (!key || !key->HasPrivate()) {
    return Invalid("private_key_pem", "is not an unencrypted PEM private key");
  }
  if (cert->PublicKey().PublicPem() != key->PublicOnly().PublicPem()) {
    return Invalid("private_key_pem", "does not belong to the certificate");
  }
  return Ok();
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

Status CheckUrl(std::string_view field, std::string_view url) {
  bool https = url.starts_with("https://");
  if (!https && !url.starts_with("http://")) return Invalid(field, "must start with https://");
  std::string_view rest = url.substr(https ? 8 : 7);
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view host = authority.substr(0, authority.rfind(':'));
  if (authority.find(']') != std::string_view::npos)
    host = authority.substr(0, authority.find(']') + 1);
  if (host.empty() || HasSpaceOrControl(url) || authority.find('@') != std::string_view::npos) {
    return Invalid(field, "must be an absolute URL such as https://host[:port][/path]");
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    return Invalid(field, "must not have a query or fragment");
  }
  if (!https && !IsLoopbackHost(host)) {
    return Invalid(field, "must use https:// (plain http is allowed only to localhost)");
  }
  return Ok();
}

Status CheckEndpoints(const Connection& c) {
  if (!IsKnownCloud(c.cloud)) {
    return Invalid("cloud", "must be one of global, usgov, usgov-dod, china, custom");
  }
  if (c.cloud == kCustomCloud && (c.login_url.empty() || c.graph_url.empty())) {
    return Invalid(c.login_url.empty() ? "login_url" : "graph_url", "is required for cloud custom");
  }
  if (!c.login_url.empty()) {
    if (auto ok = CheckUrl("login_url", c.login_url); !ok) return ok;
  }
  if (!c.graph_url.empty()) {
    if (auto ok = CheckUrl("graph_url", c.graph_url); !ok) return ok;
  }
  if (std::any_of(c.ca_file.begin(), c.ca_file.end(), IsControl)) {
    return Invalid("ca_file", "must be a file path without control characters");
  }
  return Ok();
}

std::string WithoutTrailingSlash(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

}  // namespace

bool IsConnectionName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), IsNameChar);
}

bool IsDomainName(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  auto labels = Split(text, '.');
  if (labels.size() < 2) return false;
  return std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    return std::all_of(label.begin(), label.end(),
                       [](char ch) { return IsNameChar(ch) && ch != '.' && ch != '_'; });
  });
}

Status CheckSecretText(const Secret& secret) {
  if (secret.empty()) {
    return Invalid("client_secret",
                   "is required for auth type client-secret (the secret's Value, "
                   "not its Secret ID)");
  }
  if (TrimAscii(secret.Reveal()).empty()) return Invalid("client_secret", "is only whitespace");
  return Ok();
}

Status ValidateConnection(const Connection& c) {
  if (auto ok = CheckName(c.name); !ok) return ok;
  if (auto ok = CheckIdentity(c); !ok) return ok;
  auto credential =
      c.auth_type == AuthType::kClientSecret ? CheckClientSecret(c) : CheckCertificate(c);
  if (!credential) return credential;
  return CheckEndpoints(c);
}

std::string_view AuthTypeName(AuthType type) {
  return type == AuthType::kCertificate ? "certificate" : "client-secret";
}

std::optional<AuthType> ParseAuthType(std::string_view text) {
  if (text == "client-secret" || text == "secret" || text == "client-credentials") {
    return AuthType::kClientSecret;
  }
  if (text == "certificate") return AuthType::kCertificate;
  return std::nullopt;
}

std::string EffectiveLoginUrl(const Connection& c) {
  if (!c.login_url.empty()) return WithoutTrailingSlash(c.login_url);
  const std::optional<auth::Cloud> cloud = auth::ParseCloud(c.cloud);
  return cloud ? auth::EndpointsFor(*cloud).login_base : "";
}

std::string EffectiveGraphUrl(const Connection& c) {
  if (!c.graph_url.empty()) return WithoutTrailingSlash(c.graph_url);
  const std::optional<auth::Cloud> cloud = auth::ParseCloud(c.cloud);
  return cloud ? auth::EndpointsFor(*cloud).graph_base : "";
}

std::string EffectiveGraphScope(const Connection& c) {
  return auth::GraphScopeFor(auth::ParseCloud(c.cloud).value_or(auth::Cloud::kGlobal));
}

}  // namespace graphpost::connections
