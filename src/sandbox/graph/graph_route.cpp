#include "sandbox/graph/graph_route.hpp"

#include <initializer_list>
#include <vector>

#include "core/ascii.hpp"
#include "core/form.hpp"

namespace graphpost::sandbox::graph {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view raw : Split(path, '/')) {
    if (raw.empty()) continue;
    auto decoded = PercentDecode(raw, /*plus_is_space=*/false);
    out.push_back(decoded ? std::move(*decoded) : std::string(raw));
  }
  return out;
}

// Actions may be namespace-qualified: "microsoft.graph.sendMail".
bool IsName(std::string_view segment, std::string_view name) {
  if (AsciiIStartsWith(segment, "microsoft.graph.")) segment.remove_prefix(16);
  return AsciiIEquals(segment, name);
}

bool MethodIn(std::string_view method, std::initializer_list<std::string_view> allowed) {
  for (auto m : allowed) {
    if (method == m) return true;
  }
  return false;
}

Route Unknown(std::string_view segment) {
  Route r;
  r.kind = RouteKind::kUnknown;
  r.bad_segment = std::string(segment);
  return r;
}

// Parses segments after ".../messages/{id}".
Route MessageRoute(Route route, const std::vector<std::string>& s, std::size_t i) {
  route.message_id = s[i];
  if (i + 1 == s.size()) {
    route.kind = RouteKind::kMessage;
  } else if (s[i + 1] == "$value" && i + 2 == s.size()) {
    route.kind = RouteKind::kMessageValue;
  } else if (IsName(s[i + 1], "send") && i + 2 == s.size()) {
    route.kind = RouteKind::kSendDraft;
  } else if (IsName(s[i + 1], "attachments") && i + 2 == s.size()) {
    route.kind = RouteKind::kAttachments;
  } else if (IsName(s[i + 1], "attachments") && i + 3 == s.size()) {
    bool session = IsName(s[i + 2], "createUploadSession");
    route.kind = session ? RouteKind::kCreateUploadSession : RouteKind::kAttachment;
    if (!session) route.attachment_id = s[i + 2];
  } else {
    return Unknown(s[i + 1]);
  }
  return route;
}

Route UserRoute(const std::vector<std::string>& s) {
  Route route;
  route.user = s[2];
  if (s.size() == 3) {
    route.kind = RouteKind::kUser;
    return route;
  }
  std::size_t i = 3;
  if (IsName(s[i], "sendMail") && s.size() == 4) {
    route.kind = RouteKind::kSendMail;
    return route;
  }
  if (AsciiIEquals(s[i], "mailFolders")) {
    if (s.size() < 6 || !AsciiIEquals(s[5], "messages")) {
      return Unknown(s.size() < 5 ? s[i] : s.size() == 5 ? s[4] : s[5]);
    }
    route.folder = s[4];
    i = 5;
  }
  if (!AsciiIEquals(s[i], "messages")) return Unknown(s[i]);
  if (i + 1 == s.size()) {
    route.kind = RouteKind::kMessages;
    return route;
  }
  return MessageRoute(std::move(route), s, i + 1);
}

bool Allowed(RouteKind kind, std::string_view method) {
  switch (kind) {
    case RouteKind::kUsers:
    case RouteKind::kUser:
    case RouteKind::kMessageValue:
      return MethodIn(method, {"GET"});
    case RouteKind::kSendMail:
    case RouteKind::kSendDraft:
    case RouteKind::kCreateUploadSession:
      return MethodIn(method, {"POST"});
    case RouteKind::kMessages:
    case RouteKind::kAttachments:
      return MethodIn(method, {"GET", "POST"});
    case RouteKind::kMessage:
      return MethodIn(method, {"GET", "PATCH", "DELETE"});
    case RouteKind::kAttachment:
      return MethodIn(method, {"GET", "DELETE"});
    default:
      return true;
  }
}

}  // namespace

std::optional<Route> ParseGraphRoute(std::string_view method, std::string_view path) {
  std::vector<std::string> s = Segments(path);
  if (s.empty() || !AsciiIEquals(s[0], "v1.0")) return std::nullopt;
  Route route;
  if (s.size() >= 2 && AsciiIEquals(s[1], "me")) {
    route.kind = RouteKind::kMe;
  } else if (s.size() == 2 && AsciiIEquals(s[1], "users")) {
    route.kind = RouteKind::kUsers;
  } else if (s.size() >= 3 && AsciiIEquals(s[1], "users")) {
    route = UserRoute(s);
  } else {
    route = Unknown(s.size() >= 2 ? s[1] : s[0]);
  }
  route.method_allowed = Allowed(route.kind, method);
  return route;
}

std::string_view RequiredPermission(const Route& route, std::string_view method) {
  switch (route.kind) {
    case RouteKind::kUsers:
    case RouteKind::kUser:
      return "User.Read.All";
    case RouteKind::kSendMail:
    case RouteKind::kSendDraft:
      return "Mail.Send";
    default:
      return method == "GET" ? "Mail.Read" : "Mail.ReadWrite";
  }
}

}  // namespace graphpost::sandbox::graph
