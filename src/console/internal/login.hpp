// console/internal/login.hpp — the sign-in and sign-out flow of the console (docs/console.md,
// "Signing in"): the login form with its pre-session CSRF cookie, checking a token against the
// admin token hash and the admin API keys, the per-address failure limit, opening and ending a
// session. Thread-safe (its parts are).
#pragma once

#include <string>

#include "console/console.hpp"
#include "console/console_session.hpp"
#include "console/shell.hpp"
#include "core/form.hpp"
#include "http/message.hpp"

namespace graphpost::console::internal {

class LoginFlow {
 public:
  // `deps` and `sessions` outlive the flow.
  LoginFlow(ConsoleDeps& deps, SessionStore& sessions);

  // GET /ui/login: the form (or, with a live session, 303 to `next`).
  http::Response Show(const http::Request& request, const FormFields& query);
  // POST /ui/login: 303 to `next` with the session cookie; 403 without the form's CSRF token;
  // 429 after too many failures from the address this minute; 401 with the form again otherwise.
  http::Response Submit(const http::Request& request);
  // POST /ui/logout (the session and its CSRF token already checked): ends it, 303 to the login.
  http::Response Logout(std::string_view session_id, const Session& session,
                        const http::Request& request);

  const LoginCounters& counters() const { return counters_; }

 private:
  // The form's CSRF field for a gp_login nonce: base64url HMAC-SHA-256 of it under login_key_,
  // so only a pair this process issued passes (a planted cookie and field do not).
  std::string LoginCsrf(std::string_view nonce) const;
  // The sign-in form with the field for `nonce`, setting the gp_login cookie to it.
  http::Response Form(int status, std::string_view nonce, std::string_view next,
                      std::string_view error);

  ConsoleDeps& deps_;
  SessionStore& sessions_;
  const std::string login_key_;  // 32 random bytes per process
  LoginLimiter limiter_;
  LoginCounters counters_;
};

// Writes one audit record to deps.log (when set) at info level.
void Audit(const ConsoleDeps& deps, std::string_view message,
           std::initializer_list<log::Field> fields);

// "/ui/login?next=<target>" for a visitor without a session (no `next` when it is not a local
// console target).
std::string LoginTarget(std::string_view next);

}  // namespace graphpost::console::internal
