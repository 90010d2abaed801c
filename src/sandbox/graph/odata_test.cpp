// Query options, the InefficientFilter rule, $orderby and $select. The $filter language is
// tested in odata_filter_test.cpp.
#include "sandbox/graph/odata.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

ODataQuery Parse(std::string_view raw) {
  auto query = ParseODataQuery(raw);
  EXPECT_TRUE(query) << raw << ": " << query.error().message;
  return query ? std::move(*query) : ODataQuery{};
}

std::string ParseError(std::string_view raw) {
  auto query = ParseODataQuery(raw);
  EXPECT_FALSE(query) << raw;
  if (query) return "";
  EXPECT_EQ(query.error().code, ErrorCode::kInvalidArgument);
  return query.error().message;
}

json::object Message(std::string_view text) { return json::parse(text).as_object(); }

// ---- ParseODataQuery: options ----

TEST(ParseODataQueryTest, EmptyQueryHasDefaults) {
  ODataQuery query = Parse("");

  EXPECT_FALSE(query.top);
  EXPECT_EQ(query.skip, 0);
  EXPECT_TRUE(query.select.empty());
  EXPECT_TRUE(query.orderby.empty());
  EXPECT_EQ(query.filter, nullptr);
  EXPECT_FALSE(query.skiptoken);
  EXPECT_FALSE(query.count);
}

TEST(ParseODataQueryTest, ParsesEveryOption) {
  ODataQuery query = Parse(
      "$top=5&$skip=10&$select=subject,from&$orderby=receivedDateTime%20desc"
      "&$filter=isDraft%20eq%20false&$skiptoken=abc%3D&$count=true&$expand=attachments");

  EXPECT_EQ(query.top, 5);
  EXPECT_EQ(query.skip, 10);
  EXPECT_EQ(query.select, (std::vector<std::string>{"subject", "from"}));
  ASSERT_EQ(query.orderby.size(), 1u);
  EXPECT_EQ(query.orderby[0].property, "receivedDateTime");
  EXPECT_TRUE(query.orderby[0].descending);
  EXPECT_NE(query.filter, nullptr);
  EXPECT_EQ(query.filter_text, "isDraft eq false");
  EXPECT_EQ(query.skiptoken, "abc=");
  EXPECT_TRUE(query.count);
  EXPECT_EQ(query.expand, "attachments");
}

TEST(ParseODataQueryTest, OptionNamesAreCaseInsensitiveWithOrWithoutDollar) {
  ODataQuery query = Parse("TOP=7&$Skip=2&%24SELECT=subject&Filter=isRead+eq+true");

  EXPECT_EQ(query.top, 7);
  EXPECT_EQ(query.skip, 2);
  EXPECT_EQ(query.select, std::vector<std::string>{"subject"});
  EXPECT_EQ(query.filter_text, "isRead eq true");
}

TEST(ParseODataQueryTest, AcceptsALeadingQuestionMarkAndEmptyPieces) {
  ODataQuery query = Parse("?&$top=3&&");

  EXPECT_EQ(query.top, 3);
}

TEST(ParseODataQueryTest, IgnoresParametersThatAreNotODataOptions) {
  ODataQuery query = Parse("api-version=2&foo=bar&$top=2&flag");

  EXPECT_EQ(query.top, 2);
}

TEST(ParseODataQueryTest, RejectsUnknownDollarOptions) {
  EXPECT_EQ(ParseError("$top=1&$foo=bar"),
            "The query specified in the URI is not valid. Query option '$foo' is not supported.");
  EXPECT_NE(ParseError("$search=%22pizza%22"), "");
}

TEST(ParseODataQueryTest, RejectsRepeatedOptions) {
  EXPECT_EQ(ParseError("$top=1&top=2"),
            "The query specified in the URI is not valid. Query option '$top' was specified more "
            "than once, but it must be specified at most once.");
}

TEST(ParseODataQueryTest, RejectsBadPercentEscapes) {
  EXPECT_NE(ParseError("$filter=isRead%2"), "");
  EXPECT_NE(ParseError("$fil%zzter=1"), "");
}

TEST(ParseODataQueryTest, TopMustBeAnIntegerFrom1To1000) {
  EXPECT_EQ(Parse("$top=1").top, 1);
  EXPECT_EQ(Parse("$top=1000").top, 1000);

  EXPECT_EQ(ParseError("$top=abc"),
            "The query specified in the URI is not valid. Invalid value 'abc' for $top query "
            "option found. The $top query option requires a non-negative integer value.");
  EXPECT_NE(ParseError("$top=0"), "");
  EXPECT_NE(ParseError("$top=1001"), "");
  EXPECT_NE(ParseError("$top=-1"), "");
  EXPECT_NE(ParseError("$top="), "");
  EXPECT_NE(ParseError("$top=5x"), "");
  EXPECT_NE(ParseError("$top=99999999999999999999999"), "");
}

