// The console's routing, session checks and answers (docs/console.md, "Signing in", "Security").
#include "console/console.hpp"

#include <algorithm>

#include "console/internal/assets.hpp"
#include "console/internal/console_router.hpp"
#include "console/page.hpp"
#include "console/shell.hpp"

namespace graphpost::console {
namespace internal {
namespace {

constexpr std::size_t kFormLimit = 64 * 1024;

using Segments = std::vector<std::string>;

bool Is(const Segments& path, std::initializer_list<std::string_view> want) {
  return std::equal(path.begin(), path.end(), want.begin(), want.end());
}

http::Response Page(PageAnswer answer, const ShellContext& context = {}) {
  return ToResponse(std::move(answer), context);
}

http::Response ErrorAnswer(int status, std::string title, std::string message,
                           const ShellContext& context = {}) {
  return Page(ErrorPage(status, std::move(title), std::move(message)), context);
}

http::Response NotAllowed(std::string allow, const ShellContext& context = {}) {
  http::Response r =
      ErrorAnswer(405, "Method not allowed", "This page does not answer that method.", context);
  r.headers.Set("Allow", std::move(allow));
  return r;
}

http::Response SeeOther(std::string location) {
  PageAnswer answer;
  answer.redirect = std::move(location);
  return Page(std::move(answer));
}

std::string AllowedMethods(const RouteTable& routes, const Segments& path) {
  std::string allow;
  if (routes.Find("GET", path) != nullptr) allow = "GET, HEAD";
  if (routes.Find("POST", path) != nullptr) allow += allow.empty() ? "POST" : ", POST";
  return allow;
}

bool IsRead(std::string_view method) { return method == "GET" || method == "HEAD"; }

}  // namespace

Result<std::vector<std::string>> SplitConsolePath(std::string_view path) {
  std::vector<std::string> out;
  if (path.rfind("/ui/", 0) != 0) return out;
  std::string_view rest = path.substr(4);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view raw = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (raw.empty()) continue;
    auto segment = PercentDecode(raw, false);
    if (!segment) return Fail(ErrorCode::kInvalidArgument, "bad escape in the path");
    if (segment->find_first_of(std::string_view("/\0", 2)) != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "a path segment holds '/' or NUL");
    }
    out.push_back(std::move(*segment));
  }
  return out;
}

ConsoleRouter::ConsoleRouter(ConsoleDeps deps)
    : deps_(std::move(deps)),
      sessions_(deps_.clock, deps_.random, deps_.options.session_ttl),
      credentials_(deps_.clock, deps_.outbox, deps_.options.admin_token_hash),
      login_(deps_, sessions_) {}

http::Admission ConsoleRouter::Admit(const http::Request& head) {
  if (IsRead(head.method)) return http::Admission::Accept(0);
  if (head.method == "POST") return http::Admission::Accept(kFormLimit);
  return http::Admission::Refuse(NotAllowed(AllowFor(head.path)));
}

std::string ConsoleRouter::AllowFor(std::string_view raw_path) const {
  if (raw_path == "/ui" || raw_path == "/ui/") return "GET, HEAD";
  auto path = SplitConsolePath(raw_path);
  if (!path || path->empty()) return "GET, HEAD, POST";
  if ((*path)[0] == "assets") return "GET, HEAD";
  if (Is(*path, {"login"})) return "GET, HEAD, POST";
  if (Is(*path, {"logout"})) return "POST";
  std::string allow = AllowedMethods(routes_, *path);
  return allow.empty() ? "GET, HEAD, POST" : allow;  // an unknown page: 404 once signed in
}

void ConsoleRouter::Handle(http::Request request, http::Respond respond) {
  // HEAD answers carry the GET's body: the HTTP server leaves it out and announces its length.
  const http::Respond& send = respond;
  if (request.path == "/ui" || request.path == "/ui/") return send(SeeOther("/ui/overview"));
  auto path = SplitConsolePath(request.path);
  if (!path) {
    return send(
        ErrorAnswer(400, "Bad request", "The address is not valid: " + path.error().message + "."));
  }
  auto query = ParseForm(request.query);
  if (!query) {
    return send(
        ErrorAnswer(400, "Bad request", "The query is not valid: " + query.error().message + "."));
  }
  if (!path->empty() && (*path)[0] == "assets") return send(AnswerAsset(request, *path));
  if (Is(*path, {"login"})) {
    if (IsRead(request.method)) return send(login_.Show(request, *query));
    if (request.method == "POST") return send(login_.Submit(request));
    return send(NotAllowed("GET, HEAD, POST"));
  }
  HandleSignedIn(std::move(request), std::move(*path), std::move(*query), send);
}

