// sandbox/graph/internal/route_support.hpp — small pieces shared by the Graph route files:
// @odata.context values and how a request's $select/$expand/Prefer shape rendered messages.
// Private to the graph module. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "http/message.hpp"
#include "sandbox/graph/message_model.hpp"
#include "sandbox/graph/odata.hpp"

namespace graphpost::sandbox::graph {

// "<base>/v1.0/$metadata#users('<user>')".
std::string UserContext(std::string_view base_url, std::string_view user);
// `body` with "@odata.context" as its first member.
boost::json::object WithContext(std::string context, boost::json::object body);

// How one request wants messages rendered.
struct MessageView {
  RenderOptions options;
  bool expand_attachments = false;  // $expand=attachments

  boost::json::object Render(const StoredMessage& message) const;
  // Adds Preference-Applied when a body content type was asked for.
  http::Response Decorate(http::Response response) const;
};

MessageView ViewFor(const ODataQuery& query, const http::Request& request);

}  // namespace graphpost::sandbox::graph
