// Mailbox endpoints: drafts, attachments, upload sessions, listing with OData options, get and
// delete.
#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "sandbox/graph/graph_test_support.hpp"
#include "sandbox/graph/mime_reader.hpp"

namespace graphpost::sandbox::graph {
namespace {

using testing::GraphFixture;

constexpr std::size_t kMiB = 1024 * 1024;

class GraphMailboxTest : public GraphFixture {
 protected:
  std::string CreateDraft() {
    auto r = Call(Request(
        "POST", "/v1.0/users/adele@contoso.com/messages",
        R"({"subject":"Draft","toRecipients":[{"emailAddress":{"address":"alex@contoso.com"}}]})"));
    EXPECT_EQ(r.status, 201);
    return JsonString(Body(r), "id").value_or("");
  }

  std::string MessagePath(const std::string& id) {
    return "/v1.0/users/adele@contoso.com/messages/" + id;
  }

  http::Request Upload(const std::string& method, const std::string& url, std::string body,
                       std::string range) {
    std::string target = url.substr(std::string(testing::kBaseUrl).size());
    http::Request r = Request(method, target, std::move(body), "application/octet-stream");
    r.headers.Remove("Authorization");
    if (!range.empty()) r.headers.Set("Content-Range", range);
    return r;
  }

  std::string UploadUrl(const std::string& id, std::size_t size) {
    std::string body = R"({"AttachmentItem":{"attachmentType":"file","name":"big.bin","size":)" +
                       std::to_string(size) + "}}";
    auto r = Call(Request("POST", MessagePath(id) + "/attachments/createUploadSession", body));
    EXPECT_EQ(r.status, 201) << r.body;
    return JsonString(Body(r), "uploadUrl").value_or("");
  }

  void SendMany(int count) {
    for (int i = 0; i < count; ++i) {
      std::string extra = i % 2 ? ",\"importance\":\"high\"" : "";
      ASSERT_EQ(
          Send("alex@contoso.com", SendBody("m" + std::to_string(i), {"adele@contoso.com"}, extra))
              .status,
          202);
      clock_.Advance(std::chrono::minutes{1});
    }
  }
};

TEST_F(GraphMailboxTest, CreateDraftReturns201WithFullMessage) {
  auto r = Call(Request("POST", "/v1.0/users/adele@contoso.com/messages",
                        R"({"subject":"Plan","body":{"contentType":"HTML","content":"<b>x</b>"},
                            "internetMessageHeaders":[{"name":"x-a","value":"1"}]})"));

  ASSERT_EQ(r.status, 201);
  auto body = Body(r).as_object();
  EXPECT_EQ(body.begin()->key(), "@odata.context");
  EXPECT_EQ(body.at("@odata.context"),
            "https://localhost:8443/v1.0/$metadata#users('adele@contoso.com')/messages/$entity");
  EXPECT_TRUE(body.at("@odata.etag").as_string().starts_with("W/\""));
  EXPECT_EQ(body.at("isDraft"), true);
  EXPECT_EQ(body.at("body").at("contentType"), "html");
  EXPECT_FALSE(body.contains("internetMessageHeaders"));
  EXPECT_TRUE(body.at("internetMessageId").as_string().ends_with(".prod.outlook.com>"));
  EXPECT_EQ(Folder("adele@contoso.com", "drafts").size(), 1u);
}

TEST_F(GraphMailboxTest, DraftInFolderAndMimeDraft) {
  auto in_folder =
      Call(Request("POST", "/v1.0/users/adele@contoso.com/mailFolders/archive/messages",
                   R"({"subject":"kept"})"));
  auto mime = Call(Request("POST", "/v1.0/users/adele@contoso.com/messages",
                           Base64Encode("To: alex@contoso.com\r\nSubject: mime draft\r\n\r\nhi"),
                           "text/plain"));
  auto missing =
      Call(Request("POST", "/v1.0/users/adele@contoso.com/mailFolders/nope/messages", "{}"));

  EXPECT_EQ(in_folder.status, 201);
  EXPECT_EQ(Folder("adele@contoso.com", "archive").size(), 1u);
  ASSERT_EQ(mime.status, 201);
  EXPECT_EQ(Body(mime).at("subject"), "mime draft");
  EXPECT_EQ(missing.status, 404);
}

TEST_F(GraphMailboxTest, AttachmentsOnADraftThenSend) {
  std::string id = CreateDraft();

  auto added = Call(Request("POST", MessagePath(id) + "/attachments",
                            R"({"@odata.type":"#microsoft.graph.fileAttachment","name":"a.txt",
                                "contentType":"text/plain","contentBytes":"SGVsbG8="})"));
  auto listed = Call(Request("GET", MessagePath(id) + "/attachments"));
  auto sent = Call(Request("POST", MessagePath(id) + "/send", "", ""));

  ASSERT_EQ(added.status, 201);
  EXPECT_EQ(Body(added).at("size"), 5);
  EXPECT_EQ(Body(added).at("name"), "a.txt");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(Body(listed).at("value").at(0).at("contentBytes"), "SGVsbG8=");
  EXPECT_EQ(sent.status, 202);
  EXPECT_TRUE(sent.body.empty());
  EXPECT_TRUE(Folder("adele@contoso.com", "drafts").empty());
  auto in_sent = Folder("adele@contoso.com", "sentitems");
  ASSERT_EQ(in_sent.size(), 1u);
  EXPECT_EQ(in_sent[0].at("id"), boost::json::value(id));
  auto inbox = Folder("alex@contoso.com", "inbox");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].at("hasAttachments"), true);
  EXPECT_EQ(Call(Request("POST", MessagePath(id) + "/send", "", "")).status,
            400);  // not a draft now
}

