#include "sandbox/admin/admin_api.hpp"

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "crypto/digest.hpp"

namespace graphpost::sandbox::admin {
namespace internal {

http::Response JsonReply(int status, const boost::json::value& body) {
  return http::MakeResponse(status, "application/json; charset=utf-8", ToJson(body));
}

http::Response ErrorReply(const Error& error) {
  int status = 500;
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      status = 400;
      break;
    case ErrorCode::kNotFound:
      status = 404;
      break;
    case ErrorCode::kAlreadyExists:
      status = 409;
      break;
    case ErrorCode::kFailedPrecondition:
      status = 412;
      break;
    case ErrorCode::kUnauthenticated:
      status = 401;
      break;
    case ErrorCode::kPermissionDenied:
      status = 403;
      break;
    case ErrorCode::kThrottled:
      status = 429;
      break;
    case ErrorCode::kUnavailable:
      status = 503;
      break;
    default:
      break;
  }
  return JsonReply(status,
                   {{"error", {{"code", ErrorCodeName(error.code)}, {"message", error.message}}}});
}

http::Response NotFoundReply(std::string_view what) {
  return ErrorReply(Error{ErrorCode::kNotFound, std::string(what), std::nullopt});
}

}  // namespace internal

namespace {

std::optional<internal::Segments> DecodeSegments(std::string_view path) {
  internal::Segments out;
  for (auto piece : Split(path, '/')) {
    if (piece.empty()) continue;
    auto decoded = PercentDecode(piece, false);
    if (!decoded) return std::nullopt;
    out.push_back(std::move(*decoded));
  }
  return out;
}

bool Authorized(const http::Request& req, const std::string& key) {
  auto header = req.headers.Get("Authorization");
  if (!header || !AsciiIStartsWith(*header, "Bearer ")) return false;
  return crypto::ConstantTimeEquals(header->substr(7), key);
}

constexpr std::string_view kPrefix = "/_sandbox/";

bool IsAdminPath(std::string_view path) {
  return path.rfind(kPrefix, 0) == 0 || path == "/_sandbox";
}

http::Response Unauthorized() {
  return internal::ErrorReply(
      {ErrorCode::kUnauthenticated, "the admin API needs 'Authorization: Bearer <admin key>'", {}});
}

}  // namespace

std::optional<http::Admission> AdminApi::Admit(const http::Request& head) const {
  if (!IsAdminPath(head.path)) return std::nullopt;
  if (head.path != "/_sandbox/health" && !Authorized(head, admin_key_)) {
    return http::Admission::Refuse(Unauthorized());
  }
  return http::Admission::Accept(kMaxBodyBytes);
}

std::optional<http::Response> AdminApi::Handle(const http::Request& req) {
  if (!IsAdminPath(req.path)) return std::nullopt;
  if (req.path == "/_sandbox/health") return internal::JsonReply(200, {{"status", "ok"}});
  if (!Authorized(req, admin_key_)) return Unauthorized();
  auto segments = DecodeSegments(req.path.substr(kPrefix.size() - 1));
  if (!segments)
    return internal::ErrorReply({ErrorCode::kInvalidArgument, "bad percent-escape in path", {}});
  using Fn = std::optional<http::Response> (*)(AdminContext&, const http::Request&,
                                               const internal::Segments&);
  for (Fn fn : {internal::HandleOperations, internal::HandleTenants, internal::HandleEntra,
                internal::HandleExchange, internal::HandleMail}) {
    if (auto r = fn(ctx_, req, *segments)) return r;
  }
  return internal::NotFoundReply("no admin route " + req.method + " " + req.path);
}

}  // namespace graphpost::sandbox::admin
