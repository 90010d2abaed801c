// testing/test_keys.hpp — fixed RSA keys for tests, committed as testing/testdata/test_rsa_*.pem
// (2048-bit, PKCS#8, test-only: published with the source, never to be trusted for anything).
// Generating an RSA key costs 50-200 ms, and ctest runs every test in a process of its own, so
// tests load these instead. Each key is read once per process; thread-safe (function statics).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/keys.hpp"

namespace graphpost::testing {

// The number of committed keys: TestRsaKeyPem(1) .. TestRsaKeyPem(kTestRsaKeys).
inline constexpr int kTestRsaKeys = 3;

// The PEM text of committed test key `n` (1-based). Aborts when the file is missing: the tests
// cannot run without it.
inline std::string TestRsaKeyPem(int n) {
  std::ifstream in(std::string(GRAPHPOST_SOURCE_DIR) + "/testing/testdata/test_rsa_" +
                       std::to_string(n) + ".pem",
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) std::abort();
  return text.str();
}

// Committed test key `n` (1-based), parsed once.
inline const crypto::Key& TestRsaKey(int n) {
  static const crypto::Key keys[kTestRsaKeys] = {*crypto::Key::FromPem(TestRsaKeyPem(1)),
                                                 *crypto::Key::FromPem(TestRsaKeyPem(2)),
                                                 *crypto::Key::FromPem(TestRsaKeyPem(3))};
  if (n < 1 || n > kTestRsaKeys) std::abort();
  return keys[n - 1];
}

}  // namespace graphpost::testing
