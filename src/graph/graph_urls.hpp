// graph/graph_urls.hpp — how graphpost spells Graph URL paths and OData query text: percent-encoded
// path segments, /users/{id}, OData string literals and the extended-property $filter. Pure
// functions.
#pragma once

#include <string>
#include <string_view>

namespace graphpost::graph {

// Percent-encodes one path segment: everything except RFC 3986 unreserved characters and '@'
// (a valid path character, left readable in mailbox addresses) becomes %XX, so '/', '?', '#',
// '%', '+', quotes, spaces and non-ASCII bytes cannot change the URL's structure.
std::string EncodePathSegment(std::string_view segment);

// "/users/{mailbox}" with the mailbox encoded.
std::string UserPath(std::string_view mailbox);

// "/users/{mailbox}/messages/{message_id}", both encoded.
std::string MessagePath(std::string_view mailbox, std::string_view message_id);

// An OData string literal: 'value' with every ' doubled.
std::string ODataString(std::string_view value);

// singleValueExtendedProperties/any(ep: ep/id eq '<property_id>' and ep/value eq '<value>')
std::string ExtendedPropertyFilter(std::string_view property_id, std::string_view value);

// internetMessageId eq '<message_id>': the messages whose Message-ID header (as written, with its
// angle brackets) is `message_id`.
std::string InternetMessageIdFilter(std::string_view message_id);

// proxyAddresses/any(x:x eq 'smtp:<address>'): the users with `address` among their SMTP
// addresses (primary or alias; Entra compares without regard to case).
std::string ProxyAddressFilter(std::string_view address);

}  // namespace graphpost::graph
