// api/api_test_fixture.hpp — the Api over a real SqliteOutboxStore in a temporary directory, with
// three connections, two customer keys and an admin key; requests go through Admit and Handle as
// the server would send them. Test-only.
#pragma once

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "api/api.hpp"
#include "api/api_keys.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::api {

// Connection name → mailbox. Thread-safe.
class MapDirectory final : public ConnectionDirectory {
 public:
  void Add(std::string name, std::string mailbox) {
    std::lock_guard lock(mu_);
    mailboxes_[std::move(name)] = std::move(mailbox);
  }
  std::optional<std::string> MailboxOf(const std::string& name) override {
    std::lock_guard lock(mu_);
    auto it = mailboxes_.find(name);
    if (it == mailboxes_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> ConnectionsOf(const std::string& address) override {
    std::lock_guard lock(mu_);
    std::vector<std::string> names;
    for (const auto& [name, mailbox] : mailboxes_) {
      if (AsciiIEquals(mailbox, address)) names.push_back(name);
    }
    return names;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> mailboxes_;  // Guarded by mu_.
};

struct Reply {
  int status = 0;
  std::string content_type;
  std::string body;
  http::Headers headers;
  boost::json::value json;  // null when the body is not JSON
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_.Add("contoso", "alice@contoso.com");
    directory_.Add("fabrikam", "sales@fabrikam.com");
    directory_.Add("northwind", "ops@northwind.com");
    OpenStore();
    alice_ = AddKey({.name = "alice", .connections = {"contoso", "ghost"}});
    bob_ = AddKey({.name = "bob", .connections = {"fabrikam", "northwind"}});
    admin_ = AddKey({.name = "operator", .admin = true});
    MakeApi();
  }

  void OpenStore(outbox::OutboxOptions options = {}) {
    api_.reset();
    store_.reset();
    auto store = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", options, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }

  void MakeApi(ApiOptions options = {}) {
    api_ = std::make_unique<Api>(ApiSetup{.outbox = *store_,
                                          .clock = clock_,
                                          .random = random_,
                                          .connections = directory_,
                                          .notify =
                                              [this](const std::vector<outbox::LaneKey>& lanes) {
                                                std::lock_guard lock(mu_);
                                                notified_.insert(notified_.end(), lanes.begin(),
                                                                 lanes.end());
                                              },
                                          .options = options});
  }

  std::string AddKey(ApiKeySpec spec) {
    NewApiKey key = MakeApiKey(random_, clock_, std::move(spec));
    std::promise<Status> stored;
    store_->PutApiKey(key.record, [&](Status s) { stored.set_value(s); });
    EXPECT_TRUE(stored.get_future().get());
    key_ids_[key.text.Reveal()] = key.record.id;
    return key.text.Reveal();
  }

  http::Request Head(std::string method, std::string target, const std::string& key) {
    http::Request r;
    r.method = std::move(method);
    r.target = target;
    const std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    if (!key.empty()) r.headers.Set("Authorization", "Bearer " + key);
    r.remote_address = "127.0.0.1";
    return r;
  }

  // Admit, then (when admitted) Handle, waiting for the answer.
  Reply Call(std::string method, std::string target, std::string body, const std::string& key,
             std::vector<http::Header> headers = {}) {
    http::Request request = Head(std::move(method), std::move(target), key);
    if (!body.empty()) request.headers.Set("Content-Type", "application/json");
    for (auto& h : headers) request.headers.Set(h.name, h.value);
    request.headers.Set("Content-Length", std::to_string(body.size()));
    http::Admission admission = api_->Admit(request);
    if (admission.refusal) return ToReply(std::move(*admission.refusal));
    EXPECT_LE(body.size(), admission.body_limit);
    request.body = std::move(body);
    std::promise<http::Response> answer;
    auto future = answer.get_future();
    api_->Handle(std::move(request),
                 [&answer](http::Response r) { answer.set_value(std::move(r)); });
    EXPECT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    return ToReply(future.get());
  }

  Reply Post(std::string target, std::string body, const std::string& key,
             std::vector<http::Header> headers = {}) {
    return Call("POST", std::move(target), std::move(body), key, std::move(headers));
  }
  Reply Get(std::string target, const std::string& key) { return Call("GET", target, "", key); }

  static Reply ToReply(http::Response r) {
    Reply reply;
    reply.status = r.status;
    reply.content_type = std::string(r.headers.Get("Content-Type").value_or(""));
    reply.body = r.body;
    reply.headers = r.headers;
    auto json = ParseJson(r.body);
    if (json) reply.json = std::move(*json);
    return reply;
  }

  // A valid message through `connection` to bob@fabrikam.com, with `extra` fields appended.
  static std::string Message(std::string_view connection, std::string_view extra = "") {
    return R"({"connection":")" + std::string(connection) +
           R"(","to":["bob@fabrikam.com"],"subject":"Hi","text":"Hello")" + std::string(extra) +
           "}";
  }

  // Submits a message as `key` and returns its id (expects 202).
  std::string SubmitOk(std::string_view connection, const std::string& key) {
    Reply reply = Post("/v1/messages", Message(connection), key);
    EXPECT_EQ(reply.status, 202) << reply.body;
    return reply.json.is_object() ? JsonString(reply.json, "id").value_or("") : "";
  }

  std::vector<outbox::LaneKey> Notified() {
    std::lock_guard lock(mu_);
    return notified_;
  }

  // Every error path of a problem reply.
  static std::vector<std::string> ErrorPaths(const Reply& reply) {
    std::vector<std::string> paths;
    const boost::json::array* errors = JsonArray(reply.json, "errors");
    if (errors == nullptr) return paths;
    for (const auto& e : *errors) paths.push_back(JsonString(e, "path").value_or(""));
    return paths;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  SystemRandom random_;  // message ids must be unique across 1,000-message batches
  MapDirectory directory_;
  std::unique_ptr<outbox::SqliteOutboxStore> store_;
  std::unique_ptr<Api> api_;
  std::string alice_, bob_, admin_;
  std::map<std::string, std::string> key_ids_;  // key text → id

 private:
  std::mutex mu_;
  std::vector<outbox::LaneKey> notified_;  // Guarded by mu_.
};

}  // namespace graphpost::api
