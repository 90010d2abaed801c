#include "crypto/jwt.hpp"

#include <optional>
#include <vector>

#include <openssl/rsa.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "crypto/internal/openssl_handles.hpp"

namespace graphpost::crypto {
namespace {

using internal::MdCtx;

std::vector<std::string_view> SplitDots(std::string_view token) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t dot = token.find('.'); dot != std::string_view::npos;
       dot = token.find('.', start)) {
    parts.push_back(token.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(token.substr(start));
  return parts;
}

Result<json::value> DecodeObject(std::string_view part, std::string_view what) {
  std::optional<std::string> text = Base64UrlDecode(part);
  if (!text) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " is not valid base64url");
  }
  Result<json::value> value = ParseJson(*text);
  if (!value) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + " is not valid JSON: " + value.error().message);
  }
  if (!value->is_object()) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + " is not a JSON object");
  }
  return value;
}

const char* AlgName(JwtAlgorithm alg) { return alg == JwtAlgorithm::kRs256 ? "RS256" : "PS256"; }

std::optional<JwtAlgorithm> AlgFromName(std::string_view name) {
  if (name == "RS256") return JwtAlgorithm::kRs256;
  if (name == "PS256") return JwtAlgorithm::kPs256;
  return std::nullopt;
}

// PSS parameters as RFC 7518 §3.5 fixes them: SHA-256 with MGF1-SHA-256. Signing uses a salt as
// long as the digest (what jsonwebtoken/msal-node produce); verifying accepts any salt length
// that checks out, as the RFC does not pin it for verifiers.
bool ConfigurePss(EVP_PKEY_CTX* pctx, int salt_length) {
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length) == 1;
}

Status CheckRsaKey(const Key& key) {
  if (key.native() == nullptr) return Fail(ErrorCode::kInvalidArgument, "empty key");
  if (!key.IsRsa()) return Fail(ErrorCode::kInvalidArgument, "RS256/PS256 need an RSA key");
  return Ok();
}

Result<std::string> Sign(std::string_view input, const Key& key, JwtAlgorithm alg) {
  MdCtx ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  auto* pkey = static_cast<EVP_PKEY*>(key.native());
  std::size_t size = 0;
  bool ok = ctx && EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey) == 1 &&
            (alg == JwtAlgorithm::kRs256 || ConfigurePss(pctx, RSA_PSS_SALTLEN_DIGEST)) &&
            EVP_DigestSign(ctx.get(), nullptr, &size, nullptr, 0) == 1;
  std::string signature(size, '\0');
  ok =
      ok && EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  if (!ok) return Fail(ErrorCode::kInternal, "JWT signing failed: " + internal::TakeOpenSslError());
  signature.resize(size);
  return signature;
}

}  // namespace

Result<ParsedJwt> ParseJwt(std::string_view token) {
  std::vector<std::string_view> parts = SplitDots(token);
  if (parts.size() != 3) {
    return Fail(ErrorCode::kInvalidArgument,
                "JWT must have 3 dot-separated parts, found " + std::to_string(parts.size()));
  }
  Result<json::value> header = DecodeObject(parts[0], "JWT header");
  if (!header) return Fail(header.error());
  Result<json::value> payload = DecodeObject(parts[1], "JWT payload");
  if (!payload) return Fail(payload.error());
  std::optional<std::string> signature = Base64UrlDecode(parts[2]);
  if (!signature) return Fail(ErrorCode::kInvalidArgument, "JWT signature is not valid base64url");
  std::optional<std::string> alg = JsonString(*header, "alg");
  if (!alg) return Fail(ErrorCode::kInvalidArgument, "JWT header has no string \"alg\"");
  ParsedJwt jwt;
  jwt.header = std::move(*header);
  jwt.payload = std::move(*payload);
  jwt.signing_input = std::string(token.substr(0, parts[0].size() + 1 + parts[1].size()));
  jwt.signature = std::move(*signature);
  jwt.alg = std::move(*alg);
  return jwt;
}

Result<std::string> SignJwt(const json::object& header, const json::object& payload, const Key& key,
                            JwtAlgorithm alg) {
  if (Status s = CheckRsaKey(key); !s) return Fail(s.error());
  if (!key.HasPrivate()) {
    return Fail(ErrorCode::kInvalidArgument, "JWT signing needs a private key");
  }
  json::object full_header = header;
  full_header["alg"] = AlgName(alg);
  if (!full_header.contains("typ")) full_header["typ"] = "JWT";
  std::string input = Base64UrlEncode(ToJson(full_header)) + "." + Base64UrlEncode(ToJson(payload));
  Result<std::string> signature = Sign(input, key, alg);
  if (!signature) return Fail(signature.error());
  return input + "." + Base64UrlEncode(*signature);
}

Status VerifyJwtSignature(const ParsedJwt& jwt, const Key& key) {
  std::optional<JwtAlgorithm> alg = AlgFromName(jwt.alg);
  if (!alg) return Fail(ErrorCode::kInvalidArgument, "unsupported JWT alg \"" + jwt.alg + "\"");
  if (Status s = CheckRsaKey(key); !s) return Fail(s.error());
  MdCtx ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  auto* pkey = static_cast<EVP_PKEY*>(key.native());
  bool ready = ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey) == 1 &&
               (*alg == JwtAlgorithm::kRs256 || ConfigurePss(pctx, RSA_PSS_SALTLEN_AUTO));
  if (!ready) {
    return Fail(ErrorCode::kInternal, "JWT verify setup failed: " + internal::TakeOpenSslError());
  }
  int verified = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(jwt.signature.data()), jwt.signature.size(),
      reinterpret_cast<const unsigned char*>(jwt.signing_input.data()), jwt.signing_input.size());
  internal::TakeOpenSslError();
  if (verified != 1) return Fail(ErrorCode::kUnauthenticated, "JWT signature does not verify");
  return Ok();
}

}  // namespace graphpost::crypto
