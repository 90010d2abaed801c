// The draft path of GraphMailClient: draft, attachments (inline POST or upload session), send.
#include <charconv>
#include <memory>

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "graph/graph_mail_client.hpp"
#include "graph/internal/fake_token_provider.hpp"
#include "testing/fake_http_transport.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::graph {
namespace {

using graphpost::testing::FakeHttpTransport;
using graphpost::testing::FakeRandom;
using graphpost::testing::JsonResponse;
using internal::FakeTokenProvider;

constexpr std::size_t kMiB = 1024 * 1024;
constexpr char kMessagePath[] = "https://graph.test/v1.0/users/sender@contoso.com/messages";
constexpr char kDraftPath[] =
    "https://graph.test/v1.0/users/sender@contoso.com/messages/AAMk%2Fdraft%3D";
constexpr char kUploadUrl[] = "https://outlook.test/upload/s1?authtoken=SECRETUPLOADTOKEN";

// Bytes whose position is visible in their value, so misordered chunks are caught.
std::string PatternBytes(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
  return bytes;
}

// "bytes a-b/total" → {a, b, total}
std::array<std::size_t, 3> ParseContentRange(std::string_view range) {
  std::array<std::size_t, 3> out{};
  range.remove_prefix(6);
  const char* p = range.data();
  const char* end = range.data() + range.size();
  p = std::from_chars(p, end, out[0]).ptr + 1;
  p = std::from_chars(p, end, out[1]).ptr + 1;
  std::from_chars(p, end, out[2]);
  return out;
}

http::ClientResponse EmptyResponse(int status) {
  http::ClientResponse r;
  r.status = status;
  return r;
}

// A Graph mailbox + Outlook upload endpoint, enough for the draft path.
struct FakeGraph {
  std::string uploaded;                   // bytes received by PUTs, in order
  std::size_t accept_per_put = SIZE_MAX;  // take at most this much of each PUT
  bool never_progress = false;            // always ask for byte 0 again
  int fail_put_with = 0;                  // answer PUTs with this status
  std::vector<std::string> inline_attachments;

  Result<http::ClientResponse> Answer(const http::ClientRequest& r) {
    if (r.method == "PUT") return AnswerPut(r);
    if (r.method == "POST" && r.url == kMessagePath) {
      return JsonResponse(201, R"({"id":"AAMk/draft=","isDraft":true})");
    }
    if (r.method == "POST" && r.url == std::string(kDraftPath) + "/attachments") {
      inline_attachments.push_back(std::string(ParseJson(r.body)->at("name").as_string()));
      return JsonResponse(201, "{}");
    }
    if (r.method == "POST" &&
        r.url == std::string(kDraftPath) + "/attachments/createUploadSession") {
      return JsonResponse(
          201, std::string(R"({"uploadUrl":")") + kUploadUrl + R"(","nextExpectedRanges":["0-"]})");
    }
    if (r.method == "POST" && r.url == std::string(kDraftPath) + "/send") return EmptyResponse(202);
    if (r.method == "DELETE" && r.url == kDraftPath) return EmptyResponse(204);
    return JsonResponse(404, R"({"error":{"code":"ErrorItemNotFound","message":"no route"}})");
  }

  Result<http::ClientResponse> AnswerPut(const http::ClientRequest& r) {
    if (fail_put_with != 0) {
      return JsonResponse(fail_put_with,
                          std::string(R"({"error":{"code":"ServerBusy","message":"retry )") +
                              kUploadUrl + R"("}})");
    }
    auto [begin, last, total] = ParseContentRange(*r.headers.Get("Content-Range"));
    if (never_progress) return JsonResponse(200, R"({"nextExpectedRanges":["0-"]})");
    EXPECT_EQ(begin, uploaded.size());
    const std::size_t taken = std::min(accept_per_put, r.body.size());
    uploaded += r.body.substr(0, taken);
    if (uploaded.size() == total) return EmptyResponse(201);
    return JsonResponse(200,
                        R"({"ExpirationDateTime":"2030-01-01T00:00:00Z","nextExpectedRanges":[")" +
                            std::to_string(begin + taken) + "-" + std::to_string(last) + R"("]})");
  }
};

class GraphUploadSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http_.SetResponder([this](const http::ClientRequest& r) { return graph_.Answer(r); });
  }

  OutgoingMessage MessageWith(std::vector<Attachment> attachments) {
    OutgoingMessage m;
    m.subject = "Files";
    m.body = "see attached";
    m.to = {{"", "ann@contoso.com"}};
    m.attachments = std::move(attachments);
    return m;
  }

  std::vector<http::ClientRequest> Puts() const {
    std::vector<http::ClientRequest> puts;
    for (const auto& r : http_.requests()) {
      if (r.method == "PUT") puts.push_back(r);
    }
    return puts;
  }

  FakeGraph graph_;
  FakeHttpTransport http_;
  FakeTokenProvider tokens_;
  FakeRandom random_;
  GraphMailClient client_{http_, tokens_, random_,
                          GraphClientOptions{.base_url = "https://graph.test/v1.0"}};
};

TEST_F(GraphUploadSessionTest, AttachmentJustOverThreeMegabytesUsesOneUploadSessionPut) {
  const std::string bytes = PatternBytes(static_cast<std::size_t>(3.1 * kMiB));
  OutgoingMessage m =
      MessageWith({{.name = "plan.pdf", .content_type = "application/pdf", .bytes = bytes}});

  Status sent = client_.SendMail("sender@contoso.com", m);

  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  const auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].url, kMessagePath);
  EXPECT_EQ(requests[0].body.find("attachments"), std::string::npos);
  EXPECT_EQ(requests[1].url, std::string(kDraftPath) + "/attachments/createUploadSession");
  EXPECT_EQ(requests[1].body, R"({"AttachmentItem":{"attachmentType":"file","name":"plan.pdf",)"
                              R"("size":)" +
                                  std::to_string(bytes.size()) +
                                  R"(,"contentType":"application/pdf","isInline":false}})");
  EXPECT_EQ(requests[1].headers.Get("Authorization"), "Bearer token-1");
  EXPECT_EQ(requests[2].method, "PUT");
  EXPECT_EQ(requests[2].url, kUploadUrl);
  EXPECT_FALSE(requests[2].headers.Get("Authorization").has_value());
  EXPECT_EQ(requests[2].headers.Get("Content-Type"), "application/octet-stream");
  EXPECT_EQ(requests[2].headers.Get("Content-Range"),
            "bytes 0-" + std::to_string(bytes.size() - 1) + "/" + std::to_string(bytes.size()));
  EXPECT_EQ(requests[3].url, std::string(kDraftPath) + "/send");
  EXPECT_EQ(graph_.uploaded, bytes);
}

TEST_F(GraphUploadSessionTest, TwentyFiveMegabytesGoInEightChunksOf320KiBMultiples) {
  const std::string bytes = PatternBytes(25 * kMiB);
  OutgoingMessage m = MessageWith({{.name = "video.mp4", .bytes = bytes}});

  Status sent = client_.SendMail("sender@contoso.com", m);

  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  const auto puts = Puts();
  ASSERT_EQ(puts.size(), 8u);
  constexpr std::size_t kChunk = 10 * 320 * 1024;
  for (std::size_t i = 0; i < puts.size(); ++i) {
    EXPECT_EQ(puts[i].body.size(), kChunk) << i;
    EXPECT_EQ(puts[i].headers.Get("Content-Range"), "bytes " + std::to_string(i * kChunk) + "-" +
                                                        std::to_string((i + 1) * kChunk - 1) + "/" +
                                                        std::to_string(bytes.size()));
    EXPECT_FALSE(puts[i].headers.Get("Authorization").has_value()) << i;
  }
  EXPECT_EQ(graph_.uploaded, bytes);
  EXPECT_EQ(http_.requests().back().url, std::string(kDraftPath) + "/send");
}

TEST_F(GraphUploadSessionTest, ResumesFromNextExpectedRanges) {
  graph_.accept_per_put = 1'000'000;
  const std::string bytes = PatternBytes(static_cast<std::size_t>(3.5 * kMiB));

  Status sent =
      client_.SendMail("sender@contoso.com", MessageWith({{.name = "a.bin", .bytes = bytes}}));

  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  const auto puts = Puts();
  ASSERT_EQ(puts.size(), 4u);
  EXPECT_TRUE(puts[1].headers.Get("Content-Range")->starts_with("bytes 1000000-"));
  EXPECT_TRUE(puts[2].headers.Get("Content-Range")->starts_with("bytes 2000000-"));
  EXPECT_EQ(graph_.uploaded, bytes);
}

