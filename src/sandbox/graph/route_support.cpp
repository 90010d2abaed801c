#include "sandbox/graph/internal/route_support.hpp"

#include "core/ascii.hpp"
#include "sandbox/graph/internal/request_body.hpp"

namespace graphpost::sandbox::graph {

std::string UserContext(std::string_view base_url, std::string_view user) {
  return std::string(base_url) + "/v1.0/$metadata#users('" + std::string(user) + "')";
}

boost::json::object WithContext(std::string context, boost::json::object body) {
  boost::json::object out;
  out.reserve(body.size() + 1);
  out["@odata.context"] = std::move(context);
  for (auto& [key, value] : body) out[key] = std::move(value);
  return out;
}

boost::json::object MessageView::Render(const StoredMessage& message) const {
  boost::json::object out = RenderMessage(message, options);
  if (expand_attachments) {
    boost::json::array attachments;
    for (const auto& a : message.attachments) attachments.push_back(RenderAttachment(a, true));
    out["attachments"] = std::move(attachments);
  }
  return out;
}

http::Response MessageView::Decorate(http::Response response) const {
  if (options.body_content_type) {
    response.headers.Set("Preference-Applied",
                         "outlook.body-content-type=\"" + *options.body_content_type + "\"");
  }
  return response;
}

MessageView ViewFor(const ODataQuery& query, const http::Request& request) {
  MessageView view;
  view.options.select = query.select;
  view.options.body_content_type = PreferredBodyType(request);
  if (query.expand) {
    std::string expand = AsciiLower(*query.expand);
    view.options.expand_extended_properties =
        expand.find("singlevalueextendedproperties") != std::string::npos;
    view.expand_attachments = expand.find("attachments") != std::string::npos;
  }
  return view;
}

}  // namespace graphpost::sandbox::graph
