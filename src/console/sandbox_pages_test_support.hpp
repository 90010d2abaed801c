// console/sandbox_pages_test_support.hpp — the fixture of the Sandbox page tests: the real
// sandbox in-process on the setup guide's tenant (sandbox/server/sandbox_test_support.hpp),
// wrapped as the console's SandboxAdmin (adding the admin key, as the gateway does), mail sent
// into it through Graph (an HTML body with script, a hostile subject, an attachment; a text
// body), and GET of a console URL through the routes RegisterSandboxRoutes installs, answered as
// the handler answers (the shell and session are the Console's, not under test here).
// Test-only (console_sandbox_test).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "connections/connection_store.hpp"
#include "connections/secret_vault.hpp"
#include "console/page.hpp"
#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "sandbox/server/sandbox_test_support.hpp"

namespace graphpost::console::testing {

inline constexpr char kHostileSubject[] = "<img src=x onerror=alert(1)>";
inline constexpr char kScriptBody[] = "<p>Hello</p><script>alert('pwned')</script>";
inline constexpr char kAttachmentName[] = "Q3 \"résumé\"/../x;.pdf";
// Bytes a text decoder would change: NUL, CR LF, invalid UTF-8.
inline const std::string kAttachmentBytes = std::string("%PDF\0\r\n\xff\xfe end", 14);
inline constexpr char kTenant[] = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13";

class SandboxPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = sb_.Start();
    ASSERT_TRUE(started) << started.error().message;
    auto outbox =
        outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", outbox::OutboxOptions{}, clock_);
    ASSERT_TRUE(outbox) << outbox.error().message;
    outbox_ = std::move(*outbox);
    auto vault = connections::SecretVault::FromMasterKey(Base64Encode(std::string(32, 'k')), "t");
    ASSERT_TRUE(vault) << vault.error().message;
    auto store = connections::ConnectionStore::Open(":memory:", std::move(*vault), clock_);
    ASSERT_TRUE(store) << store.error().message;
    connections_ = std::move(*store);
    deps_ = std::make_unique<ConsoleDeps>(
        ConsoleDeps{.clock = clock_,
                    .random = random_,
                    .outbox = *outbox_,
                    .connections = *connections_,
                    .engine_stats = {},
                    .notify = {},
                    .run_doctor = {},
                    .sandbox = [this](http::Request r) { return sb_.Admin(std::move(r)); },
                    .options = {}});
    RegisterSandboxRoutes(routes_, *deps_);
  }

  // Sends the two test messages from references@ to pat@ (HTML with script, hostile subject and
  // an attachment; then plain text) and returns pat's Inbox ids of them, in that order.
  std::vector<std::string> SendTestMail() {
    namespace json = boost::json;
    json::object html{
        {"subject", kHostileSubject},
        {"body", {{"contentType", "HTML"}, {"content", kScriptBody}}},
        {"toRecipients", json::array{{{"emailAddress", {{"address", "pat@company.com"}}}}}},
        {"attachments", json::array{{{"@odata.type", "#microsoft.graph.fileAttachment"},
                                     {"name", kAttachmentName},
                                     {"contentType", "application/pdf"},
                                     {"contentBytes", Base64Encode(kAttachmentBytes)}}}}};
    json::object text{
        {"subject", "Plain note"},
        {"body", {{"contentType", "Text"}, {"content", "just <text> & more"}}},
        {"toRecipients", json::array{{{"emailAddress", {{"address", "pat@company.com"}}}}}}};
    EXPECT_EQ(sb_.SendMail("references@company.com", html).status, 202);
    EXPECT_EQ(sb_.SendMail("references@company.com", text).status, 202);
    return FolderIds("pat@company.com", "inbox", {kHostileSubject, "Plain note"});
  }

  // The ids of the messages with `subjects` in a folder, in the order of `subjects`.
  std::vector<std::string> FolderIds(const std::string& mailbox, const std::string& folder,
                                     const std::vector<std::string>& subjects) {
    http::Response listed = sb_.Admin(
        sandbox::testing::MakeRequest("GET", "/_sandbox/tenants/" + std::string(kTenant) +
                                                 "/mailboxes/" + mailbox + "/folders/" + folder));
    auto doc = ParseJson(listed.body);
    std::vector<std::string> ids;
    for (const std::string& subject : subjects) {
      for (const auto& m : doc ? doc->at("value").as_array() : boost::json::array()) {
        if (JsonString(m, "subject") == subject) ids.push_back(JsonString(m, "id").value_or(""));
      }
    }
    EXPECT_EQ(ids.size(), subjects.size()) << listed.body;
    ids.resize(subjects.size());
    return ids;
  }

  // The first attachment id of a message, from the admin API.
  std::string AttachmentId(const std::string& mailbox, const std::string& folder,
                           const std::string& id) {
    http::Response message = sb_.Admin(sandbox::testing::MakeRequest(
        "GET", "/_sandbox/tenants/" + std::string(kTenant) + "/mailboxes/" + mailbox + "/folders/" +
                   folder + "/messages/" + PercentEncode(id)));
    auto doc = ParseJson(message.body);
    if (!doc) return "";
    return JsonString(doc->at("attachments").at(0), "id").value_or("");
  }

  // GET a console URL ("/ui/sandbox/..."), as the Console routes it; 404 when no route matches.
  PageAnswer Get(const std::string& target) {
    PageRequest request;
    request.http = sandbox::testing::MakeRequest("GET", target);
    const std::size_t q = target.find('?');
    const std::string path = target.substr(4, q == std::string::npos ? q : q - 4);
    for (auto segment : Split(path, '/')) {
      auto decoded = PercentDecode(segment, false);
      EXPECT_TRUE(decoded) << target;
      if (decoded && !decoded->empty()) request.path.push_back(*decoded);
    }
    if (q != std::string::npos)
      request.query = ParseForm(target.substr(q + 1)).value_or(FormFields{});
    request.principal = "admin token";
    request.now = now_ ? *now_ : clock_.WallNow();
    const Route* route = routes_.Find("GET", request.path);
    if (route == nullptr) return ErrorPage(404, "Not found", "no route");
    std::optional<PageAnswer> answer;
    route->handler(request, [&answer](PageAnswer a) { answer = std::move(a); });
    EXPECT_TRUE(answer.has_value()) << target << " was not answered";
    return answer ? std::move(*answer) : PageAnswer{};
  }

  static std::string Mailbox(const std::string& address) {
    return "/ui/sandbox/" + std::string(kTenant) + "/mailboxes/" + PercentEncode(address);
  }
  static std::string Message(const std::string& address, const std::string& id) {
    return Mailbox(address) + "/messages/" + PercentEncode(id);
  }

  ::graphpost::testing::TempDir dir_;
  ::graphpost::testing::FakeClock clock_;
  ::graphpost::testing::FakeRandom random_;
  sandbox::testing::GuideSandbox sb_;
  std::unique_ptr<outbox::SqliteOutboxStore> outbox_;
  std::unique_ptr<connections::ConnectionStore> connections_;
  std::unique_ptr<ConsoleDeps> deps_;
  RouteTable routes_;
  std::optional<TimePoint> now_;  // the pages' "now" when set; else the clock's
};

}  // namespace graphpost::console::testing
