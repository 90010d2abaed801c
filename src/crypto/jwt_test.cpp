#include "crypto/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "crypto/internal/openssl_handles.hpp"
#include "testing/test_keys.hpp"

namespace graphpost::crypto {
namespace {

// RSA generation costs 50-200 ms per key and process, so tests use committed keys.
const Key& SigningKey() { return graphpost::testing::TestRsaKey(1); }
const Key& WrongKey() { return graphpost::testing::TestRsaKey(2); }

const json::object kPayload{{"aud", "https://graph.microsoft.com"}, {"sub", "app-1"}, {"n", 1}};

// Signed by the openssl CLI (openssl dgst -sha256 -sign; PS256 with rsa_pss_saltlen:32 and
// rsa_mgf1_md:sha256) with the private half of kCliPublicKey; payload {"sub":"openssl-cli","n":1}.
constexpr char kCliPublicKey[] = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv5FyI6VufxOo7o+YgIRS
UiUB70cHFXKxUFfXDnRSLh4BvdDKAqPWKN99DRg12RiVfbJNZzdLJ8leSiAfzRtF
DuF6iYdx3G4UOxA1J9LAyH2IvN4UshM+Z/ahEZBPh9dVasB8ah88O29Wk2MdTH8d
biQbyj9TIvNc0lqn+eZEHmQJHehiBNGOT71u8Qup9NKTXFCldj/YxFm2paJdAjC9
Hxgvh17WCQ3sYeZtQEIhQqCf0kYQSvmxDN86v4XjmZ/I+cglbgsThZOWxXelL4N5
KANj6f+s/+94XrhqqKvNIz1XRfe7euJbJg083WNFlMYNziXoFob3vSVb7AWfS15z
fQIDAQAB
-----END PUBLIC KEY-----
)";
constexpr char kCliRs256Token[] =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcGVuc3NsLWNsaSIsIm4iOjF9."
    "adFV62x3j8LMOB2pWQx91QlXUMxE2vimFtgHpurEQxTXETJ2D7l39BMKIg8aqzdF3ICUrweFmmbdN34ews4BIRyHuJ4E"
    "zqJAS1ZRwHReuED-eiY3LyBawDovuOOh2FklCrNX4mIUI89B2RGQqRMcNVo616RM8BeDOF5SAKV30RO4f_N-wP2wV96u"
    "tMAeKjh8DIhLimooUxN9JdgCMXQ26KeHUyuu3WaoMA-Kb6MqAvizPtuneyk9OuLKJEm_bfy3U8QqKnVRoU25Bgyx9nuW"
    "raHtnuvB7B3Z-59X82JHA3bXHAZvC04oNK9x6SawVS9ROmxp5mddYrS3OmE72f16KQ";
constexpr char kCliPs256Token[] =
    "eyJhbGciOiJQUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcGVuc3NsLWNsaSIsIm4iOjF9."
    "TBLd9f4YKRWYifPfS4Vy6VGF02D7EnzjlD8dqkAiJhTXXPHYLzKFh3puQKQu4lpQI4kV6jc77vqEhE-zwX3pESKWp5mU"
    "wDjHPiZdag5AhfN4EGMIjYiqMEIjp_VayVrKqEw8H5Xq8TpW3-7RxV-oPWzGvHwuKDjFAaN3lwHde6tZ10FznhwcBIYI"
    "uWLMfnPfNXlq5GCm9QaJZrz4rKmWbMO-is7F9l--AMPL9-COwEY63mM986fVOpryR3LC5pJvuBfHe5nOgtPBI53RkhSG"
    "uB-IgmEyfeOjz_H1cfaDtV5zsG8PiONrEBNI7WVVff3oVzgJ3JKjJoKM8GsK1DSjoQ";

std::string B64(std::string_view text) { return Base64UrlEncode(text); }

// Signs `input` with RSA-PSS/SHA-256 using an explicit salt length, or verifies `signature` the
// same way; independent of jwt.cpp so the PSS parameters are checked from outside.
bool PssOp(const Key& key, std::string_view input, std::string* signature, int salt_length) {
  internal::MdCtx ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  auto* pkey = static_cast<EVP_PKEY*>(key.native());
  auto* in = reinterpret_cast<const unsigned char*>(input.data());
  bool sign = signature->empty();
  int init = sign ? EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey)
                  : EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey);
  if (init != 1 || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length) != 1) {
    return false;
  }
  if (!sign) {
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                            signature->size(), in, input.size()) == 1;
  }
  std::size_t size = 512;
  signature->resize(size);
  bool ok = EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature->data()), &size,
                           in, input.size()) == 1;
  signature->resize(size);
  return ok;
}

