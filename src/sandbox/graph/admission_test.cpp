// GraphService::AdmitHead: the decision from a request head, before any body is read.
#include <gtest/gtest.h>

#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

class GraphAdmissionTest : public testing::GraphFixture {
 protected:
  http::Request Head(std::string method, std::string target,
                     std::optional<std::string> token = std::nullopt) {
    http::Request head =
        Request(std::move(method), std::move(target), "", "application/json", std::move(token));
    return head;
  }

  // An upload URL (path and query) for a 5 MiB attachment on a new draft of adele's.
  std::string UploadTarget() {
    auto draft =
        Call(Request("POST", "/v1.0/users/adele@contoso.com/messages", R"({"subject":"Draft"})"));
    std::string id = JsonString(Body(draft), "id").value_or("");
    std::string body = R"({"AttachmentItem":{"attachmentType":"file","name":"a.bin","size":)" +
                       std::to_string(5 * kMiB) + "}}";
    auto session = Call(Request(
        "POST", "/v1.0/users/adele@contoso.com/messages/" + id + "/attachments/createUploadSession",
        body));
    std::string url = JsonString(Body(session), "uploadUrl").value_or("");
    return url.substr(std::string(testing::kBaseUrl).size());
  }

  http::Request UploadHead(const std::string& method, const std::string& target,
                           const std::string& range) {
    http::Request head = Head(method, target);
    head.headers.Remove("Authorization");
    if (!range.empty()) head.headers.Set("Content-Range", range);
    return head;
  }
};

TEST_F(GraphAdmissionTest, RequestsOutsideGraphAreNotItsConcern) {
  EXPECT_FALSE(service_->AdmitHead(Head("POST", "/tenant/oauth2/v2.0/token")));
  EXPECT_FALSE(service_->AdmitHead(Head("GET", "/_sandbox/health")));
}

TEST_F(GraphAdmissionTest, MissingOrBadTokenIsRefusedWithGraphs401BeforeTheBody) {
  http::Request missing = Head("POST", "/v1.0/users/adele@contoso.com/sendMail");
  missing.headers.Remove("Authorization");

  auto no_token = service_->AdmitHead(missing);
  auto forged = service_->AdmitHead(
      Head("POST", "/v1.0/users/adele@contoso.com/sendMail", Token({.key = &testing::OtherKey()})));

  ASSERT_TRUE(no_token && no_token->refusal);
  EXPECT_EQ(no_token->refusal->status, 401);
  EXPECT_EQ(ErrorCodeOf(*no_token->refusal), "InvalidAuthenticationToken");
  EXPECT_TRUE(no_token->refusal->headers.Get("request-id"));
  ASSERT_TRUE(forged && forged->refusal);
  EXPECT_EQ(forged->refusal->status, 401);
}

TEST_F(GraphAdmissionTest, ValidTokenMayBringTwiceGraphsRequestLimit) {
  auto admission = service_->AdmitHead(Head("POST", "/v1.0/users/adele@contoso.com/sendMail"));

  ASSERT_TRUE(admission);
  EXPECT_FALSE(admission->refusal);
  EXPECT_EQ(admission->body_limit, 8 * kMiB);
}

TEST_F(GraphAdmissionTest, UploadUrlOfNoSessionOrWithTheWrongAuthtokenIsRefused) {
  std::string target = UploadTarget();
  std::string wrong = target.substr(0, target.find('?')) + "?authtoken=nope";

  auto unknown = service_->AdmitHead(UploadHead("PUT", "/upload/nothing?authtoken=x", ""));
  auto bad_token = service_->AdmitHead(UploadHead("PUT", wrong, "bytes 0-9/5242880"));

  ASSERT_TRUE(unknown && unknown->refusal);
  EXPECT_EQ(unknown->refusal->status, 404);
  EXPECT_EQ(ErrorCodeOf(*unknown->refusal), "ErrorItemNotFound");
  ASSERT_TRUE(bad_token && bad_token->refusal);
  EXPECT_EQ(bad_token->refusal->status, 401);
}

TEST_F(GraphAdmissionTest, UploadChunkMayBeItsContentRangeLengthWithinBounds) {
  std::string target = UploadTarget();
  auto limit = [&](const std::string& method, const std::string& range) {
    auto admission = service_->AdmitHead(UploadHead(method, target, range));
    EXPECT_TRUE(admission && !admission->refusal) << range;
    return admission ? admission->body_limit : 0;
  };

  EXPECT_EQ(limit("PUT", "bytes 0-1048575/5242880"), 4 * kMiB);  // at least Graph's chunk size
  EXPECT_EQ(limit("PUT", "bytes 0-10485759/20971520"), 10 * kMiB);
  EXPECT_EQ(limit("PUT", "bytes 0-104857599/209715200"), kMaxUploadRequestBytes);
  EXPECT_EQ(limit("PUT", ""), 4 * kMiB);
  EXPECT_EQ(limit("DELETE", ""), 64 * 1024u);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