TEST(ParseODataQueryTest, SkipMustBeANonNegativeInteger) {
  EXPECT_EQ(Parse("$skip=0").skip, 0);
  EXPECT_EQ(Parse("$skip=2147483647").skip, 2147483647);

  EXPECT_NE(ParseError("$skip=-1"), "");
  EXPECT_NE(ParseError("$skip=2147483648"), "");
  EXPECT_NE(ParseError("$skip=ten"), "");
}

TEST(ParseODataQueryTest, CountMustBeTrueOrFalse) {
  EXPECT_TRUE(Parse("$count=TRUE").count);
  EXPECT_FALSE(Parse("$count=false").count);

  EXPECT_NE(ParseError("$count=1"), "");
}

TEST(ParseODataQueryTest, SkiptokenIsKeptVerbatimAfterDecoding) {
  EXPECT_EQ(Parse("$skiptoken=a%2Bb%26c").skiptoken, "a+b&c");
}

// ---- $select ----

TEST(ParseODataQueryTest, SelectTrimsNamesAndKeepsTheirSpelling) {
  EXPECT_EQ(Parse("$select=%20subject%20,%20IsRead").select,
            (std::vector<std::string>{"subject", "IsRead"}));
}

TEST(ParseODataQueryTest, SelectOfAnUnknownPropertyFailsLikeGraph) {
  EXPECT_EQ(ParseError("$select=subject,sujbect"),
            "Could not find a property named 'sujbect' on type 'microsoft.graph.message'.");
  EXPECT_NE(ParseError("$select=subject,"), "");
}

TEST(ParseODataQueryTest, EmptySelectSelectsEverything) {
  EXPECT_TRUE(Parse("$select=").select.empty());
  EXPECT_EQ(Parse("$select=*").select, std::vector<std::string>{"*"});
}

// ---- $orderby ----

TEST(ParseODataQueryTest, OrderByParsesDirectionsAndNestedPaths) {
  ODataQuery query = Parse("$orderby=receivedDateTime DESC,from/emailAddress/address asc,subject");

  ASSERT_EQ(query.orderby.size(), 3u);
  EXPECT_TRUE(query.orderby[0].descending);
  EXPECT_EQ(query.orderby[1].property, "from/emailAddress/address");
  EXPECT_FALSE(query.orderby[1].descending);
  EXPECT_EQ(query.orderby[2].property, "subject");
  EXPECT_FALSE(query.orderby[2].descending);
}

TEST(ParseODataQueryTest, OrderByRejectsBadDirectionsUnknownAndNonPrimitiveProperties) {
  EXPECT_NE(ParseError("$orderby=subject%20up"), "");
  EXPECT_NE(ParseError("$orderby=subject,"), "");
  EXPECT_EQ(ParseError("$orderby=recievedDateTime"),
            "Could not find a property named 'recievedDateTime' on type "
            "'microsoft.graph.message'.");
  EXPECT_NE(ParseError("$orderby=toRecipients"), "");
  EXPECT_NE(ParseError("$orderby=from"), "");
}

// ---- CheckFilterOrderBy (InefficientFilter) ----

std::string Inefficient() {
  return "The restriction or sort order is too complex for this operation.";
}

TEST(CheckFilterOrderByTest, AllowsOrderByPropertiesThatLeadTheFilterInOrder) {
  ODataQuery query = Parse(
      "$orderby=receivedDateTime desc&"
      "$filter=receivedDateTime ge 2024-01-01T00:00:00Z and isRead eq false");

  EXPECT_TRUE(CheckFilterOrderBy(query));
}

TEST(CheckFilterOrderByTest, RejectsOrderByPropertyMissingFromFilter) {
  ODataQuery query = Parse("$orderby=receivedDateTime&$filter=subject eq 'x'");

  auto status = CheckFilterOrderBy(query);

  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, Inefficient());
}

TEST(CheckFilterOrderByTest, RejectsOrderByPropertyThatIsNotFirstInFilter) {
  ODataQuery query =
      Parse("$orderby=receivedDateTime&$filter=isRead eq false and receivedDateTime ge 2024-01-01");

  EXPECT_FALSE(CheckFilterOrderBy(query));
}

TEST(CheckFilterOrderByTest, RequiresTheSameOrderForSeveralProperties) {
  const char* filter =
      "$filter=receivedDateTime ge 2024-01-01 and receivedDateTime lt 2025-01-01 "
      "and subject eq 'x' and isRead eq false";

  EXPECT_TRUE(
      CheckFilterOrderBy(Parse(std::string(filter) + "&$orderby=receivedDateTime,subject")));
  EXPECT_FALSE(
      CheckFilterOrderBy(Parse(std::string(filter) + "&$orderby=subject,receivedDateTime")));
  EXPECT_FALSE(
      CheckFilterOrderBy(Parse(std::string(filter) + "&$orderby=receivedDateTime,isRead")));
}

TEST(CheckFilterOrderByTest, MatchesNestedPaths) {
  ODataQuery query =
      Parse("$filter=from/emailAddress/address eq 'a@b.c'&$orderby=from/emailAddress/address");

  EXPECT_TRUE(CheckFilterOrderBy(query));
}

