// tests/e2e/delivery_mime_e2e_support.hpp — what the delivery engine's SMTP (MIME) end-to-end
// tests share: messages as SMTP clients write them (a small quoted-printable one, a large one with
// attachments), header and body extraction from a $value, a reader of mailboxes through Graph with
// the guide app's token, and a scenario edit that takes Mail.ReadWrite from the guide's app.
// Header-only; not thread-safe.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "crypto/digest.hpp"
#include "graph/graph_urls.hpp"
#include "message/stored_mime.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {

inline constexpr char kSmtpSender[] = "references@company.com";

// A message as an SMTP client writes it: CRLF lines, a Message-ID (the gateway ensures one at
// intake), a non-ASCII subject and display name, a custom header and a quoted-printable body.
inline std::string SmallMime(const std::string& message_id, const std::string& to_cc_lines) {
  return "Message-ID: " + message_id +
         "\r\n"
         "Date: Wed, 02 Dec 2026 11:00:00 +0000\r\n"
         "From: =?UTF-8?Q?R=C3=A9f=C3=A9rences?= <references@company.com>\r\n" +
         to_cc_lines +
         "Subject: =?UTF-8?B?UmFwcG9ydCBtZW5zdWVsIOKAkyBkw6ljZW1icmU=?=\r\n"
         "X-Printer-Job: 4711\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n"
         "\r\n"
         "Bonjour, voici le rapport du mois de d=C3=A9cembre. Une ligne tr=C3=A8s longue qui =\r\n"
         "continue ici.\r\n"
         "\r\n"
         "-- \r\n"
         "Le scanner\r\n";
}

inline message::StoredMime Stored(std::string mime, std::vector<std::string> rcpt_to) {
  return message::StoredMime{.mail_from = kSmtpSender,
                             .rcpt_to = std::move(rcpt_to),
                             .principal = "account:scanner",
                             .client = "127.0.0.1",
                             .session_id = "s1",
                             .mime = std::move(mime)};
}

// `n` bytes that do not compress or repeat.
inline std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(gen() & 0xff);
  return out;
}

inline std::string Base64Lines(std::string_view bytes) {
  const std::string b64 = Base64Encode(bytes);
  std::string out;
  out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

struct FileAttachment {
  std::string name, type, bytes;
};

// A reply with attachments, as a mail client writes it: about 20 MB on the wire.
inline std::string LargeMime(const std::string& message_id,
                             const std::vector<FileAttachment>& files) {
  std::string mime = "Message-ID: " + message_id +
                     "\r\n"
                     "Date: Wed, 02 Dec 2026 11:05:00 +0000\r\n"
                     "From: References <references@company.com>\r\n"
                     "To: Pat <pat@company.com>\r\n"
                     "Subject: =?UTF-8?Q?Scans_f=C3=BCr_Pat?=\r\n"
                     "In-Reply-To: <question.17@company.com>\r\n"
                     "References: <thread.1@company.com>\r\n <question.17@company.com>\r\n"
                     "Importance: high\r\n"
                     "X-Scanner: MFP-7\r\n"
                     "MIME-Version: 1.0\r\n"
                     "Content-Type: multipart/mixed; boundary=\"==b1\"\r\n"
                     "\r\n"
                     "This is a multi-part message in MIME format.\r\n"
                     "--==b1\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Transfer-Encoding: 8bit\r\n"
                     "\r\n"
                     "Die Scans sind angeh\xC3\xA4ngt.\r\n";
  for (const auto& f : files) {
    mime += "--==b1\r\nContent-Type: " + f.type + "; name=\"" + f.name +
            "\"\r\n"
            "Content-Disposition: attachment; filename=\"" +
            f.name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(f.bytes);
  }
  return mime + "--==b1--\r\n";
}

// The unfolded value of the first `name:` header in `mime`'s header block ("" when absent).
inline std::string HeaderOf(std::string_view mime, std::string_view name) {
  const std::size_t end = mime.find("\r\n\r\n");
  std::string_view head = mime.substr(0, end);
  std::string value;
  bool in = false;
  std::size_t pos = 0;
  while (pos <= head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 2;
    if (in && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += line;
      continue;
    }
    if (in) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.size() < name.size()) continue;
    std::string key(line.substr(0, colon));
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      in = true;
      value = std::string(line.substr(colon + 1));
    }
  }
  const auto first = value.find_first_not_of(" \t");
  return first == std::string::npos ? "" : value.substr(first);
}