TEST_F(GraphMailboxTest, GetExpandAndDeleteAttachment) {
  std::string id = CreateDraft();
  auto added =
      Call(Request("POST", MessagePath(id) + "/attachments",
                   R"({"name":"n.txt","contentBytes":"SGk=","isInline":true,"contentId":"c1"})"));
  std::string attachment_id(Body(added).at("id").as_string());

  auto got = Call(Request("GET", MessagePath(id) + "/attachments/" + attachment_id));
  auto expanded = Call(Request("GET", MessagePath(id) + "?$expand=attachments"));
  auto deleted = Call(Request("DELETE", MessagePath(id) + "/attachments/" + attachment_id));
  auto after = Call(Request("GET", MessagePath(id)));

  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(Body(got).at("contentBytes"), "SGk=");
  EXPECT_EQ(Body(got).at("isInline"), true);
  EXPECT_EQ(Body(got).at("contentId"), "c1");
  EXPECT_EQ(Body(expanded).at("attachments").at(0).at("name"), "n.txt");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(Body(after).at("hasAttachments"), false);
  EXPECT_EQ(Call(Request("GET", MessagePath(id) + "/attachments/" + attachment_id)).status, 404);
}

TEST_F(GraphMailboxTest, AttachmentThatOverflowsTheMessageLimit) {
  std::string id = CreateDraft();
  world_.settings.limits.max_message_bytes = 100;

  auto r = Call(
      Request("POST", MessagePath(id) + "/attachments",
              R"({"name":"a.bin","contentBytes":")" + Base64Encode(std::string(200, 'z')) + "\"}"));

  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCodeOf(r), "ErrorMessageSizeExceeded");
  EXPECT_EQ(ErrorMessageOf(r),
            "The message exceeds the maximum supported size., Cannot save changes made to an item "
            "to store.");
}

TEST_F(GraphMailboxTest, UploadSessionInTwoChunks) {
  std::string id = CreateDraft();
  std::string url = UploadUrl(id, 5 * kMiB);
  ASSERT_TRUE(url.starts_with("https://localhost:8443/upload/"));
  ASSERT_NE(url.find("?authtoken="), std::string::npos);

  auto first = Call(Upload("PUT", url, std::string(4 * kMiB, 'a'), "bytes 0-4194303/5242880"));
  auto last = Call(Upload("PUT", url, std::string(kMiB, 'b'), "bytes 4194304-5242879/5242880"));

  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Body(first).at("nextExpectedRanges").at(0), "4194304");
  EXPECT_TRUE(Body(first).as_object().contains("ExpirationDateTime"));
  ASSERT_EQ(last.status, 201) << last.body;
  EXPECT_TRUE(last.body.empty());
  EXPECT_NE(last.headers.Get("Location")->find("/Attachments('"), std::string_view::npos);
  auto drafts = Folder("adele@contoso.com", "drafts");
  ASSERT_EQ(drafts.size(), 1u);
  EXPECT_EQ(drafts[0].at("attachments").at(0).at("size"), 5 * kMiB);
  EXPECT_EQ(drafts[0].at("hasAttachments"), true);
  EXPECT_EQ(Call(Upload("PUT", url, "x", "bytes 0-0/5242880")).status, 404);  // session is gone
}

