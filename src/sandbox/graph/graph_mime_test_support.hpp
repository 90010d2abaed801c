// sandbox/graph/graph_mime_test_support.hpp — GraphFixture plus what MIME tests repeat: MIME
// sends and drafts, a message's $value and internetMessageId, attachments through an upload
// session. Test-only (graph_test).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "core/base64.hpp"
#include "sandbox/graph/graph_test_support.hpp"

namespace graphpost::sandbox::graph::testing {

inline constexpr std::size_t kMiB = 1024 * 1024;

class GraphMimeFixture : public GraphFixture {
 protected:
  http::Response SendMime(std::string_view raw) {
    return Call(
        Request("POST", "/v1.0/users/adele@contoso.com/sendMail", Base64Encode(raw), "text/plain"));
  }

  std::string CreateMimeDraft(std::string_view raw) {
    auto r = Call(
        Request("POST", "/v1.0/users/adele@contoso.com/messages", Base64Encode(raw), "text/plain"));
    EXPECT_EQ(r.status, 201) << r.body;
    return JsonString(Body(r), "id").value_or("");
  }

  static std::string Path(std::string_view mailbox, std::string_view id) {
    return "/v1.0/users/" + std::string(mailbox) + "/messages/" + std::string(id);
  }

  // The id of the one message in `folder`.
  std::string OnlyId(std::string_view mailbox, std::string_view folder) {
    auto listed = Folder(mailbox, folder);
    EXPECT_EQ(listed.size(), 1u) << mailbox << " " << folder;
    return listed.empty() ? "" : std::string(listed[0].at("id").as_string());
  }

  std::string Value(std::string_view mailbox, std::string_view id) {
    auto r = Call(Request("GET", Path(mailbox, id) + "/$value"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }

  std::string InternetMessageId(std::string_view mailbox, std::string_view id) {
    auto r = Call(Request("GET", Path(mailbox, id)));
    return JsonString(Body(r), "internetMessageId").value_or("");
  }

  http::Request Upload(const std::string& url, std::string body, std::string range) {
    std::string target = url.substr(std::string(kBaseUrl).size());
    http::Request r = Request("PUT", target, std::move(body), "application/octet-stream");
    r.headers.Remove("Authorization");
    r.headers.Set("Content-Range", std::move(range));
    return r;
  }

  // Attaches `bytes` to draft `id` through an upload session, in 4 MiB chunks.
  void UploadAttachment(const std::string& id, std::string name, const std::string& bytes) {
    std::string body = R"({"AttachmentItem":{"attachmentType":"file","name":")" + name +
                       R"(","contentType":"application/octet-stream","size":)" +
                       std::to_string(bytes.size()) + "}}";
    auto session = Call(
        Request("POST", Path("adele@contoso.com", id) + "/attachments/createUploadSession", body));
    ASSERT_EQ(session.status, 201) << session.body;
    std::string url = JsonString(Body(session), "uploadUrl").value_or("");
    std::string total = std::to_string(bytes.size());
    for (std::size_t at = 0; at < bytes.size(); at += 4 * kMiB) {
      std::size_t n = std::min(4 * kMiB, bytes.size() - at);
      std::string range =
          "bytes " + std::to_string(at) + "-" + std::to_string(at + n - 1) + "/" + total;
      auto put = Call(Upload(url, bytes.substr(at, n), range));
      ASSERT_EQ(put.status, at + n == bytes.size() ? 201 : 200) << put.body;
    }
  }
};

}  // namespace graphpost::sandbox::graph::testing
