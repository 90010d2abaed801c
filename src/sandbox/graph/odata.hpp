// sandbox/graph/odata.hpp — the OData v4 query options the sandbox accepts on Graph v1.0 message
// listings ($top, $skip, $select, $orderby, $filter, $skiptoken, $count, $expand), parsed into a
// value, and the pure functions that apply them to messages held as Graph-shaped JSON objects
// (protocol.md §3.5/§3.6). Independent of src/graph on purpose. Pure functions; a parsed
// ODataQuery is immutable and may be shared across threads.
//
// $filter subset: eq ne gt ge lt le, and or not, parentheses; 'strings' ('' escapes a quote),
// numbers, true false null, unquoted DateTimeOffset/date literals, GUIDs; property paths with '/';
// startswith/endswith/contains; any/all lambdas over collections (toRecipients,
// singleValueExtendedProperties, categories, ...); a Boolean property alone is a predicate.
// Property paths are case-sensitive and checked against the message schema; keywords are not.
// Strings compare case-insensitively (ASCII), as Exchange does; date-times compare as instants.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace graphpost::sandbox::graph {

struct FilterNode;  // the parsed $filter; opaque to callers

struct OrderBy {
  std::string property;  // a path such as "receivedDateTime" or "from/emailAddress/address"
  bool descending = false;
};

struct ODataQuery {
  std::optional<int> top;  // 1..1000
  int skip = 0;
  std::vector<std::string> select;  // property names as given; {"*"} means all
  std::vector<OrderBy> orderby;
  // Shared so an ODataQuery stays copyable; the tree is immutable once parsed.
  std::shared_ptr<const FilterNode> filter;  // null when no $filter
  std::string filter_text;                   // decoded $filter, as given
  std::optional<std::string> skiptoken;
  bool count = false;                 // $count=true: the caller adds "@odata.count"
  std::optional<std::string> expand;  // raw $expand; the caller decides what it supports
};

// Limits that keep hostile input cheap (the fuzzer relies on them).
inline constexpr std::size_t kMaxFilterBytes = 8 * 1024;
inline constexpr int kMaxFilterDepth = 64;

// Parses a raw (percent-encoded, '+' as space) query string such as
// "$top=5&$filter=isDraft%20eq%20false&$select=subject,from". Option names are case-insensitive,
// with or without '$'; parameters that are not OData options are ignored. Unknown $-options,
// repeated options and malformed values fail with kInvalidArgument whose message is the Graph
// error message to return (e.g. "Invalid filter clause: ...",
// "The query specified in the URI is not valid. ...",
// "Could not find a property named 'x' on type 'microsoft.graph.message'.").
[[nodiscard]] Result<ODataQuery> ParseODataQuery(std::string_view raw_query);

// Graph/Outlook rule: every $orderby property must also appear in $filter, in the same order,
// first. Ok when either option is absent; otherwise kInvalidArgument
// "The restriction or sort order is too complex for this operation." (code InefficientFilter).
[[nodiscard]] Status CheckFilterOrderBy(const ODataQuery& query);

// True when `message` (Graph JSON shape) satisfies `filter`. Missing properties read as null.
bool MatchesFilter(const FilterNode& filter, const boost::json::object& message);

// Strict weak ordering for $orderby: true when `a` sorts before `b`. Nulls/missing sort first in
// ascending order; equal keys compare equal (use a stable sort). The default ordering when
// `orderby` is empty (receivedDateTime desc) is the caller's job.
bool OrderBefore(const std::vector<OrderBy>& orderby, const boost::json::object& a,
                 const boost::json::object& b);

// Keeps only the $select-ed properties plus "@odata.etag" and "id" (as Graph does), in the
// message's own key order; a selected property the message lacks comes back as null (navigation
// properties such as attachments are left out instead). Names match
// case-insensitively. Returns the whole message when `select` is empty or {"*"}.
boost::json::object ApplySelect(const std::vector<std::string>& select,
                                const boost::json::object& message);

}  // namespace graphpost::sandbox::graph
