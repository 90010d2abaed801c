#include "graph/graph_urls.hpp"

namespace graphpost::graph {

std::string EncodePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (char ch : segment) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '@';
    if (keep) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string UserPath(std::string_view mailbox) { return "/users/" + EncodePathSegment(mailbox); }

std::string MessagePath(std::string_view mailbox, std::string_view message_id) {
  return UserPath(mailbox) + "/messages/" + EncodePathSegment(message_id);
}

std::string ODataString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  out.push_back('\'');
  return out;
}

std::string ExtendedPropertyFilter(std::string_view property_id, std::string_view value) {
  return "singleValueExtendedProperties/any(ep: ep/id eq " + ODataString(property_id) +
         " and ep/value eq " + ODataString(value) + ")";
}

std::string InternetMessageIdFilter(std::string_view message_id) {
  return "internetMessageId eq " + ODataString(message_id);
}

std::string ProxyAddressFilter(std::string_view address) {
  return "proxyAddresses/any(x:x eq " + ODataString("smtp:" + std::string(address)) + ")";
}

}  // namespace graphpost::graph
