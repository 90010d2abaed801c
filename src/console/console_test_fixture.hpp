// console/console_test_fixture.hpp — a console router over a real SQLite outbox (TempDir) and an
// in-memory connection store, with a FakeClock and FakeRandom, two test routes (GET "things",
// POST "things/*/poke") and helpers to sign in and call it. Not thread-safe; one per test.
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/api_keys.hpp"
#include "connections/connection_store.hpp"
#include "console/console_session.hpp"
#include "console/console_token.hpp"
#include "console/internal/console_router.hpp"
#include "core/base64.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::console::test {

inline constexpr std::string_view kAdminToken = "gpc_the-console-admin-token-for-tests-0123456789";

class ConsoleFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(store) << store.error().message;
    outbox_ = std::move(*store);
    auto vault =
        connections::SecretVault::FromMasterKey(Base64Encode(std::string(32, 'k')), "test-salt");
    ASSERT_TRUE(vault);
    auto conns = connections::ConnectionStore::Open(":memory:", std::move(*vault), clock_);
    ASSERT_TRUE(conns) << conns.error().message;
    connections_ = std::move(*conns);
    admin_hash_ = HashConsoleToken(kAdminToken);
  }

  ConsoleDeps Deps(ConsoleOptions options = {}) {
    if (!options.admin_token_hash) options.admin_token_hash = [this] { return admin_hash_; };
    return ConsoleDeps{.clock = clock_,
                       .random = random_,
                       .outbox = *outbox_,
                       .connections = *connections_,
                       .options = std::move(options)};
  }

  // The router with the two test routes; `options` as given (admin token hash filled in).
  internal::ConsoleRouter& MakeRouter(ConsoleOptions options = {}) {
    router_ = std::make_unique<internal::ConsoleRouter>(Deps(std::move(options)));
    router_->routes().Add("GET", "things", [this](PageRequest r, PageReply reply) {
      ++gets_;
      PageAnswer a;
      a.title = "Things";
      a.section = "messages";
      a.body = "<p>things for " + r.principal + "</p>";
      a.refresh_seconds = 5;
      reply(std::move(a));
    });
    router_->routes().Add("POST", "things/*/poke", [this](PageRequest r, PageReply reply) {
      poked_.push_back(r.path[1]);
      PageAnswer a;
      a.redirect = "/ui/things";
      reply(std::move(a));
    });
    return *router_;
  }

  std::string AddKey(api::ApiKeySpec spec) {
    api::NewApiKey key = api::MakeApiKey(random_, clock_, std::move(spec));
    std::promise<Status> stored;
    outbox_->PutApiKey(key.record, [&](Status s) { stored.set_value(s); });
    EXPECT_TRUE(stored.get_future().get());
    key_ids_.push_back(key.record.id);
    return key.text.Reveal();
  }

  void RevokeKey(const std::string& id) {
    std::promise<Status> done;
    outbox_->RevokeApiKey(id, [&](Status s) { done.set_value(s); });
    EXPECT_TRUE(done.get_future().get());
  }

  // Admit, then (when admitted) Handle; the answer (every answer is also kept in answers_).
  http::Response Call(std::string method, std::string target, std::string body = "",
                      std::vector<http::Header> headers = {}) {
    http::Request r;
    r.method = std::move(method);
    r.target = target;
    const std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    for (auto& h : headers) r.headers.Add(h.name, h.value);
    r.body = std::move(body);
    r.remote_address = "192.0.2.7";
    std::optional<http::Response> answer;
    http::Admission admission = router_->Admit(r);
    if (admission.refusal) {
      answer = *admission.refusal;
    } else {
      router_->Handle(std::move(r), [&](http::Response resp) { answer = std::move(resp); });
    }
    EXPECT_TRUE(answer.has_value());
    answers_.push_back(answer.value_or(http::Response{}));
    return answers_.back();
  }

  // The value the answer's Set-Cookie for `name` sets (nullopt when it sets none).
  static std::optional<std::string> SetCookieValue(const http::Response& r, std::string_view name) {
    for (const auto& h : r.headers.all()) {
      if (h.name != "Set-Cookie" || h.value.rfind(std::string(name) + "=", 0) != 0) continue;
      return h.value.substr(name.size() + 1, h.value.find(';') - name.size() - 1);
    }
    return std::nullopt;
  }
  static std::string SetCookieHeader(const http::Response& r, std::string_view name) {
    for (const auto& h : r.headers.all()) {
      if (h.name == "Set-Cookie" && h.value.rfind(std::string(name) + "=", 0) == 0) return h.value;
    }
    return "";
  }

  // The hidden csrf field's value in a page.
  static std::string CsrfIn(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    const std::size_t at = html.find(marker);
    if (at == std::string::npos) return "";
    const std::size_t start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
  }

  // Posts the login form with `token` (after fetching the form for its CSRF cookie).
  http::Response PostLogin(std::string_view token, std::string next = "/ui/things") {
    http::Response form = Call("GET", "/ui/login");
    const std::string nonce = SetCookieValue(form, kLoginCookie).value_or("");
    return Call(
        "POST", "/ui/login",
        EncodeForm({{"csrf", CsrfIn(form.body)}, {"next", next}, {"token", std::string(token)}}),
        {{"Cookie", std::string(kLoginCookie) + "=" + nonce}});
  }

  // Signs in with `token`; the session cookie header value ("gp_session=...").
  std::string SignIn(std::string_view token = kAdminToken) {
    http::Response r = PostLogin(token);
    EXPECT_EQ(r.status, 303);
    return std::string(kSessionCookie) + "=" + SetCookieValue(r, kSessionCookie).value_or("");
  }

  // The session's CSRF token, read from a page's Sign out form.
  std::string CsrfOf(const std::string& cookie) {
    return CsrfIn(Call("GET", "/ui/things", "", {{"Cookie", cookie}}).body);
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  std::unique_ptr<outbox::SqliteOutboxStore> outbox_;
  std::unique_ptr<connections::ConnectionStore> connections_;
  std::string admin_hash_;
  std::unique_ptr<internal::ConsoleRouter> router_;
  std::vector<std::string> key_ids_;
  std::vector<http::Response> answers_;
  int gets_ = 0;
  std::vector<std::string> poked_;
};

}  // namespace graphpost::console::test
