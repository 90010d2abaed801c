// Test support for the session tests: a default configuration and a principal. Test-only.
#pragma once

#include <string>

#include "smtp/session.hpp"

namespace graphpost::smtp {

inline Principal TestAccount() {
  return Principal{Principal::Kind::kAccount, "scanner", {"demo"}, {}};
}

// TLS available, AUTH allowed without TLS (a loopback client), no anonymous submission.
inline SessionConfig TestConfig() {
  SessionConfig config;
  config.hostname = "mx.test";
  config.tls_available = true;
  config.auth_without_tls = true;
  return config;
}

inline const Peer kTestPeer{"127.0.0.1", 40000, true};

constexpr const char* kEhloReply =
    "250-mx.test\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n250-DSN\r\n250-STARTTLS\r\n250 AUTH PLAIN "
    "LOGIN\r\n";

// A session that has greeted, said EHLO and authenticated as TestAccount().
inline void Authenticate(Session& session) {
  session.Start();
  session.Feed("EHLO client.test\r\n");
  session.Feed("AUTH PLAIN AHNjYW5uZXIAcGFzcw==\r\n");  // \0scanner\0pass
  session.Authenticated(TestAccount());
}

}  // namespace graphpost::smtp
