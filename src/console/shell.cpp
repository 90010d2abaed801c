// The page shell and the security headers of every console answer (docs/console.md, "Security").
#include "console/shell.hpp"

#include "console/html.hpp"
#include "console/internal/assets.hpp"
#include "core/ascii.hpp"

namespace graphpost::console {
namespace {

struct NavEntry {
  std::string_view section;
  std::string_view label;
};

constexpr NavEntry kNav[] = {{"overview", "Overview"},
                             {"messages", "Messages"},
                             {"connections", "Connections"},
                             {"sandbox", "Sandbox"}};

std::string Head(const PageAnswer& answer) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += Escape(answer.title) + " · graphpost</title>\n";
  out += "<link rel=\"stylesheet\" href=\"" + Escape(internal::CssHref()) + "\">\n";
  out += "<script src=\"" + Escape(internal::JsHref()) + "\" defer></script>\n</head>\n";
  return out;
}

std::string Nav(const PageAnswer& answer, const ShellContext& context) {
  std::string out = "<nav aria-label=\"Console\"><ul>";
  for (const NavEntry& entry : kNav) {
    if (entry.section == "sandbox" && !context.sandbox) continue;
    out += "<li><a href=\"/ui/" + std::string(entry.section) + "\"";
    if (entry.section == answer.section) out += " aria-current=\"page\"";
    out += ">" + std::string(entry.label) + "</a></li>";
  }
  return out + "</ul></nav>\n";
}

std::string Header(const PageAnswer& answer, const ShellContext& context) {
  std::string out = "<header class=\"site\">\n<p class=\"brand\">";
  out += context.principal.empty() ? "graphpost" : "<a href=\"/ui/overview\">graphpost</a>";
  out += " <span class=\"muted\">console</span></p>\n";
  if (context.principal.empty()) return out + "</header>\n";
  out += Nav(answer, context);
  out += "<div class=\"session\"><span class=\"principal\">Signed in as " +
         Escape(context.principal) + "</span> ";
  out += "<form id=\"logout\" class=\"inline\" method=\"post\" action=\"/ui/logout\">" +
         CsrfField(context.csrf) + "<button type=\"submit\">Sign out</button></form></div>\n";
  return out + "</header>\n";
}

std::string Main(const PageAnswer& answer) {
  std::string out = "<main id=\"main\"";
  if (answer.refresh_seconds > 0) {
    out += " data-refresh=\"" + std::to_string(answer.refresh_seconds) + "\"";
  }
  out += ">\n<h1>" + Escape(answer.title) + "</h1>\n";
  if (!answer.notice.empty()) {
    out += "<p role=\"status\" id=\"notice\">" + Escape(answer.notice) + "</p>\n";
  }
  return out + answer.body + "\n</main>\n";
}

// True when a CSP names its own frame-ancestors.
bool NamesFrameAncestors(std::string_view csp) {
  return AsciiLower(csp).find("frame-ancestors") != std::string::npos;
}

}  // namespace

std::string RenderPage(const PageAnswer& answer, const ShellContext& context) {
  std::string out = Head(answer);
  out += "<body>\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n";
  out += Header(answer, context);
  out += Main(answer);
  return out + "</body>\n</html>\n";
}

http::Response ToResponse(PageAnswer answer, const ShellContext& context) {
  http::Response response;
  if (answer.raw) {
    response = std::move(*answer.raw);
  } else if (!answer.redirect.empty()) {
    response.status = 303;
    response.headers.Set("Location", answer.redirect);
  } else {
    response =
        http::MakeResponse(answer.status, "text/html; charset=utf-8", RenderPage(answer, context));
  }
  AddSecurityHeaders(response);
  return response;
}

void AddSecurityHeaders(http::Response& response, Caching caching) {
  auto own_csp = response.headers.Get("Content-Security-Policy");
  if (own_csp) {
    // An answer with its own policy (the sandboxed message body) is shown in the console's
    // iframe: only the console itself may frame it.
    if (!NamesFrameAncestors(*own_csp)) {
      response.headers.Set("Content-Security-Policy",
                           std::string(*own_csp) + "; frame-ancestors 'self'");
    }
    response.headers.Set("X-Frame-Options", "SAMEORIGIN");
  } else {
    response.headers.Set("Content-Security-Policy", std::string(kConsoleCsp));
    response.headers.Set("X-Frame-Options", "DENY");
  }
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.headers.Set("Referrer-Policy", "same-origin");
  if (caching == Caching::kImmutableAsset) {
    response.headers.Set("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    response.headers.Set("Cache-Control", "no-store");
  }
}

}  // namespace graphpost::console