ParsedJwt MustParse(std::string_view token) {
  auto parsed = ParseJwt(token);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed ? *parsed : ParsedJwt{};
}

TEST(JwtTest, Rs256SignThenVerifyRoundTrips) {
  auto token = SignJwt({{"kid", "k1"}}, kPayload, SigningKey(), JwtAlgorithm::kRs256);
  ASSERT_TRUE(token) << token.error().message;

  ParsedJwt jwt = MustParse(*token);

  EXPECT_TRUE(VerifyJwtSignature(jwt, SigningKey().PublicOnly()));
  EXPECT_EQ(jwt.alg, "RS256");
  EXPECT_EQ(JsonString(jwt.header, "typ"), "JWT");
  EXPECT_EQ(JsonString(jwt.header, "kid"), "k1");
  EXPECT_EQ(jwt.payload, json::value(kPayload));
  EXPECT_EQ(jwt.signature.size(), 256u);
}

TEST(JwtTest, Ps256SignThenVerifyRoundTrips) {
  auto token = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kPs256);
  ASSERT_TRUE(token) << token.error().message;

  ParsedJwt jwt = MustParse(*token);

  EXPECT_TRUE(VerifyJwtSignature(jwt, SigningKey()));
  EXPECT_EQ(jwt.alg, "PS256");
}

TEST(JwtTest, Rs256IsDeterministic) {
  auto a = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kRs256);
  auto b = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kRs256);

  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(JwtTest, SignKeepsCallerTypAndOverridesAlg) {
  auto token =
      SignJwt({{"typ", "at+jwt"}, {"alg", "none"}}, kPayload, SigningKey(), JwtAlgorithm::kRs256);
  ASSERT_TRUE(token);

  ParsedJwt jwt = MustParse(*token);

  EXPECT_EQ(JsonString(jwt.header, "typ"), "at+jwt");
  EXPECT_EQ(jwt.alg, "RS256");
}

// jsonwebtoken / msal-node sign PS256 with salt length = digest length (32).
TEST(JwtTest, Ps256SignatureUsesSaltOfDigestLength) {
  auto token = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kPs256);
  ASSERT_TRUE(token);
  ParsedJwt jwt = MustParse(*token);

  EXPECT_TRUE(PssOp(SigningKey(), jwt.signing_input, &jwt.signature, 32));
  EXPECT_FALSE(PssOp(SigningKey(), jwt.signing_input, &jwt.signature, 20));
}

TEST(JwtTest, Ps256VerifyAcceptsOtherSaltLengths) {
  std::string input = B64(R"({"alg":"PS256"})") + "." + B64(R"({"sub":"x"})");
  for (int salt_length : {0, 20, 64}) {
    std::string signature;
    ASSERT_TRUE(PssOp(SigningKey(), input, &signature, salt_length));

    ParsedJwt jwt = MustParse(input + "." + B64(signature));

    EXPECT_TRUE(VerifyJwtSignature(jwt, SigningKey())) << "salt " << salt_length;
  }
}

TEST(JwtTest, TokensSignedByOpensslCliVerify) {
  auto key = Key::FromPem(kCliPublicKey);
  ASSERT_TRUE(key);

  for (const char* token : {kCliRs256Token, kCliPs256Token}) {
    ParsedJwt jwt = MustParse(token);

    EXPECT_TRUE(VerifyJwtSignature(jwt, *key)) << jwt.alg;
    EXPECT_EQ(JsonString(jwt.payload, "sub"), "openssl-cli");
  }
}

TEST(JwtTest, TamperedPayloadIsUnauthenticated) {
  for (JwtAlgorithm alg : {JwtAlgorithm::kRs256, JwtAlgorithm::kPs256}) {
    auto token = SignJwt({}, kPayload, SigningKey(), alg);
    ASSERT_TRUE(token);
    std::size_t dot = token->find('.');
    std::size_t dot2 = token->find('.', dot + 1);
    std::string forged =
        token->substr(0, dot + 1) + B64(R"({"sub":"admin"})") + token->substr(dot2);

    auto status = VerifyJwtSignature(MustParse(forged), SigningKey());

    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::kUnauthenticated);
  }
}

TEST(JwtTest, WrongKeyIsUnauthenticated) {
  for (JwtAlgorithm alg : {JwtAlgorithm::kRs256, JwtAlgorithm::kPs256}) {
    auto token = SignJwt({}, kPayload, SigningKey(), alg);
    ASSERT_TRUE(token);

    auto status = VerifyJwtSignature(MustParse(*token), WrongKey().PublicOnly());

    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::kUnauthenticated);
  }
}

