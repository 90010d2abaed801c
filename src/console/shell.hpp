// console/shell.hpp — turns a PageAnswer into the HTTP answer (docs/console.md, "Security";
// the structure every page shares: nav, header with the principal and "Sign out", notice,
// <main id="main">), and puts the console's security headers on every answer it sends. Pure
// functions; thread-safe.
#pragma once

#include <string>

#include "console/page.hpp"
#include "http/message.hpp"

namespace graphpost::console {

// The console's Content-Security-Policy for its own pages and answers.
inline constexpr std::string_view kConsoleCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";

// Who is looking at the page. Without a principal (the login and error pages of a visitor) the
// page has no nav and no "Sign out".
struct ShellContext {
  std::string principal;  // empty: not signed in
  std::string csrf;       // the session's, for the Sign out form
  bool sandbox = false;   // the nav shows Sandbox
};

// The full HTML document of a page.
std::string RenderPage(const PageAnswer& answer, const ShellContext& context);

// The HTTP answer for a PageAnswer: the page (status, text/html), a 303 to `redirect`, or `raw`
// as given; with the security headers (AddSecurityHeaders).
http::Response ToResponse(PageAnswer answer, const ShellContext& context);

// How an answer may be cached.
enum class Caching { kNoStore, kImmutableAsset };

// Adds the security headers: the console CSP unless the answer has its own (then it gets
// `frame-ancestors 'self'` when it names none, and X-Frame-Options SAMEORIGIN: the console frames
// it), else X-Frame-Options DENY; X-Content-Type-Options nosniff; Referrer-Policy same-origin;
// Cache-Control no-store (kNoStore, replacing the answer's own) or a year, immutable (assets).
void AddSecurityHeaders(http::Response& response, Caching caching = Caching::kNoStore);

}  // namespace graphpost::console