inline std::string BodyOf(std::string_view mime) {
  const std::size_t end = mime.find("\r\n\r\n");
  return end == std::string_view::npos ? "" : std::string(mime.substr(end + 4));
}

// Reads mailboxes through Graph with the guide app's token (it has Mail.ReadWrite).
class MailboxReader {
 public:
  explicit MailboxReader(SandboxFixture& sandbox)
      : sandbox_(sandbox), token_(sandbox.GuideAccessToken()) {}

  // The ids of the messages in `mailbox`'s Inbox with this Message-ID.
  std::vector<std::string> InboxIds(const std::string& mailbox, const std::string& message_id) {
    auto r = sandbox_.Graph("GET",
                            graph::UserPath(mailbox) + "/mailFolders/inbox/messages?$filter=" +
                                PercentEncode(graph::InternetMessageIdFilter(message_id)) +
                                "&$select=id",
                            token_);
    std::vector<std::string> ids;
    auto parsed = ParseJson(r.body);
    const json::array* value = parsed ? JsonArray(*parsed, "value") : nullptr;
    EXPECT_NE(value, nullptr) << r.status << " " << r.body;
    if (value == nullptr) return ids;
    for (const auto& m : *value) ids.push_back(JsonString(m, "id").value_or(""));
    return ids;
  }
  json::value Message(const std::string& mailbox, const std::string& id) {
    auto r = sandbox_.Graph("GET", graph::MessagePath(mailbox, id), token_);
    EXPECT_EQ(r.status, 200) << r.body;
    return ParseJson(r.body).value_or(nullptr);
  }
  std::string Mime(const std::string& mailbox, const std::string& id) {
    auto r = sandbox_.Graph("GET", graph::MessagePath(mailbox, id) + "/$value", token_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
  // name → SHA-256 of the content, for every file attachment of the message.
  std::map<std::string, std::string> AttachmentDigests(const std::string& mailbox,
                                                       const std::string& id) {
    auto r = sandbox_.Graph("GET", graph::MessagePath(mailbox, id) + "/attachments", token_);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 500);
    std::map<std::string, std::string> out;
    auto parsed = ParseJson(r.body);
    const json::array* value = parsed ? JsonArray(*parsed, "value") : nullptr;
    if (value == nullptr) return out;
    for (const auto& a : *value) {
      auto bytes = Base64Decode(JsonString(a, "contentBytes").value_or(""));
      out[JsonString(a, "name").value_or("")] = crypto::Sha256(bytes.value_or("?"));
    }
    return out;
  }

 private:
  SandboxFixture& sandbox_;
  std::string token_;
};

inline std::vector<std::string> AddressesOf(const json::value& message, std::string_view field) {
  std::vector<std::string> out;
  if (const json::array* list = JsonArray(message, field)) {
    for (const auto& r : *list) {
      out.push_back(JsonString(r.at("emailAddress"), "address").value_or(""));
    }
  }
  return out;
}

// The guide's app without Mail.ReadWrite: Mail.Send alone sends small messages, not large ones.
inline void DropMailReadWrite(json::value& scenario) {
  json::object& tenant = scenario.at("tenants").as_array()[0].as_object();
  auto drop = [](json::array& list, auto matches) {
    list.erase(std::remove_if(list.begin(), list.end(), matches), list.end());
  };
  drop(tenant.at("applications").as_array()[0].at("requiredPermissions").as_array(),
       [](const json::value& p) { return JsonString(p, "value") == "Mail.ReadWrite"; });
  drop(tenant.at("servicePrincipals").as_array()[0].at("appRoles").as_array(),
       [](const json::value& r) { return r.is_string() && r.as_string() == "Mail.ReadWrite"; });
}

}  // namespace graphpost::testing