TEST(JwtTest, Rs256SignatureRelabelledAsPs256IsUnauthenticated) {
  auto token = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kRs256);
  ASSERT_TRUE(token);
  ParsedJwt jwt = MustParse(*token);
  jwt.alg = "PS256";

  auto status = VerifyJwtSignature(jwt, SigningKey());

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnauthenticated);
}

TEST(JwtTest, EmptyOrTruncatedSignatureIsUnauthenticated) {
  auto token = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kRs256);
  ASSERT_TRUE(token);
  ParsedJwt jwt = MustParse(*token);

  jwt.signature.pop_back();
  auto truncated = VerifyJwtSignature(jwt, SigningKey());
  jwt.signature.clear();
  auto empty = VerifyJwtSignature(jwt, SigningKey());

  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kUnauthenticated);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kUnauthenticated);
}

TEST(JwtTest, OtherAlgorithmsAreInvalidArgument) {
  for (const char* alg : {"HS256", "none", "RS512", "rs256"}) {
    std::string token = B64(std::string(R"({"alg":")") + alg + R"("})") + "." + B64("{}") + ".";

    auto status = VerifyJwtSignature(MustParse(token), SigningKey());

    ASSERT_FALSE(status) << alg;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << alg;
  }
}

TEST(JwtTest, NonRsaOrPublicOnlyKeysAreRejected) {
  auto ec = Key::GenerateP256();
  ASSERT_TRUE(ec);
  auto token = SignJwt({}, kPayload, SigningKey(), JwtAlgorithm::kRs256);
  ASSERT_TRUE(token);

  auto sign_ec = SignJwt({}, kPayload, *ec, JwtAlgorithm::kRs256);
  auto sign_public = SignJwt({}, kPayload, SigningKey().PublicOnly(), JwtAlgorithm::kPs256);
  auto verify_ec = VerifyJwtSignature(MustParse(*token), *ec);

  ASSERT_FALSE(sign_ec);
  EXPECT_EQ(sign_ec.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(sign_public);
  EXPECT_EQ(sign_public.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(verify_ec);
  EXPECT_EQ(verify_ec.error().code, ErrorCode::kInvalidArgument);
}

TEST(ParseJwtTest, ExposesSigningInputAndRawSignature) {
  std::string input = B64(R"({"alg":"RS256"})") + "." + B64(R"({"a":1})");

  ParsedJwt jwt = MustParse(input + "." + B64("sig\xff"));

  EXPECT_EQ(jwt.signing_input, input);
  EXPECT_EQ(jwt.signature, "sig\xff");
  EXPECT_EQ(JsonInt(jwt.payload, "a"), 1);
}

void ExpectParseError(std::string_view token, std::string_view reason) {
  auto parsed = ParseJwt(token);
  ASSERT_FALSE(parsed) << token;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find(reason), std::string::npos) << parsed.error().message;
}

TEST(ParseJwtTest, RejectsWrongNumberOfParts) {
  std::string header = B64(R"({"alg":"RS256"})");

  ExpectParseError(header + "." + B64("{}"), "3 dot-separated parts, found 2");
  ExpectParseError(header + "." + B64("{}") + ".sig.extra", "found 4");
  ExpectParseError("", "found 1");
}

TEST(ParseJwtTest, RejectsBadBase64Url) {
  std::string header = B64(R"({"alg":"RS256"})");

  ExpectParseError("e+J9." + B64("{}") + ".", "JWT header is not valid base64url");
  ExpectParseError(header + ".a$b.", "JWT payload is not valid base64url");
  ExpectParseError(header + "." + B64("{}") + ".a/b", "JWT signature is not valid base64url");
}

TEST(ParseJwtTest, RejectsNonObjectHeaderOrPayload) {
  std::string header = B64(R"({"alg":"RS256"})");

  ExpectParseError(header + "." + B64("[1,2]") + ".", "JWT payload is not a JSON object");
  ExpectParseError(header + "." + B64("{nope") + ".", "JWT payload is not valid JSON");
  ExpectParseError(B64(R"("RS256")") + "." + B64("{}") + ".", "JWT header is not a JSON object");
  ExpectParseError("." + B64("{}") + ".", "JWT header is not valid JSON");
}

TEST(ParseJwtTest, RejectsMissingOrNonStringAlg) {
  ExpectParseError(B64(R"({"typ":"JWT"})") + "." + B64("{}") + ".", "no string \"alg\"");
  ExpectParseError(B64(R"({"alg":256})") + "." + B64("{}") + ".", "no string \"alg\"");
}

}  // namespace
}  // namespace graphpost::crypto
