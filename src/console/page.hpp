// console/page.hpp — what one console page handler sees and answers, and the route table the
// page modules register into (overview_page.cpp, messages_page.cpp, connections_page.cpp,
// sandbox_pages.cpp). The Console (console.cpp) checks the session and CSRF token before a
// handler runs and wraps a PageAnswer into the page shell with the security headers.
// Plain values; RouteTable is filled once at construction and read-only afterwards.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console/console.hpp"
#include "core/form.hpp"
#include "http/message.hpp"

namespace graphpost::console {

using TimePoint = std::chrono::system_clock::time_point;

struct PageRequest {
  http::Request http;             // as received (headers, remote address, raw query and body)
  std::vector<std::string> path;  // percent-decoded segments after "/ui/": {"messages", "<id>"}
  FormFields query;               // the decoded query string
  FormFields form;                // a POST's decoded urlencoded body (CSRF already checked)
  std::string principal;          // who is logged in: "admin token" or "API key <name> (k_…)"
  std::string csrf;               // the session's CSRF token, for the page's forms (CsrfField)
  TimePoint now;                  // the injected Clock's
};

struct PageAnswer {
  int status = 200;
  std::string title;    // the <title> and the page's <h1>, plain text (the shell escapes it)
  std::string section;  // the nav entry shown as current: "overview", "messages", "connections",
                        // "sandbox"; empty for none
  std::string body;     // HTML inside <main>, after the <h1>; the page escapes what it inserts
  std::string notice;   // an optional status line above the body (plain text), e.g. "Retried."
  // Set: 303 See Other to this "/ui/..." target instead of a page (after a POST).
  std::string redirect;
  // Set: sent as is (a download, JSON, a sandboxed message body); the Console still adds the
  // security headers it lacks (CSP, nosniff, no-store, frame-ancestors).
  std::optional<http::Response> raw;
  // > 0: a live page; console.js re-fetches it this often and swaps <main> (no JS: reload).
  int refresh_seconds = 0;
};

using PageReply = std::function<void(PageAnswer)>;
// Runs on a server thread; may answer later from any thread; must not block for long (the doctor
// and outbox writes answer from their callbacks).
using PageHandler = std::function<void(PageRequest request, PageReply reply)>;

struct Route {
  std::string method;   // "GET" (also serves HEAD) or "POST"
  std::string pattern;  // path segments after /ui/, "*" matches one segment: "messages/*/retry"
  PageHandler handler;
};

class RouteTable {
 public:
  void Add(std::string method, std::string pattern, PageHandler handler);
  // The route for method + segments, or nullptr. `method_allowed` is set false when the path
  // matches a route of another method only (405).
  const Route* Find(std::string_view method, const std::vector<std::string>& path,
                    bool* method_allowed = nullptr) const;

 private:
  std::vector<Route> routes_;
};

// An error page: status, a title and one paragraph of plain text.
PageAnswer ErrorPage(int status, std::string title, std::string message);

// How pages name a principal that is an API key: "API key <name> (<id>)", or "API key <id>" when
// the name is not known.
std::string ApiKeyPrincipal(std::string_view id, std::string_view name = {});

// Writes one audit record of a console action to deps.log (when set): `message` (e.g. "message
// retried") with the principal and the client address, then `fields` — names and ids only, never a
// secret.
void LogAction(const ConsoleDeps& deps, const PageRequest& request, std::string_view message,
               std::initializer_list<log::Field> fields = {});

// Each page module registers its routes (called once by the Console's constructor). `deps`
// outlives the routes. A module whose port is empty (no sandbox, no doctor) registers what it can.
void RegisterOverviewRoutes(RouteTable& routes, ConsoleDeps& deps);
void RegisterMessagesRoutes(RouteTable& routes, ConsoleDeps& deps);
void RegisterConnectionsRoutes(RouteTable& routes, ConsoleDeps& deps);
void RegisterSandboxRoutes(RouteTable& routes, ConsoleDeps& deps);

}  // namespace graphpost::console
