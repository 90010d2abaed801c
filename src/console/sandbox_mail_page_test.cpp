// The Sandbox mailbox and message pages, the sandboxed body and the attachment download, against
// the real sandbox with mail sent through Graph.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "console/internal/sandbox_view.hpp"
#include "console/sandbox_pages_test_support.hpp"

namespace graphpost::console {
namespace {

using ::testing::HasSubstr;
using testing::kAttachmentBytes;
using testing::kScriptBody;
using ::testing::Not;
using testing::SandboxPagesTest;

constexpr char kBodyPolicy[] =
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'";

std::string Header(const PageAnswer& page, std::string_view name) {
  if (!page.raw) return "<no raw answer>";
  return std::string(page.raw->headers.Get(name).value_or("<missing>"));
}

class SandboxMailPageTest : public SandboxPagesTest {
 protected:
  void SetUp() override {
    SandboxPagesTest::SetUp();
    if (HasFatalFailure()) return;
    ids_ = SendTestMail();
  }
  std::vector<std::string> ids_;  // pat's Inbox: the HTML message, the text message
};

TEST_F(SandboxMailPageTest, TheInboxListsTheMessagesAndIsLive) {
  PageAnswer page = Get(Mailbox("pat@company.com"));

  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.title, "Mailbox pat@company.com");
  EXPECT_EQ(page.refresh_seconds, 5);
  EXPECT_THAT(page.body, HasSubstr("<table id=\"mail\" class=\"data\">"));
  EXPECT_THAT(page.body, HasSubstr("<tr data-mail-id=\"" + ids_[0] + "\">"));
  EXPECT_THAT(page.body, HasSubstr("<tr data-mail-id=\"" + ids_[1] + "\">"));
  EXPECT_THAT(page.body,
              HasSubstr("<td class=\"from\"><bdi>References &lt;references@company.com&gt;"));
  EXPECT_THAT(page.body, HasSubstr("<td class=\"attachments\">1</td>"));
  EXPECT_THAT(page.body, HasSubstr("?folder=inbox\" aria-current=\"page\">Inbox</a>"));
}

TEST_F(SandboxMailPageTest, AHostileSubjectIsEscapedOnEveryPage) {
  PageAnswer list = Get(Mailbox("pat@company.com"));
  PageAnswer message = Get(Message("pat@company.com", ids_[0]));

  EXPECT_THAT(list.body, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(list.body, Not(HasSubstr("<img")));
  EXPECT_EQ(message.title, testing::kHostileSubject);  // plain text: the shell escapes the title
  EXPECT_THAT(message.body, HasSubstr("<dd><bdi>&lt;img src=x onerror=alert(1)&gt;</bdi></dd>"));
  EXPECT_THAT(message.body, Not(HasSubstr("<img")));
}

TEST_F(SandboxMailPageTest, SentItemsShowTheSendersCopy) {
  PageAnswer page = Get(Mailbox("references@company.com") + "?folder=sentitems");

  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("Plain note"));
  EXPECT_THAT(page.body, HasSubstr("?folder=sentitems\" aria-current=\"page\">Sent Items</a>"));
  EXPECT_THAT(Get(Mailbox("references@company.com")).body, HasSubstr("No messages in Inbox."));
}

TEST_F(SandboxMailPageTest, TheMessagePageShowsHeadersASandboxedFrameAndAttachments) {
  const std::string attachment = AttachmentId("pat@company.com", "inbox", ids_[0]);

  PageAnswer page = Get(Message("pat@company.com", ids_[0]) + "?folder=inbox");

  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("<dl id=\"mail-headers\"><dt>From</dt><dd><bdi>References "
                                   "&lt;references@company.com&gt;</bdi></dd><dt>To</dt>"
                                   "<dd><bdi>pat@company.com</bdi></dd>"));
  EXPECT_THAT(page.body,
              HasSubstr("<iframe id=\"mail-body\" sandbox=\"\" title=\"Message body\" "
                        "src=\"" +
                        Message("pat@company.com", ids_[0]) + "/body?folder=inbox\"></iframe>"));
  EXPECT_THAT(page.body, Not(HasSubstr("<script")));
  EXPECT_THAT(page.body, HasSubstr("<ul id=\"attachments\"><li><a class=\"attachment\" "
                                   "download=\"Q3 &quot;résumé&quot;/../x;.pdf\" href=\"" +
                                   Message("pat@company.com", ids_[0]) + "/attachments/" +
                                   PercentEncode(attachment) + "?folder=inbox\">"));
  EXPECT_THAT(page.body, HasSubstr("<bdi>Q3 &quot;résumé&quot;/../x;.pdf</bdi></a>"));
  EXPECT_THAT(page.body, HasSubstr("(14 bytes)"));
  EXPECT_THAT(page.body, Not(HasSubstr("(1 bytes)")));
}

