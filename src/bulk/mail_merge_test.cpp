#include "bulk/mail_merge.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json.hpp"

namespace graphpost::bulk {
namespace {

using ::testing::HasSubstr;

RecipientTable Recipients(std::string_view csv) {
  auto t = ParseRecipients(csv, "r.csv");
  EXPECT_TRUE(t) << t.error().message;
  return *t;
}

std::vector<std::string> Lower(const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (auto c : columns) {
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.push_back(c);
  }
  return out;
}

Result<MailMerge> Merge(std::string_view toml, const RecipientTable& t, MergeFiles files = {}) {
  auto spec = ParseMessageTemplate(toml, "m.toml");
  EXPECT_TRUE(spec) << spec.error().message;
  return MailMerge::Build(*spec, std::move(files), Lower(t.columns));
}

TEST(MailMergeTest, RendersTheApiMessageForARow) {
  auto t = Recipients("email,name,plan\nbob@fabrikam.com,Bob,Gold\n");
  auto merge = Merge(
      "connection = \"contoso\"\nsubject = \"{{plan}} for {{ name }}\"\n"
      "html = \"<b>{{ name }}</b>\"\n[headers]\nX-Plan = \"{{ plan }}\"\n",
      t);
  ASSERT_TRUE(merge) << merge.error().message;

  auto json = merge->Render(t.rows[0], "r.csv");

  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ(*json, R"({"connection":"contoso","to":[{"address":"bob@fabrikam.com","name":"Bob"}],)"
                   R"("subject":"Gold for Bob","html":"<b>Bob</b>","headers":{"X-Plan":"Gold"}})");
}

TEST(MailMergeTest, AddressTheApiRefusesNamesTheCsvLineAndPath) {
  auto t = Recipients("email\nok@fabrikam.com\nnot-an-address\n");
  auto merge = Merge("connection = \"c\"\ntext = \"hi\"\n", t);
  ASSERT_TRUE(merge);

  EXPECT_TRUE(merge->Render(t.rows[0], "r.csv"));
  auto bad = merge->Render(t.rows[1], "r.csv");

  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("r.csv line 3: $.to[0]"));
}

TEST(MailMergeTest, PlaceholderForAMissingColumnFailsTheBuild) {
  auto t = Recipients("email\na@b.com\n");

  auto merge = Merge("connection = \"c\"\nsubject = \"x\"\ntext = \"Hi {{ name }}\"\n", t);

  ASSERT_FALSE(merge);
  EXPECT_THAT(merge.error().message, HasSubstr("m.toml:3: {{ name }}: the recipients file has no"));
}

TEST(MailMergeTest, AttachmentsAndBodyFilesAreUsed) {
  auto t = Recipients("email\na@fabrikam.com\n");
  MergeFiles files{.text_file = TemplateText{"Hello {{ email }}", {"body.txt", 1}},
                   .html_file = std::nullopt,
                   .attachments = {{.name = "a.txt",
                                    .content_type = "text/plain",
                                    .content_base64 = "aGk=",
                                    .content_id = "",
                                    .is_inline = false}}};
  auto merge = Merge("connection = \"c\"\ntextFile = \"body.txt\"\n", t, files);
  ASSERT_TRUE(merge) << merge.error().message;

  auto json = merge->Render(t.rows[0], "r.csv");

  ASSERT_TRUE(json) << json.error().message;
  EXPECT_THAT(*json, HasSubstr(R"("text":"Hello a@fabrikam.com")"));
  EXPECT_THAT(*json, HasSubstr(R"("attachments":[{"name":"a.txt","contentType":"text/plain",)"
                               R"("contentBytes":"aGk="}])"));
}

TEST(PlanChunksTest, SplitsByCountAndBytes) {
  std::vector<std::size_t> sizes(2500, 100);

  auto chunks = PlanChunks(sizes, 1000, 1 << 20);

  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[2].first, 2000u);
  EXPECT_EQ(chunks[2].count, 500u);
  auto by_bytes = PlanChunks({60, 60, 60, 500}, 1000, 150);
  ASSERT_EQ(by_bytes.size(), 3u);
  EXPECT_EQ(by_bytes[0].count, 2u);  // 16 + 61 + 61 <= 150
  EXPECT_EQ(by_bytes[2].count, 1u);
}

TEST(ChunkIdempotencyKeyTest, SameInputsSameKeyDifferentInputsDifferentKey) {
  const auto hash = ContentHash({"email\na@b.com\n", "text = \"x\""});

  EXPECT_EQ(hash, ContentHash({"email\na@b.com\n", "text = \"x\""}));
  EXPECT_NE(hash, ContentHash({"email\na@b.com", "\ntext = \"x\""}));
  EXPECT_EQ(ChunkIdempotencyKey(hash, 2, 3), "bulk-" + hash.substr(0, 32) + "-2-of-3");
}

TEST(BatchBodyTest, WrapsMessages) {
  EXPECT_EQ(BatchBody({"{\"a\":1}", "{\"b\":2}"}), R"({"messages":[{"a":1},{"b":2}]})");
}

}  // namespace
}  // namespace graphpost::bulk