void ConsoleRouter::HandleSignedIn(http::Request request, std::vector<std::string> path,
                                   FormFields query, const http::Respond& send) {
  const std::string id = CookieValue(request.headers, kSessionCookie).value_or("");
  // A live page's poll does not renew the idle time: an unattended page must not keep a session
  // open forever.
  const bool poll = request.headers.Get("X-Console-Refresh").has_value();
  auto session = poll ? sessions_.Find(id) : sessions_.FindAndRenew(id);
  if (session) {
    // A revoked key or a reset token ends the sessions it opened (docs/console.md, "Signing in").
    auto stands = credentials_.Stands(*session);
    if (!stands) {
      return send(ErrorAnswer(503, "Unavailable", "Cannot check the session right now."));
    }
    if (!*stands) {
      sessions_.End(id);
      Audit(deps_, "console session ended: credential revoked or reset",
            {{"principal", session->principal}, {"client", request.remote_address}});
      session.reset();
    }
  }
  if (!session) return send(SeeOther(LoginTarget(IsRead(request.method) ? request.target : "")));
  const ShellContext context{session->principal, session->csrf, bool(deps_.sandbox)};
  FormFields form;
  if (request.method == "POST") {
    auto parsed = ParseForm(request.body);
    if (!parsed) {
      return send(ErrorAnswer(400, "Bad request",
                              "The form is not valid: " + parsed.error().message + ".", context));
    }
    const std::string* csrf = FindField(*parsed, "csrf");
    if (csrf == nullptr || !TokensEqual(*csrf, session->csrf)) {
      return send(
          ErrorAnswer(403, "Forbidden",
                      "The form is out of date or did not come from this console. Reload the "
                      "page and try again.",
                      context));
    }
    form = std::move(*parsed);
  }
  if (Is(path, {"logout"})) {
    if (request.method != "POST") return send(NotAllowed("POST", context));
    return send(login_.Logout(id, *session, request));
  }
  bool method_allowed = true;
  const Route* route = routes_.Find(request.method, path, &method_allowed);
  if (route == nullptr) {
    if (!method_allowed) return send(NotAllowed(AllowedMethods(routes_, path), context));
    return send(
        ErrorAnswer(404, "Not found", "There is no console page at this address.", context));
  }
  PageRequest page{.http = std::move(request),
                   .path = std::move(path),
                   .query = std::move(query),
                   .form = std::move(form),
                   .principal = session->principal,
                   .csrf = session->csrf,
                   .now = deps_.clock.WallNow()};
  route->handler(std::move(page), [send, context](PageAnswer answer) {
    send(ToResponse(std::move(answer), context));
  });
}

http::Response ConsoleRouter::AnswerAsset(const http::Request& request,
                                          const std::vector<std::string>& path) {
  const Asset* asset = nullptr;
  if (Is(path, {"assets", "console.css"})) asset = &ConsoleCss();
  if (Is(path, {"assets", "console.js"})) asset = &ConsoleJs();
  if (asset == nullptr) return ErrorAnswer(404, "Not found", "There is no such file.");
  if (!IsRead(request.method)) return NotAllowed("GET, HEAD");
  // The pages link to ".../console.css?v=<version>", so a cached copy can live for a year: a new
  // build links a new URL. The ETag lets a browser revalidate a URL without the version.
  const std::string etag = "\"" + asset->version + "\"";
  http::Response response;
  auto seen = request.headers.Get("If-None-Match");
  if (seen && seen->find(etag) != std::string_view::npos) {
    response.status = 304;
  } else {
    response =
        http::MakeResponse(200, std::string(asset->content_type), std::string(asset->content));
  }
  response.headers.Set("ETag", etag);
  AddSecurityHeaders(response, Caching::kImmutableAsset);
  return response;
}

}  // namespace internal

struct Console::Impl {
  explicit Impl(ConsoleDeps deps) : router(std::move(deps)) {}
  internal::ConsoleRouter router;
};

Console::Console(ConsoleDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {
  RouteTable& routes = impl_->router.routes();
  ConsoleDeps& d = impl_->router.deps();
  RegisterOverviewRoutes(routes, d);
  RegisterMessagesRoutes(routes, d);
  RegisterConnectionsRoutes(routes, d);
  RegisterSandboxRoutes(routes, d);
}
Console::~Console() = default;

http::Response Console::ServerErrorPage(int status) {
  std::string title = "Error";
  std::string message = "The request could not be served.";
  switch (status) {
    case 400:
      title = "Bad request";
      message = "The browser sent a request the gateway cannot read.";
      break;
    case 408:
      title = "Request timeout";
      message = "The request did not arrive in time. Try again.";
      break;
    case 413:
      title = "Too large";
      message = "The form is larger than the console accepts.";
      break;
    case 431:
      title = "Headers too large";
      message = "The request's headers (cookies, perhaps) are too large.";
      break;
    case 503:
      title = "Unavailable";
      message = "The gateway cannot take this request now. Try again shortly.";
      break;
    default:
      break;
  }
  return internal::ErrorAnswer(status, std::move(title), std::move(message));
}

bool Console::Serves(std::string_view path) { return path == "/ui" || path.rfind("/ui/", 0) == 0; }

http::Admission Console::Admit(const http::Request& head) { return impl_->router.Admit(head); }

void Console::Handle(http::Request request, http::Respond respond) {
  impl_->router.Handle(std::move(request), std::move(respond));
}

}  // namespace graphpost::console
