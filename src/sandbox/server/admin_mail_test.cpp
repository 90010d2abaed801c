// The admin API's view of one message and of an attachment's bytes (docs/sandbox.md "Looking
// into mailboxes"), through Sandbox::Handle on the setup guide's tenant.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "sandbox/server/sandbox_test_support.hpp"

namespace graphpost::sandbox {
namespace {

namespace json = boost::json;
using testing::GuideSandbox;
using testing::kGuideTenant;
using testing::MakeRequest;

// Bytes a text decoder would change: NUL, CR LF, invalid UTF-8.
const std::string kAttachmentBytes = std::string("%PDF\0\r\n\xff\xfe end", 14);

class AdminMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = sb_.Start();
    ASSERT_TRUE(started) << started.error().message;
    json::object message{
        {"subject", "Quarterly report"},
        {"body", {{"contentType", "HTML"}, {"content", "<p>See attached.</p>"}}},
        {"toRecipients", json::array{{{"emailAddress", {{"address", "pat@company.com"}}}}}},
        {"attachments", json::array{{{"@odata.type", "#microsoft.graph.fileAttachment"},
                                     {"name", "report.pdf"},
                                     {"contentType", "application/pdf"},
                                     {"contentBytes", Base64Encode(kAttachmentBytes)}}}}};
    ASSERT_EQ(sb_.SendMail("references@company.com", message).status, 202);
    json::value inbox = Get(Folder("inbox"));
    ASSERT_EQ(inbox.at("value").as_array().size(), 1u) << ToJson(inbox);
    const json::value& item = inbox.at("value").at(0);
    message_id_ = JsonString(item, "id").value_or("");
    attachment_id_ = JsonString(item.at("attachments").at(0), "id").value_or("");
  }

  static std::string Folder(std::string_view folder, std::string_view mailbox = "pat@company.com") {
    return "/_sandbox/tenants/" + std::string(kGuideTenant) + "/mailboxes/" + std::string(mailbox) +
           "/folders/" + std::string(folder);
  }

  http::Response Call(const std::string& path) { return sb_.Admin(MakeRequest("GET", path)); }

  json::value Get(const std::string& path) {
    http::Response reply = Call(path);
    EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
    auto doc = ParseJson(reply.body);
    return doc ? *doc : json::value();
  }

  GuideSandbox sb_;
  std::string message_id_;
  std::string attachment_id_;
};

TEST_F(AdminMailTest, OneMessageIsAnsweredWithItsBodyAndAttachmentMetadata) {
  json::value message = Get(Folder("inbox") + "/messages/" + message_id_);

  EXPECT_EQ(JsonString(message, "subject").value_or(""), "Quarterly report");
  EXPECT_NE(JsonString(message.at("body"), "content").value_or("").find("<p>See attached.</p>"),
            std::string::npos);
  const json::value& attachment = message.at("attachments").at(0);
  EXPECT_EQ(JsonString(attachment, "name").value_or(""), "report.pdf");
  EXPECT_EQ(attachment.at("size").to_number<std::size_t>(), kAttachmentBytes.size());
  EXPECT_EQ(attachment.as_object().if_contains("contentBytes"), nullptr);
}

TEST_F(AdminMailTest, AnAttachmentsValueIsItsExactBytes) {
  http::Response reply = Call(Folder("inbox") + "/messages/" + message_id_ + "/attachments/" +
                              attachment_id_ + "/$value");

  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, kAttachmentBytes);
  EXPECT_EQ(reply.headers.Get("Content-Type").value_or(""), "application/octet-stream");
  EXPECT_EQ(reply.headers.Get("X-Content-Type-Options").value_or(""), "nosniff");
}

TEST_F(AdminMailTest, AMessageIsNotFoundInAnotherFolderOrMailbox) {
  EXPECT_EQ(Call(Folder("sentitems") + "/messages/" + message_id_).status, 404);
  EXPECT_EQ(Call(Folder("inbox", "admin@company.com") + "/messages/" + message_id_).status, 404);
  EXPECT_EQ(Call(Folder("inbox") + "/messages/AAMkNoSuchMessage").status, 404);
}

TEST_F(AdminMailTest, UnknownTenantMailboxFolderOrAttachmentAre404) {
  const std::string value = "/messages/" + message_id_ + "/attachments/" + attachment_id_;

  EXPECT_EQ(Call("/_sandbox/tenants/nobody.example/mailboxes/pat@company.com/folders/inbox" +
                 value + "/$value")
                .status,
            404);
  EXPECT_EQ(Call(Folder("inbox", "nobody@company.com") + value + "/$value").status, 404);
  EXPECT_EQ(Call(Folder("nosuchfolder") + value + "/$value").status, 404);
  EXPECT_EQ(
      Call(Folder("inbox") + "/messages/" + message_id_ + "/attachments/AAMkNone/$value").status,
      404);
}

TEST_F(AdminMailTest, TheMessageRoutesNeedTheAdminKey) {
  http::Response reply =
      sb_.sandbox().Handle(MakeRequest("GET", Folder("inbox") + "/messages/" + message_id_));

  EXPECT_EQ(reply.status, 401);
}

}  // namespace
}  // namespace graphpost::sandbox
