// doctor/doctor_fakes_test.hpp — fakes for the doctor's tests (test-only): a TokenProvider that
// returns one scripted outcome, and a MailboxProbe with scripted replies that records its calls.
// Not thread-safe.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/token_provider.hpp"
#include "connections/connection.hpp"
#include "doctor/doctor.hpp"

namespace graphpost::doctor::test {

inline constexpr char kTenant[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
inline constexpr char kClientId[] = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
inline constexpr char kSecretValue[] = "Qx8Q~s3cr3t.Value_from-the-Entra-portal~42";
inline constexpr char kTokenValue[] = "eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6W119.c2lnbmF0dXJl";
inline constexpr char kMailbox[] = "advocacy@contoso.com";

inline connections::Connection SecretConnection() {
  connections::Connection c;
  c.name = "sales";
  c.tenant = kTenant;
  c.user_id = kMailbox;
  c.client_id = kClientId;
  c.client_secret = Secret(kSecretValue);
  return c;
}

// An Error as the token provider or the Graph client reports it.
inline Error RemoteError(ErrorCode code, std::string remote_code, std::string message) {
  return Error{code, std::move(message), std::nullopt, std::move(remote_code)};
}

class FakeTokenProvider final : public auth::TokenProvider {
 public:
  // A token with `roles`; the default outcome.
  void SetRoles(std::vector<std::string> roles) {
    auth::AccessToken token;
    token.value = Secret(kTokenValue);
    token.roles = std::move(roles);
    token.tenant_id = kTenant;
    outcome_ = std::move(token);
  }
  void SetError(Error error) { outcome_ = tl::unexpected<Error>(std::move(error)); }

  [[nodiscard]] Result<auth::AccessToken> GetToken() override {
    ++calls;
    return outcome_;
  }
  void Invalidate(const Secret&) override { ++invalidations; }

  int calls = 0;
  int invalidations = 0;

 private:
  Result<auth::AccessToken> outcome_ = auth::AccessToken{Secret(kTokenValue), {}, {}, kTenant};
};

class FakeMailboxProbe final : public MailboxProbe {
 public:
  FakeMailboxProbe() {
    probe_reply = tl::unexpected<Error>(RemoteError(
        ErrorCode::kInvalidArgument, "ErrorInvalidRecipients",
        "graph sendMail: 400 ErrorInvalidRecipients: At least one recipient is not valid., A "
        "message can't be sent because it contains no recipients."));
    user_reply = tl::unexpected<Error>(
        RemoteError(ErrorCode::kPermissionDenied, "Authorization_RequestDenied",
                    "graph get user: 403 Authorization_RequestDenied: Insufficient privileges"));
    address_reply = tl::unexpected<Error>(RemoteError(
        ErrorCode::kPermissionDenied, "Authorization_RequestDenied",
        "graph find user by address: 403 Authorization_RequestDenied: Insufficient privileges"));
  }

  [[nodiscard]] Status ProbeSend(std::string_view mailbox) override {
    calls.push_back("ProbeSend " + std::string(mailbox));
    return probe_reply;
  }
  [[nodiscard]] Status SendTest(std::string_view mailbox, const std::string& to,
                                const std::string& marker) override {
    calls.push_back("SendTest " + std::string(mailbox) + " " + to);
    sent_marker = marker;
    return send_reply;
  }
  [[nodiscard]] Result<std::optional<graph::FoundMessage>> FindSent(
      std::string_view mailbox, const std::string& marker) override {
    calls.push_back("FindSent " + std::string(mailbox));
    searched_markers.push_back(marker);
    if (find_error) return tl::unexpected<Error>(*find_error);
    if (find_replies.empty()) return std::optional<graph::FoundMessage>();
    std::optional<graph::FoundMessage> reply = std::move(find_replies.front());
    find_replies.pop_front();
    return reply;
  }
  [[nodiscard]] Result<std::optional<std::string>> LatestSentFrom(
      std::string_view mailbox) override {
    calls.push_back("LatestSentFrom " + std::string(mailbox));
    return latest_reply;
  }
  [[nodiscard]] Result<graph::UserProfile> GetUser(std::string_view user) override {
    calls.push_back("GetUser " + std::string(user));
    return user_reply;
  }
  [[nodiscard]] Result<std::optional<graph::UserProfile>> FindUserByAddress(
      std::string_view address) override {
    calls.push_back("FindUserByAddress " + std::string(address));
    return address_reply;
  }

  // Replies (defaults: the probe is authorized, the test send is accepted, nothing is found,
  // Sent Items is empty, the directory refuses).
  Status probe_reply;
  Status send_reply;
  std::deque<std::optional<graph::FoundMessage>> find_replies;  // then "not found"
  std::optional<Error> find_error;                              // when set, every lookup fails
  Result<std::optional<std::string>> latest_reply = std::optional<std::string>();
  Result<graph::UserProfile> user_reply;
  Result<std::optional<graph::UserProfile>> address_reply;  // default: the directory refuses

  // Records.
  std::vector<std::string> calls;
  std::string sent_marker;
  std::vector<std::string> searched_markers;
};

// A FoundMessage as Graph returns the test message from Sent Items.
inline graph::FoundMessage SentTestMessage(std::string from) {
  return graph::FoundMessage{.id = "AAMkAD-test",
                             .internet_message_id = "<test@contoso.com>",
                             .subject = "graphpost connection test sales",
                             .from_address = std::move(from),
                             .sent_date_time = "2026-11-26T09:00:01Z"};
}

}  // namespace graphpost::doctor::test
