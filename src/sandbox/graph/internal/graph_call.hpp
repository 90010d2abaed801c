// sandbox/graph/internal/graph_call.hpp — one Graph request as it moves through GraphService:
// the request, its route, the verified token and, once admitted, the resolved mailbox and the
// settings read under World::mu. Private to the graph module's .cpp files. Not thread-safe; one
// per request.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "sandbox/graph/fault_draw.hpp"
#include "sandbox/graph/graph_service.hpp"

namespace graphpost::sandbox::graph {

struct GraphService::Call {
  const http::Request& request;
  Route route;
  ResponseContext context;
  AccessClaims claims{};

  // Filled by Admit() under World::mu.
  std::string tenant_id{};
  std::string mailbox_id{};       // Recipient id
  std::string mailbox_address{};  // primary SMTP address (or UPN for a user without mailbox)
  std::string base_url{};         // "https://localhost:8443"
  LimitSettings limits{};
  std::chrono::milliseconds sent_items_delay{0};
  boost::json::object user{};  // GET /users/{u}: the directory object
  FaultEffect faults{};
  std::string limiter_key{};       // "<appid>|<mailbox id>" once limits were acquired
  MailJournal::Ticket ticket = 0;  // the journal record of this request's changes, if any
};

}  // namespace graphpost::sandbox::graph
