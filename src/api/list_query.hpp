// api/list_query.hpp — the query of GET /v1/messages (status, connection, sender, recipient,
// createdAfter, createdBefore, limit, cursor) as an outbox ListFilter. Pure function.
#pragma once

#include <string_view>

#include "api/problem.hpp"
#include "core/result.hpp"
#include "outbox/outbox_store.hpp"

namespace graphpost::api {

// Parses the (percent-encoded) query. Invalid or unknown parameters → an invalid-request Problem
// with one error per parameter, at path "?<name>". The filter's api_key_id is left unset.
[[nodiscard]] Expected<outbox::ListFilter, Problem> ParseListQuery(std::string_view query);

}  // namespace graphpost::api
