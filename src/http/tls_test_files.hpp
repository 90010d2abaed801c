// http/tls_test_files.hpp — test-only access to the committed test CA and server certificate
// (testing/testdata/tls_*.pem: EC P-256, CA + leaf for localhost and 127.0.0.1, valid 100 years).
// Used by http tests only. Plain functions.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "http/http_server.hpp"

namespace graphpost::http::testing {

inline std::string TestDataPath(const std::string& name) {
  return std::string(GRAPHPOST_SOURCE_DIR) + "/testing/testdata/" + name;
}

inline std::string ReadTestData(const std::string& name) {
  std::ifstream in(TestDataPath(name), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Options for an HTTPS server on 127.0.0.1, port 0, with the test certificate.
inline ServerOptions TlsServerOptions() {
  ServerOptions options;
  options.cert_pem = ReadTestData("tls_server.pem");
  options.key_pem = ReadTestData("tls_server_key.pem");
  return options;
}

}  // namespace graphpost::http::testing