TEST_F(SandboxMailPageTest, TheHtmlBodyIsServedAsItIsUnderASandboxPolicy) {
  PageAnswer page = Get(Message("pat@company.com", ids_[0]) + "/body");

  ASSERT_TRUE(page.raw.has_value()) << page.body;
  EXPECT_EQ(page.raw->status, 200);
  EXPECT_EQ(Header(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(Header(page, "Content-Security-Policy"), kBodyPolicy);
  EXPECT_EQ(Header(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_THAT(page.raw->body, HasSubstr(kScriptBody));
}

TEST_F(SandboxMailPageTest, ATextBodyIsServedAsPlainText) {
  PageAnswer page = Get(Message("pat@company.com", ids_[1]) + "/body");

  ASSERT_TRUE(page.raw.has_value()) << page.body;
  EXPECT_EQ(Header(page, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Header(page, "Content-Security-Policy"), kBodyPolicy);
  EXPECT_EQ(page.raw->body, "just <text> & more");
}

TEST_F(SandboxMailPageTest, AnAttachmentDownloadsAsItsExactBytesWithASafeName) {
  const std::string attachment = AttachmentId("pat@company.com", "inbox", ids_[0]);

  PageAnswer page = Get(Message("pat@company.com", ids_[0]) + "/attachments/" +
                        PercentEncode(attachment) + "?folder=inbox");

  ASSERT_TRUE(page.raw.has_value()) << page.body;
  EXPECT_EQ(page.raw->status, 200);
  EXPECT_EQ(page.raw->body, kAttachmentBytes);
  EXPECT_EQ(Header(page, "Content-Type"), "application/octet-stream");
  EXPECT_EQ(Header(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(page, "Content-Disposition"),
            "attachment; filename=\"Q3 _r__sum____.._x_.pdf\"; "
            "filename*=UTF-8''Q3%20%22r%C3%A9sum%C3%A9%22_.._x%3B.pdf");
}

TEST_F(SandboxMailPageTest, UnknownMailboxMessageFolderOrAttachmentAre404) {
  const std::string message = Message("pat@company.com", ids_[0]);

  const PageAnswer unknown = Get(Mailbox("nobody@company.com"));
  EXPECT_EQ(unknown.status, 404);
  // The sandbox's "mailbox '…' not found", in the console's sentence style.
  EXPECT_THAT(unknown.body, HasSubstr(">Mailbox &#39;nobody@company.com&#39; not found.</p>"));
  EXPECT_EQ(Get(Mailbox("pat@company.com") + "?folder=drafts").status, 404);
  EXPECT_EQ(Get(Message("pat@company.com", "AAMkNoSuchMessage")).status, 404);
  EXPECT_EQ(Get(message + "?folder=sentitems").status, 404);  // it is in the Inbox
  EXPECT_EQ(Get(Message("pat@company.com", "AAMkNoSuchMessage") + "/body").status, 404);
  EXPECT_EQ(Get(message + "/attachments/AAMkNoSuchAttachment").status, 404);
  EXPECT_EQ(Get("/ui/sandbox/nobody.example/mailboxes/pat%40company.com/messages/" +
                PercentEncode(ids_[0]))
                .status,
            404);
}

TEST(SandboxMailboxPageTest, AFullFolderListsItsNewest200Messages) {
  boost::json::array items;
  for (int i = 0; i < 201; ++i) {
    items.push_back({{"id", "m" + std::to_string(i)}, {"subject", "s" + std::to_string(i)}});
  }
  const std::string listing = ToJson(boost::json::object{{"value", items}});
  SandboxAdmin admin = [&listing](http::Request) {
    return http::MakeResponse(200, "application/json", listing);
  };
  PageRequest request;
  request.path = {"sandbox", "t", "mailboxes", "a@example.com"};
  std::optional<PageAnswer> page;

  internal::MailboxPage(admin, 5, request, [&page](PageAnswer a) { page = std::move(a); });

  ASSERT_TRUE(page.has_value());
  std::size_t rows = 0;
  for (std::size_t at = page->body.find("<tr data-mail-id="); at != std::string::npos;
       at = page->body.find("<tr data-mail-id=", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 200u);
  EXPECT_THAT(page->body, HasSubstr("<tr data-mail-id=\"m199\">"));
  EXPECT_THAT(page->body, Not(HasSubstr("<tr data-mail-id=\"m200\">")));
  EXPECT_THAT(page->body, HasSubstr("Showing the newest 200 of 201 messages."));
}

TEST(AttachmentDispositionTest, KeepsAPlainNameAndReplacesWhatIsUnsafe) {
  EXPECT_EQ(internal::AttachmentDisposition("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  EXPECT_EQ(internal::AttachmentDisposition(""),
            "attachment; filename=\"attachment\"; filename*=UTF-8''attachment");
  EXPECT_EQ(internal::AttachmentDisposition("..\r\nSet-Cookie: a=b"),
            "attachment; filename=\"_.__Set-Cookie_ a=b\"; "
            "filename*=UTF-8''..__Set-Cookie%3A%20a%3Db");
}

}  // namespace
}  // namespace graphpost::console
