#include "bulk/recipients_csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace graphpost::bulk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseCsvTest, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto records = ParseCsv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nnext line\"\r\nlast,\"\"\n", "f.csv");

  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 3u);
  EXPECT_THAT((*records)[1].fields, ElementsAre("x, y", "say \"hi\"\nnext line"));
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[2].line, 4);
  EXPECT_THAT((*records)[2].fields, ElementsAre("last", ""));
}

TEST(ParseCsvTest, SkipsBomAndEmptyLinesAndAcceptsNoFinalLineBreak) {
  auto records = ParseCsv(
      "\xEF\xBB\xBF"
      "email\n\nx@y.com",
      "f.csv");

  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_THAT((*records)[0].fields, ElementsAre("email"));
  EXPECT_EQ((*records)[1].line, 3);
}

TEST(ParseCsvTest, UnterminatedQuoteIsNamedWhereItOpened) {
  auto records = ParseCsv("email,name\nx@y.com,\"Bob\n", "list.csv");

  ASSERT_FALSE(records);
  EXPECT_EQ(records.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(records.error().message, HasSubstr("list.csv:2:9: a quoted field that is never"));
}

TEST(ParseCsvTest, QuoteInsideUnquotedFieldNamesLineAndColumn) {
  auto records = ParseCsv("email\nab\"c\n", "list.csv");

  ASSERT_FALSE(records);
  EXPECT_THAT(records.error().message, HasSubstr("list.csv:2:3: a quote inside an unquoted"));
}

TEST(ParseCsvTest, TextAfterClosingQuoteIsRefused) {
  auto records = ParseCsv("email\n\"a\"b\n", "list.csv");

  ASSERT_FALSE(records);
  EXPECT_THAT(records.error().message, HasSubstr("list.csv:2:4: text after the closing quote"));
}

TEST(ParseRecipientsTest, EmailNameAndMergeFieldsByLowerCaseColumn) {
  auto table = ParseRecipients("Email, Name ,Company\n bob@x.com ,Bob,\"Acme, Inc.\"\n", "r.csv");

  ASSERT_TRUE(table) << table.error().message;
  EXPECT_THAT(table->columns, ElementsAre("Email", "Name", "Company"));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].email, "bob@x.com");
  EXPECT_EQ(table->rows[0].name, "Bob");
  EXPECT_EQ(table->rows[0].fields.at("company"), "Acme, Inc.");
  EXPECT_EQ(table->rows[0].fields.at("email"), "bob@x.com");
}

TEST(ParseRecipientsTest, ToColumnWorksInsteadOfEmail) {
  auto table = ParseRecipients("to\nbob@x.com\n", "r.csv");

  ASSERT_TRUE(table);
  EXPECT_EQ(table->rows[0].email, "bob@x.com");
  EXPECT_EQ(table->rows[0].name, "");
}

TEST(ParseRecipientsTest, RefusesHeaderWithoutEmailColumn) {
  auto table = ParseRecipients("name\nBob\n", "r.csv");

  ASSERT_FALSE(table);
  EXPECT_THAT(table.error().message, HasSubstr("r.csv:1: the header has no 'email'"));
}

TEST(ParseRecipientsTest, RefusesDuplicateColumnRegardlessOfCase) {
  auto table = ParseRecipients("email,Name,NAME\na@b.com,x,y\n", "r.csv");

  ASSERT_FALSE(table);
  EXPECT_THAT(table.error().message, HasSubstr("column 3: column 'NAME' appears twice"));
}

TEST(ParseRecipientsTest, RowWithWrongFieldCountNamesItsLine) {
  auto table = ParseRecipients("email,name\na@b.com,A\nc@d.com\n", "r.csv");

  ASSERT_FALSE(table);
  EXPECT_THAT(table.error().message, HasSubstr("r.csv:3: this row has 1 field(s), the header 2"));
}

TEST(ParseRecipientsTest, EmptyEmailNamesItsLine) {
  auto table = ParseRecipients("email,name\n  ,A\n", "r.csv");

  ASSERT_FALSE(table);
  EXPECT_THAT(table.error().message, HasSubstr("r.csv:2: the email is empty"));
}

TEST(ParseRecipientsTest, HeaderOnlyIsRefused) {
  auto table = ParseRecipients("email\n", "r.csv");

  ASSERT_FALSE(table);
  EXPECT_THAT(table.error().message, HasSubstr("no recipient rows"));
}

}  // namespace
}  // namespace graphpost::bulk
