// Signing in and out of the console (docs/console.md, "Signing in").
#include "console/console_session.hpp"
#include "console/html.hpp"
#include "console/internal/login.hpp"
#include "core/base64.hpp"
#include "crypto/digest.hpp"

namespace graphpost::console::internal {
namespace {

constexpr std::string_view kDefaultNext = "/ui/overview";

std::string SafeNext(const std::string* next) {
  if (next == nullptr || !IsLocalConsoleTarget(*next)) return std::string(kDefaultNext);
  return *next;
}

// A login nonce (the gp_login cookie) is one we could have made: 43 base64url characters.
bool LooksLikeToken(std::string_view text) {
  if (text.size() != 43) return false;
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string FormHtml(std::string_view csrf, std::string_view next, std::string_view error) {
  std::string out;
  if (!error.empty()) out += "<p class=\"error\" role=\"alert\">" + Escape(error) + "</p>\n";
  out += "<form id=\"login-form\" class=\"login\" method=\"post\" action=\"/ui/login\">\n";
  out += CsrfField(csrf) + "\n";
  out += "<input type=\"hidden\" name=\"next\" value=\"" + Escape(next) + "\">\n";
  out += "<p><label for=\"token\">Admin token or API key</label>\n";
  out +=
      "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" "
      "required autofocus></p>\n";
  out += "<p><button type=\"submit\">Sign in</button></p>\n</form>\n";
  out +=
      "<p class=\"muted\">Use the console admin token printed at the gateway's first start "
      "(<code>graphpost console reset-token</code> makes a new one) or an admin API key.</p>";
  return out;
}

}  // namespace

void Audit(const ConsoleDeps& deps, std::string_view message,
           std::initializer_list<log::Field> fields) {
  if (deps.log != nullptr) deps.log->Info(message, fields);
}

std::string LoginTarget(std::string_view next) {
  if (!IsLocalConsoleTarget(next)) return "/ui/login";
  return "/ui/login?next=" + PercentEncode(next);
}

LoginFlow::LoginFlow(ConsoleDeps& deps, SessionStore& sessions)
    : deps_(deps),
      sessions_(sessions),
      login_key_(deps.random.Bytes(32)),
      limiter_(deps.clock, deps.options.login_attempts_per_minute) {}

http::Response LoginFlow::Show(const http::Request& request, const FormFields& query) {
  const std::string next = SafeNext(FindField(query, "next"));
  auto id = CookieValue(request.headers, kSessionCookie);
  if (id && sessions_.Find(*id)) {
    PageAnswer answer;
    answer.redirect = next;
    return ToResponse(std::move(answer), {});
  }
  std::string nonce = CookieValue(request.headers, kLoginCookie).value_or("");
  if (!LooksLikeToken(nonce)) nonce = RandomToken(deps_.random);
  return Form(200, nonce, next, "");
}

http::Response LoginFlow::Submit(const http::Request& request) {
  auto form = ParseForm(request.body);
  if (!form) {
    return ToResponse(
        ErrorPage(400, "Bad request", "The form is not valid: " + form.error().message + "."), {});
  }
  const std::string next = SafeNext(FindField(*form, "next"));
  const std::string cookie = CookieValue(request.headers, kLoginCookie).value_or("");
  const std::string* csrf = FindField(*form, "csrf");
  if (csrf == nullptr || !LooksLikeToken(cookie) || !TokensEqual(*csrf, LoginCsrf(cookie))) {
    PageAnswer answer = ErrorPage(403, "Forbidden",
                                  "The sign-in form is out of date or did not come from this "
                                  "console. Open the sign-in page again and retry.");
    answer.body += "<p>" + Link(LoginTarget(next), "Sign in") + "</p>";
    return ToResponse(std::move(answer), {});
  }
  if (!limiter_.Allowed(request.remote_address)) {
    ++counters_.limited;
    Audit(deps_, "console sign-in locked out", {{"client", request.remote_address}});
    http::Response limited = ToResponse(ErrorPage(429, "Too many attempts",
                                                  "Too many failed sign-ins from this address. "
                                                  "Wait a minute and try again."),
                                        {});
    limited.headers.Set("Retry-After", "60");  // the window is a minute at most
    return limited;
  }
  const std::string* token = FindField(*form, "token");
  const std::string admin_hash =
      deps_.options.admin_token_hash ? deps_.options.admin_token_hash() : std::string();
  auto principal = Authenticate(token ? *token : std::string(), admin_hash, deps_.outbox);
  if (!principal) {
    if (principal.error().code == ErrorCode::kUnavailable) {
      return ToResponse(ErrorPage(503, "Unavailable", "Cannot check the sign-in right now."), {});
    }
    ++counters_.failed;
    // Never what was typed.
    Audit(deps_, "console sign-in failed", {{"client", request.remote_address}});
    limiter_.RecordFailure(request.remote_address);
    return Form(401, cookie, next, "That is not the admin token or an admin API key.");
  }
  ++counters_.succeeded;
  Audit(deps_, "console sign-in",
        {{"principal", principal->name}, {"client", request.remote_address}});
  OpenedSession opened = sessions_.Open(std::move(*principal));
  PageAnswer answer;
  answer.redirect = next;
  http::Response response = ToResponse(std::move(answer), {});
  const bool secure = deps_.options.https;
  response.headers.Add("Set-Cookie", SetCookie(kSessionCookie, opened.id, secure));
  response.headers.Add("Set-Cookie", ClearCookie(kLoginCookie, secure));
  return response;
}

http::Response LoginFlow::Logout(std::string_view session_id, const Session& session,
                                 const http::Request& request) {
  sessions_.End(session_id);
  Audit(deps_, "console sign-out",
        {{"principal", session.principal}, {"client", request.remote_address}});
  PageAnswer answer;
  answer.redirect = "/ui/login";
  http::Response response = ToResponse(std::move(answer), {});
  response.headers.Add("Set-Cookie", ClearCookie(kSessionCookie, deps_.options.https));
  return response;
}

std::string LoginFlow::LoginCsrf(std::string_view nonce) const {
  return Base64UrlEncode(crypto::HmacSha256(login_key_, nonce));
}

http::Response LoginFlow::Form(int status, std::string_view nonce, std::string_view next,
                               std::string_view error) {
  PageAnswer answer;
  answer.status = status;
  answer.title = "Sign in";
  answer.body = FormHtml(LoginCsrf(nonce), next, error);
  http::Response response = ToResponse(std::move(answer), {});
  response.headers.Add("Set-Cookie", SetCookie(kLoginCookie, nonce, deps_.options.https));
  return response;
}

}  // namespace graphpost::console::internal
