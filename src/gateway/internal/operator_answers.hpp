// gateway/internal/operator_answers.hpp — the answers the operator routes share: JSON bodies and
// the problem for an outbox error (404 not found, 409 conflict, else the outbox failure
// problem). Header-only, pure.
#pragma once

#include <string>

#include <boost/json.hpp>

#include "api/problem.hpp"
#include "core/json.hpp"
#include "http/message.hpp"

namespace graphpost::gateway::internal {

inline http::Response JsonResponse(int status, const json::value& body) {
  return http::MakeResponse(status, "application/json", ToJson(body));
}

inline http::Response FromError(const Error& e) {
  if (e.code == ErrorCode::kNotFound) {
    api::Problem p{.status = 404, .type = "not-found", .title = "Not found", .detail = e.message};
    return api::ProblemResponse(p);
  }
  if (e.code == ErrorCode::kAlreadyExists)
    return api::ProblemResponse(api::StateConflict(e.message));
  return api::ProblemResponse(api::OutboxFailure(e, std::chrono::seconds(5)));
}

inline http::Response Invalid(std::string detail) {
  return api::ProblemResponse(api::InvalidRequest(std::move(detail)));
}

}  // namespace graphpost::gateway::internal
