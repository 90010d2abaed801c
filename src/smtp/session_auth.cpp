// Session: AUTH PLAIN and AUTH LOGIN (RFC 4954, RFC 4616). The password only ever travels in
// Step::auth_password; no reply, error text or counter holds it or the user name.
#include <algorithm>
#include <string>

#include "core/base64.hpp"
#include "smtp/internal/session_impl.hpp"

namespace graphpost::smtp {
namespace {
constexpr std::string_view kUsernameChallenge = "VXNlcm5hbWU6";  // "Username:"
constexpr std::string_view kPasswordChallenge = "UGFzc3dvcmQ6";  // "Password:"

// RFC 4954 §4: "=" is an empty initial response.
std::optional<std::string> DecodeResponse(std::string_view text) {
  if (text == "=") return std::string();
  return Base64Decode(text);
}
}  // namespace

void Session::Impl::OnAuth(const Command& command) {
  if (hello != Hello::kEhlo) return Refuse(503, "5.5.1", "Send EHLO before AUTH");
  if (!config.auth_offered) return Refuse(502, "5.5.1", "AUTH is not available");
  if (!config.tls_active && !config.auth_without_tls) {
    return Refuse(538, "5.7.11",
                  "Encryption required for requested authentication mechanism; "
                  "send STARTTLS first");
  }
  if (authenticated) return Refuse(503, "5.5.1", "Already authenticated");
  if (tx.active) return Refuse(503, "5.5.1", "AUTH is not allowed during a mail transaction");
  const bool plain = command.argument == "PLAIN";
  if (!plain && command.argument != "LOGIN") {
    return Refuse(504, "5.5.4", "Unrecognized authentication type; use PLAIN or LOGIN");
  }
  if (!command.initial_response) {
    phase = plain ? Phase::kAuthPlain : Phase::kAuthLoginUser;
    return Say(334, "", plain ? "" : kUsernameChallenge);
  }
  auto decoded = DecodeResponse(*command.initial_response);
  if (!decoded) return Refuse(501, "5.5.2", "Cannot decode the base64 response");
  if (plain) return OnPlainResponse(*decoded);
  login_username = std::move(*decoded);
  phase = Phase::kAuthLoginPassword;
  Say(334, "", kPasswordChallenge);
}

bool Session::Impl::PumpAuthLine() {
  const LineTake take = TakeLine(CommandLineLimit());
  if (take.kind == LineTake::Kind::kNeedMore) return false;
  const Phase step = phase;
  phase = Phase::kCommand;
  if (take.kind == LineTake::Kind::kTooLong) {
    Refuse(500, "5.5.6", "Line too long");
    return true;
  }
  if (take.line == "*") {
    Refuse(501, "5.0.0", "Authentication cancelled");
    return true;
  }
  auto decoded = DecodeResponse(take.line);
  if (!decoded) {
    Refuse(501, "5.5.2", "Cannot decode the base64 response");
  } else if (step == Phase::kAuthPlain) {
    OnPlainResponse(*decoded);
  } else if (step == Phase::kAuthLoginUser) {
    login_username = std::move(*decoded);
    phase = Phase::kAuthLoginPassword;
    Say(334, "", kPasswordChallenge);
  } else {
    pending.auth_username = std::move(login_username);
    pending.auth_password = Secret(std::move(*decoded));
    login_username.clear();
    Wait(Next::kAuthenticate);
  }
  return true;
}

// RFC 4616: authzid NUL authcid NUL passwd.
void Session::Impl::OnPlainResponse(const std::string& decoded) {
  const std::size_t first = decoded.find('\0');
  const std::size_t second = first == std::string::npos ? first : decoded.find('\0', first + 1);
  if (second == std::string::npos || decoded.find('\0', second + 1) != std::string::npos) {
    return Refuse(501, "5.5.2", "The PLAIN response must be: authzid NUL user NUL password");
  }
  const std::string_view authzid(decoded.data(), first);
  const std::string_view authcid(decoded.data() + first + 1, second - first - 1);
  if (!authzid.empty() && authzid != authcid) {
    return Refuse(535, "5.7.8",
                  "Authentication credentials invalid: the authorization identity must be empty "
                  "or the user name");
  }
  pending.auth_username = std::string(authcid);
  pending.auth_password = Secret(decoded.substr(second + 1));
  Wait(Next::kAuthenticate);
}

void Session::Impl::FinishAuth(Result<Principal> result) {
  phase = Phase::kCommand;
  next = Next::kRead;
  if (result) {
    principal = std::move(*result);
    authenticated = true;
    counters.authenticated = true;
    return Say(235, "2.7.0", "Authentication successful");
  }
  switch (result.error().code) {
    case ErrorCode::kUnauthenticated:
      return Refuse(535, "5.7.8", "Authentication credentials invalid");
    case ErrorCode::kThrottled: {
      const auto wait = result.error().retry_after.value_or(std::chrono::seconds(60));
      return Refuse(454, "4.7.0",
                    "Too many failed logins from your address; try again in " +
                        std::to_string(wait.count()) + " seconds");
    }
    default:
      return Refuse(454, "4.7.0", "Temporary authentication failure; try again later");
  }
}

}  // namespace graphpost::smtp
