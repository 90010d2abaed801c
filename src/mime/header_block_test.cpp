#include "mime/internal/header_block.hpp"

#include <gtest/gtest.h>

namespace graphpost::mime::internal {
namespace {

TEST(HeaderBlockTest, FindsEachFieldWithItsFoldsAndTheBody) {
  const std::string_view mime = "To: a@x.org\r\nSubject: one\r\n two\r\n\r\nbody\r\n";

  auto block = ScanMessageHeader(mime);

  ASSERT_TRUE(block) << block.error().message;
  ASSERT_EQ(block->fields.size(), 2u);
  EXPECT_EQ(block->fields[1].name, "Subject");
  EXPECT_EQ(mime.substr(block->fields[1].begin, block->fields[1].end - block->fields[1].begin),
            "Subject: one\r\n two\r\n");
  EXPECT_EQ(Unfold(block->fields[1].raw_value), "one two");
  EXPECT_EQ(mime.substr(block->body_begin), "body\r\n");
  EXPECT_EQ(block->eol, "\r\n");
}

TEST(HeaderBlockTest, AcceptsBareLfAndWhitespaceBeforeTheColon) {
  auto block = ScanMessageHeader("Subject : x\nTo: a@x.org\n\nbody\n");

  ASSERT_TRUE(block) << block.error().message;
  EXPECT_EQ(block->fields[0].name, "Subject");
  EXPECT_EQ(block->eol, "\n");
  EXPECT_EQ(std::string_view("Subject : x\nTo: a@x.org\n\nbody\n").substr(block->body_begin),
            "body\n");
}

TEST(HeaderBlockTest, AHeaderWithoutBodyEndsAtTheEndOfInput) {
  auto block = ScanMessageHeader("Subject: x");

  ASSERT_TRUE(block);
  EXPECT_EQ(block->body_begin, 10u);
  EXPECT_EQ(Unfold(block->fields[0].raw_value), "x");
}

TEST(HeaderBlockTest, RefusesWhatIsNotAHeader) {
  for (std::string_view bad : {"", "\r\nbody", " folded: x\r\n\r\n", "hello world\r\n\r\n",
                               "From someone Wed Dec 2\r\nTo: a@x.org\r\n\r\n",
                               "To: a@x.org\r\nno colon here\r\n\r\n", ": empty name\r\n\r\n"}) {
    auto block = ScanMessageHeader(bad);

    ASSERT_FALSE(block) << bad;
    EXPECT_EQ(block.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(block.error().message.starts_with("not an RFC 5322 message: ")) << bad;
  }
}

TEST(HeaderBlockTest, APartHeaderEndsAtTheFirstLineThatIsNotAField) {
  const std::string_view part = "Content-Type: text/plain\r\nnot a header\r\nmore\r\n";

  const HeaderBlock block = ScanPartHeader(part);

  EXPECT_EQ(block.fields.size(), 1u);
  EXPECT_EQ(part.substr(block.body_begin), "not a header\r\nmore\r\n");
}

}  // namespace
}  // namespace graphpost::mime::internal