TEST_F(GraphMailboxTest, UploadChunkErrors) {
  std::string id = CreateDraft();
  std::string url = UploadUrl(id, 5 * kMiB);

  auto out_of_order =
      Call(Upload("PUT", url, std::string(kMiB, 'b'), "bytes 4194304-5242879/5242880"));
  auto too_big =
      Call(Upload("PUT", url, std::string(4 * kMiB + 1, 'a'), "bytes 0-4194304/5242880"));
  auto no_range = Call(Upload("PUT", url, "abc", ""));
  auto bad_token = Call(
      Upload("PUT", url.substr(0, url.find('?')) + "?authtoken=nope", "a", "bytes 0-0/5242880"));
  auto cancelled = Call(Upload("DELETE", url, "", ""));
  auto after_cancel = Call(Upload("PUT", url, "a", "bytes 0-0/5242880"));

  EXPECT_EQ(out_of_order.status, 416);
  EXPECT_EQ(Body(out_of_order).at("nextExpectedRanges").at(0), "0");
  EXPECT_EQ(too_big.status, 400);
  EXPECT_EQ(no_range.status, 400);
  EXPECT_EQ(bad_token.status, 401);
  EXPECT_EQ(cancelled.status, 204);
  EXPECT_EQ(after_cancel.status, 404);
}

TEST_F(GraphMailboxTest, CreateUploadSessionSizeRules) {
  std::string id = CreateDraft();
  std::string session = "/attachments/createUploadSession";

  auto small =
      Call(Request("POST", MessagePath(id) + session,
                   R"({"AttachmentItem":{"attachmentType":"file","name":"s","size":1000}})"));
  auto huge =
      Call(Request("POST", MessagePath(id) + session,
                   R"({"attachmentItem":{"attachmentType":"file","name":"h","size":40000000}})"));

  EXPECT_EQ(small.status, 400);
  EXPECT_EQ(ErrorCodeOf(small), "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize");
  EXPECT_EQ(huge.status, 400);
  EXPECT_EQ(ErrorCodeOf(huge), "ErrorMessageSizeExceeded");
}

TEST_F(GraphMailboxTest, ListingPagesWithNextLinkAndDefaultOrder) {
  SendMany(12);

  auto first = Call(Request(
      "GET", "/v1.0/users/adele@contoso.com/mailFolders/Inbox/messages?$select=subject,from"));
  auto body = Body(first);
  auto value = body.at("value").as_array();

  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(value.size(), 10u);
  EXPECT_EQ(value[0].at("subject"), "m11");    // receivedDateTime desc
  EXPECT_EQ(value[0].as_object().size(), 4u);  // @odata.etag, id, subject, from
  EXPECT_EQ(body.at("@odata.context"),
            "https://localhost:8443/v1.0/$metadata#users('adele@contoso.com')/"
            "mailFolders('Inbox')/messages(subject,from)");
  std::string next(body.at("@odata.nextLink").as_string());
  EXPECT_EQ(next,
            "https://localhost:8443/v1.0/users/adele@contoso.com/mailFolders/Inbox/messages?"
            "$select=subject,from&%24skip=10");
  auto second = Call(Request("GET", next.substr(std::string(testing::kBaseUrl).size())));
  EXPECT_EQ(Body(second).at("value").as_array().size(), 2u);
  EXPECT_FALSE(Body(second).as_object().contains("@odata.nextLink"));
}

TEST_F(GraphMailboxTest, ListingWithFilterOrderByTopAndCount) {
  SendMany(6);

  auto r = Call(
      Request("GET",
              "/v1.0/users/adele@contoso.com/messages?$filter=importance%20eq%20'high'%20and%20"
              "receivedDateTime%20ge%202020-01-01T00:00:00Z&$orderby=importance,receivedDateTime&$"
              "top=2&$count=true"));
  auto inefficient = Call(Request("GET",
                                  "/v1.0/users/adele@contoso.com/messages?"
                                  "$filter=isRead%20eq%20false&$orderby=subject"));
  auto bad = Call(Request("GET", "/v1.0/users/adele@contoso.com/messages?$top=5000"));

  ASSERT_EQ(r.status, 200) << r.body;
  auto value = Body(r).at("value").as_array();
  ASSERT_EQ(value.size(), 2u);
  EXPECT_EQ(value[0].at("subject"), "m1");
  EXPECT_EQ(value[1].at("subject"), "m3");
  EXPECT_EQ(Body(r).at("@odata.count"), 3);
  EXPECT_EQ(inefficient.status, 400);
  EXPECT_EQ(ErrorCodeOf(inefficient), "InefficientFilter");
  EXPECT_EQ(ErrorMessageOf(inefficient),
            "The restriction or sort order is too complex for this operation.");
  EXPECT_EQ(bad.status, 400);
}

