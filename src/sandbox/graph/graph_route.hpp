// sandbox/graph/graph_route.hpp — maps a Graph v1.0 request path to the mail resource it names
// (protocol.md §3). Segments and action names match case-insensitively, as Graph does; ids are
// percent-decoded. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graphpost::sandbox::graph {

enum class RouteKind {
  kUsers,                // /users (the directory listing; $filter resolves addresses)
  kUser,                 // /users/{u}
  kSendMail,             // /users/{u}/sendMail
  kMessages,             // /users/{u}/messages  or  /users/{u}/mailFolders/{f}/messages
  kMessage,              // .../messages/{id}
  kMessageValue,         // .../messages/{id}/$value (the MIME content)
  kSendDraft,            // .../messages/{id}/send
  kAttachments,          // .../messages/{id}/attachments
  kAttachment,           // .../messages/{id}/attachments/{aid}
  kCreateUploadSession,  // .../messages/{id}/attachments/createUploadSession
  kMe,                   // /me/... (app-only tokens cannot use it)
  kUnknown,              // under /v1.0 but not a resource the sandbox serves
};

struct Route {
  RouteKind kind = RouteKind::kUnknown;
  std::string user;    // {u} as sent (decoded)
  std::string folder;  // {f}; empty when the path has no mailFolders segment
  std::string message_id;
  std::string attachment_id;
  std::string bad_segment;     // kUnknown: the first segment not understood
  bool method_allowed = true;  // false: the resource exists but not for this HTTP method
};

// nullopt when `path` is not under /v1.0/ (the caller then does not serve it as Graph).
std::optional<Route> ParseGraphRoute(std::string_view method, std::string_view path);

// Graph permission an endpoint needs: "Mail.Send", "Mail.ReadWrite", "Mail.Read" or
// "User.Read.All".
std::string_view RequiredPermission(const Route& route, std::string_view method);

}  // namespace graphpost::sandbox::graph
