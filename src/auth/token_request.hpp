// auth/token_request.hpp — builds the client-credentials request for the Entra v2 token endpoint
// (protocol.md §1.1, §1.2) and the cache key of a credential. No I/O; thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "auth/client_credentials.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "http/http_transport.hpp"

namespace graphpost::auth {

// Client assertions are valid this long after they are made (Entra suggests 5–10 minutes).
inline constexpr std::chrono::seconds kAssertionLifetime{600};

// "<login_base>/<tenant>/oauth2/v2.0/token" (a trailing '/' on login_base is dropped).
std::string TokenEndpointUrl(const AppCredential& credential);

// OK when `credential` can be sent: a tenant made of letters, digits, '.', '-' and '_'; a client
// id; a scope; and exactly one of a client secret or certificate + private key. Otherwise
// kInvalidArgument saying what is missing or wrong (never echoing a secret).
[[nodiscard]] Status ValidateCredential(const AppCredential& credential);

// The TokenCache key: login base, tenant and client id (lower-case), scope, and the credential
// fingerprint (SHA-256 of the secret, or the certificate's SHA-256 thumbprint), hex. Fails like
// ValidateCredential, or kInvalidArgument when the certificate PEM does not parse.
[[nodiscard]] Result<std::string> CredentialCacheKey(const AppCredential& credential);

// The signed client assertion (PS256; header x5t#S256; aud = the token endpoint URL, iss = sub =
// client id, jti = a new GUID, nbf = iat = `now`, exp = now + kAssertionLifetime).
// kInvalidArgument when the certificate or key does not parse, the key is not RSA or does not
// match the certificate.
[[nodiscard]] Result<std::string> BuildClientAssertion(const AppCredential& credential,
                                                       std::chrono::system_clock::time_point now,
                                                       Random& random);

// The POST to the token endpoint: form body grant_type, client_id, scope, then client_secret or
// client_assertion_type + client_assertion. Fails like ValidateCredential / BuildClientAssertion.
[[nodiscard]] Result<http::ClientRequest> BuildTokenRequest(
    const AppCredential& credential, std::chrono::system_clock::time_point now, Random& random);

}  // namespace graphpost::auth