TEST_F(GraphMailboxTest, PreferTextBodyAndHiddenProperties) {
  ASSERT_EQ(Send("alex@contoso.com",
                 SendBody("h", {"adele@contoso.com"},
                          ",\"body\":{\"contentType\":\"html\",\"content\":\"<p>Hi&amp;bye</p>\"},"
                          "\"internetMessageHeaders\":[{\"name\":\"X-Id\",\"value\":\"7\"}]"))
                .status,
            202);
  std::string id(Folder("adele@contoso.com", "inbox")[0].at("id").as_string());
  http::Request text = Request("GET", "/v1.0/users/adele@contoso.com/messages/" + id);
  text.headers.Set("Prefer", "outlook.body-content-type=\"text\"");

  auto plain = Call(text);
  auto headers = Call(Request(
      "GET", "/v1.0/users/adele@contoso.com/messages/" + id + "?$select=internetMessageHeaders"));

  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(Body(plain).at("body").at("contentType"), "text");
  EXPECT_EQ(Body(plain).at("body").at("content"), "Hi&bye");
  EXPECT_EQ(plain.headers.Get("Preference-Applied"), "outlook.body-content-type=\"text\"");
  EXPECT_FALSE(Body(plain).as_object().contains("internetMessageHeaders"));
  EXPECT_EQ(Body(headers).at("internetMessageHeaders").at(0).at("name"), "X-Id");
}

TEST_F(GraphMailboxTest, GetAndDeleteMessage) {
  std::string id = CreateDraft();

  auto got = Call(Request("GET", MessagePath(id)));
  auto deleted = Call(Request("DELETE", MessagePath(id)));
  auto gone = Call(Request("GET", MessagePath(id)));

  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(Body(got).at("subject"), "Draft");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(ErrorCodeOf(gone), "ErrorItemNotFound");
  EXPECT_EQ(ErrorMessageOf(gone), "The specified object was not found in the store.");
}

TEST_F(GraphMailboxTest, MimeValueIsVerbatimOrRendered) {
  std::string raw = "To: alex@contoso.com\r\nSubject: raw\r\nX-Keep: 1\r\n\r\nbody";
  auto mime_draft = Call(
      Request("POST", "/v1.0/users/adele@contoso.com/messages", Base64Encode(raw), "text/plain"));
  std::string json_id = CreateDraft();
  Call(Request("POST", MessagePath(json_id) + "/attachments",
               R"({"name":"a.txt","contentBytes":"SGk="})"));

  auto verbatim = Call(
      Request("GET", MessagePath(std::string(Body(mime_draft).at("id").as_string())) + "/$value"));
  auto rendered = Call(Request("GET", MessagePath(json_id) + "/$value"));

  EXPECT_EQ(verbatim.status, 200);
  std::string message_id(Body(mime_draft).at("internetMessageId").as_string());
  EXPECT_EQ(verbatim.body, "To: alex@contoso.com\r\nSubject: raw\r\nX-Keep: 1\r\nMessage-ID: " +
                               message_id + "\r\n\r\nbody");
  ASSERT_EQ(rendered.status, 200);
  auto parsed = ParseMime(rendered.body);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, "Draft");
  EXPECT_EQ(parsed->to.at(0).address, "alex@contoso.com");
  ASSERT_EQ(parsed->attachments.size(), 1u);
  EXPECT_EQ(parsed->attachments[0].bytes, "Hi");
}

TEST_F(GraphMailboxTest, ReadingNeedsMailRead) {
  testing::TokenOptions send_only;
  send_only.roles = {"Mail.Send"};

  auto r = Call(Request("GET", "/v1.0/users/adele@contoso.com/messages", "", "", Token(send_only)));

  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorCodeOf(r), "ErrorAccessDenied");
}

}  // namespace
}  // namespace graphpost::sandbox::graph