TEST(CheckFilterOrderByTest, AllowsEitherOptionAlone) {
  EXPECT_TRUE(CheckFilterOrderBy(Parse("$orderby=subject")));
  EXPECT_TRUE(CheckFilterOrderBy(Parse("$filter=isRead eq false")));
}

// ---- OrderBefore ----

const char* kMessages[] = {
    R"({"id":"1","subject":"banana","receivedDateTime":"2024-01-02T00:00:00Z","isRead":true})",
    R"({"id":"2","subject":"Apple","receivedDateTime":"2024-01-03T00:00:00Z","isRead":false})",
    R"({"id":"3","subject":"cherry","receivedDateTime":"2024-01-01T12:00:00+02:00","isRead":true})",
    R"({"id":"4","receivedDateTime":"2024-01-01T11:00:00Z","isRead":false})",
};

std::vector<std::string> SortedIds(const std::vector<OrderBy>& orderby) {
  std::vector<json::object> messages;
  for (const char* text : kMessages) messages.push_back(Message(text));
  std::stable_sort(messages.begin(), messages.end(),
                   [&](const auto& a, const auto& b) { return OrderBefore(orderby, a, b); });
  std::vector<std::string> ids;
  for (const auto& m : messages) ids.emplace_back(m.at("id").as_string());
  return ids;
}

TEST(OrderBeforeTest, SortsDateTimesAsInstants) {
  // Message 3 is 10:00Z, before message 4 at 11:00Z, despite its later wall-clock text.
  EXPECT_EQ(SortedIds({{"receivedDateTime", true}}),
            (std::vector<std::string>{"2", "1", "4", "3"}));
  EXPECT_EQ(SortedIds({{"receivedDateTime", false}}),
            (std::vector<std::string>{"3", "4", "1", "2"}));
}

TEST(OrderBeforeTest, SortsStringsCaseInsensitivelyWithMissingValuesFirst) {
  EXPECT_EQ(SortedIds({{"subject", false}}), (std::vector<std::string>{"4", "2", "1", "3"}));
  EXPECT_EQ(SortedIds({{"subject", true}}), (std::vector<std::string>{"3", "1", "2", "4"}));
}

TEST(OrderBeforeTest, LaterKeysBreakTies) {
  EXPECT_EQ(SortedIds({{"isRead", false}, {"receivedDateTime", true}}),
            (std::vector<std::string>{"2", "4", "1", "3"}));
}

TEST(OrderBeforeTest, EqualKeysAreNotBeforeEachOther) {
  json::object a = Message(kMessages[0]);
  json::object b = Message(kMessages[2]);

  EXPECT_FALSE(OrderBefore({{"isRead", false}}, a, b));
  EXPECT_FALSE(OrderBefore({{"isRead", false}}, b, a));
  EXPECT_FALSE(OrderBefore({}, a, b));
}

// ---- ApplySelect ----

const char* kFull = R"({"@odata.etag":"W/\"1\"","id":"m1","subject":"s","isRead":false,
                        "from":{"emailAddress":{"address":"a@b.c"}},"bodyPreview":"p"})";

TEST(ApplySelectTest, KeepsSelectedPropertiesPlusIdAndEtag) {
  json::object selected = ApplySelect({"subject", "from"}, Message(kFull));

  EXPECT_EQ(selected, Message(R"({"@odata.etag":"W/\"1\"","id":"m1","subject":"s",
                                  "from":{"emailAddress":{"address":"a@b.c"}}})"));
}

TEST(ApplySelectTest, PutsEtagAndIdFirst) {
  json::object selected = ApplySelect({"subject"}, Message(kFull));

  std::vector<std::string> keys;
  for (const auto& entry : selected) keys.emplace_back(entry.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"@odata.etag", "id", "subject"}));
}

TEST(ApplySelectTest, MatchesNamesCaseInsensitively) {
  json::object selected = ApplySelect({"IsRead"}, Message(kFull));

  EXPECT_EQ(selected.at("isRead"), false);
  EXPECT_FALSE(selected.contains("IsRead"));
}

TEST(ApplySelectTest, ReturnsNullForSelectedPropertiesTheMessageLacks) {
  json::object selected = ApplySelect({"sentDateTime"}, Message(kFull));

  ASSERT_TRUE(selected.contains("sentDateTime"));
  EXPECT_TRUE(selected.at("sentDateTime").is_null());
}

TEST(ApplySelectTest, LeavesOutMissingNavigationProperties) {
  json::object selected = ApplySelect({"subject", "singleValueExtendedProperties"}, Message(kFull));

  EXPECT_FALSE(selected.contains("singleValueExtendedProperties"));
}

TEST(ApplySelectTest, EmptyOrStarSelectsEverything) {
  EXPECT_EQ(ApplySelect({}, Message(kFull)), Message(kFull));
  EXPECT_EQ(ApplySelect({"*"}, Message(kFull)), Message(kFull));
}

}  // namespace
}  // namespace graphpost::sandbox::graph