TEST_F(GraphUploadSessionTest, SmallAndLargeAttachmentsEachTakeTheirOwnRoute) {
  const std::string large = PatternBytes(4 * kMiB);
  OutgoingMessage m =
      MessageWith({{.name = "small.txt", .bytes = "hello"}, {.name = "large.bin", .bytes = large}});

  ASSERT_TRUE(client_.SendMail("sender@contoso.com", m).has_value());

  EXPECT_EQ(graph_.inline_attachments, std::vector<std::string>{"small.txt"});
  EXPECT_EQ(graph_.uploaded, large);
}

TEST_F(GraphUploadSessionTest, SmallAttachmentsTooBigTogetherForOneRequestUseADraft) {
  OutgoingMessage m =
      MessageWith({{.name = "a.bin", .bytes = PatternBytes(static_cast<std::size_t>(2.9 * kMiB))},
                   {.name = "b.bin", .bytes = PatternBytes(static_cast<std::size_t>(2.9 * kMiB))}});

  ASSERT_TRUE(client_.SendMail("sender@contoso.com", m).has_value());

  EXPECT_EQ(graph_.inline_attachments, (std::vector<std::string>{"a.bin", "b.bin"}));
  EXPECT_TRUE(Puts().empty());
  for (const auto& r : http_.requests()) EXPECT_LE(r.body.size(), 4 * kMiB);
}

TEST_F(GraphUploadSessionTest, FailedUploadDeletesTheDraftAndHidesTheUploadUrl) {
  graph_.fail_put_with = 503;

  Status sent = client_.SendMail("sender@contoso.com",
                                 MessageWith({{.name = "a.bin", .bytes = PatternBytes(3 * kMiB)}}));

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(sent.error().remote_code, "ServerBusy");
  EXPECT_EQ(sent.error().message.find("SECRETUPLOADTOKEN"), std::string::npos)
      << sent.error().message;
  EXPECT_EQ(http_.requests().back().method, "DELETE");
  EXPECT_EQ(http_.requests().back().url, kDraftPath);
}

TEST_F(GraphUploadSessionTest, AnAmbiguousFailureBeforeTheSendLeavesTheOutcomeKnown) {
  graph_.fail_put_with = 504;  // the PUT's outcome is unknown, but no message was sent

  Status sent = client_.SendMail("sender@contoso.com",
                                 MessageWith({{.name = "a.bin", .bytes = PatternBytes(3 * kMiB)}}));

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
}

TEST_F(GraphUploadSessionTest, UploadThatNeverProgressesStopsWithAnError) {
  graph_.never_progress = true;

  Status sent = client_.SendMail("sender@contoso.com",
                                 MessageWith({{.name = "a.bin", .bytes = PatternBytes(4 * kMiB)}}));

  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_LT(Puts().size(), 20u);
}

TEST_F(GraphUploadSessionTest, AddAttachmentBelowThresholdPostsInline) {
  ASSERT_TRUE(client_
                  .AddAttachment("sender@contoso.com", "AAMk/draft=",
                                 {.name = "logo.png",
                                  .content_type = "image/png",
                                  .bytes = "PNG",
                                  .is_inline = true,
                                  .content_id = "logo"})
                  .has_value());

  const auto r = http_.requests()[0];
  EXPECT_EQ(r.url, std::string(kDraftPath) + "/attachments");
  EXPECT_EQ(
      r.body,
      R"({"@odata.type":"#microsoft.graph.fileAttachment","name":"logo.png",)"
      R"("contentType":"image/png","isInline":true,"contentId":"logo","contentBytes":"UE5H"})");
}

TEST_F(GraphUploadSessionTest, SessionWithoutUploadUrlIsAnInternalError) {
  FakeHttpTransport http;
  http.Enqueue(JsonResponse(201, R"({"nextExpectedRanges":["0-"]})"));
  GraphMailClient client(http, tokens_, random_, {.base_url = "https://graph.test/v1.0"});

  Status added = client.AddAttachment("sender@contoso.com", "d1",
                                      {.name = "a", .bytes = PatternBytes(3 * kMiB)});

  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace graphpost::graph
