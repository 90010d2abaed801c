// tests/e2e/delivery_e2e_support.hpp — the delivery engine's end-to-end world: a real sandbox
// (in-process, HTTPS on port 0), a connection store holding the guide's connections, the real
// SQLite outbox wrapped so a test can wait on settled attempts (an event, not a sleep), and
// helpers to submit messages, inject sandbox faults and count deliveries by X-Graphpost-Id.
// Header-only; one per test; not thread-safe except ObservedOutbox.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "connections/connection_store.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"
#include "graph/reliable_send.hpp"
#include "message/api_message.hpp"
#include "message/stored_mime.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "tests/e2e/sandbox_fixture.hpp"

namespace graphpost::testing {

// Forwards everything to the real store and counts settled messages by new state, waking
// waiters after each Finish is durable.
class ObservedOutbox final : public outbox::OutboxStore {
 public:
  explicit ObservedOutbox(outbox::OutboxStore& store) : store_(store) {}

  // Waits until `done()` holds (checked after every Finish, and every 20 ms as a guard against a
  // missed wake-up), or `timeout`. Returns whether it holds.
  bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::unique_lock lock(wait_mu_);
      cv_.wait_for(lock, std::chrono::milliseconds{20});
    }
    return true;
  }
  int settled(outbox::MessageState s) {
    std::lock_guard lock(mu_);
    return settled_[s];
  }
  // Wall time (engine clock) of the last delivered result.
  outbox::TimePoint last_delivered_at() {
    std::lock_guard lock(mu_);
    return last_delivered_at_;
  }

  void Submit(outbox::Submission s, outbox::Callback<outbox::SubmitOutcome> done) override {
    store_.Submit(std::move(s), std::move(done));
  }
  void Claim(outbox::ClaimRequest r,
             outbox::Callback<std::vector<outbox::MessageRecord>> done) override {
    store_.Claim(std::move(r), std::move(done));
  }
  void Finish(std::vector<outbox::AttemptResult> results, outbox::Callback<void> done) override {
    std::vector<std::pair<outbox::MessageState, outbox::TimePoint>> states;
    for (const auto& r : results) states.emplace_back(r.new_state, r.attempt.ended_at);
    store_.Finish(std::move(results), [this, states, done = std::move(done)](Status s) {
      done(s);
      {
        std::lock_guard lock(mu_);
        for (const auto& [state, at] : states) {
          ++settled_[state];
          if (state == outbox::MessageState::kDelivered) last_delivered_at_ = at;
        }
      }
      cv_.notify_all();
    });
  }
  void RecoverLeases(outbox::TimePoint now, outbox::TimePoint verify_at,
                     outbox::Callback<std::vector<outbox::LaneKey>> done) override {
    store_.RecoverLeases(now, verify_at, std::move(done));
  }
  void Cancel(std::string id, std::optional<std::string> key,
              outbox::Callback<outbox::MessageRecord> done) override {
    store_.Cancel(std::move(id), std::move(key), std::move(done));
  }
  void Retry(std::string id, std::optional<std::string> key, outbox::TimePoint now,
             outbox::Callback<outbox::MessageRecord> done) override {
    store_.Retry(std::move(id), std::move(key), now, std::move(done));
  }
  void Purge(outbox::TimePoint before, outbox::Callback<std::int64_t> done) override {
    store_.Purge(before, std::move(done));
  }
  void PutApiKey(outbox::ApiKeyRecord key, outbox::Callback<void> done) override {
    store_.PutApiKey(std::move(key), std::move(done));
  }
  void RevokeApiKey(std::string id, outbox::Callback<void> done) override {
    store_.RevokeApiKey(std::move(id), std::move(done));
  }
  Result<outbox::MessageRecord> Get(const std::string& id,
                                    const std::optional<std::string>& key) override {
    return store_.Get(id, key);
  }
  Result<std::vector<outbox::Attempt>> Attempts(const std::string& id) override {
    return store_.Attempts(id);
  }
  Result<outbox::ListPage> List(const outbox::ListFilter& f) override { return store_.List(f); }
  Result<std::vector<outbox::LaneSummary>> QueuedLanes() override { return store_.QueuedLanes(); }
  Result<std::vector<std::pair<outbox::MessageState, std::int64_t>>> CountByState() override {
    return store_.CountByState();
  }
  Result<std::int64_t> RecipientsDeliveredSince(const outbox::LaneKey& lane,
                                                outbox::TimePoint since) override {
    return store_.RecipientsDeliveredSince(lane, since);
  }
  Result<std::optional<outbox::ApiKeyRecord>> FindApiKeyByHash(const std::string& h) override {
    return store_.FindApiKeyByHash(h);
  }
  Result<std::vector<outbox::ApiKeyRecord>> ListApiKeys() override { return store_.ListApiKeys(); }
  void PutSmtpAccount(outbox::SmtpAccountRecord a, outbox::Callback<void> d) override {
    store_.PutSmtpAccount(std::move(a), std::move(d));
  }
  void RemoveSmtpAccount(std::string name, outbox::Callback<void> d) override {
    store_.RemoveSmtpAccount(std::move(name), std::move(d));
  }
  Result<std::optional<outbox::SmtpAccountRecord>> FindSmtpAccount(const std::string& n) override {
    return store_.FindSmtpAccount(n);
  }
  Result<std::vector<outbox::SmtpAccountRecord>> ListSmtpAccounts() override {
    return store_.ListSmtpAccounts();
  }

 private:
  outbox::OutboxStore& store_;
  std::mutex mu_;
  std::mutex wait_mu_;  // only for cv_; the predicate reads the counters under mu_
  std::condition_variable cv_;
  std::map<outbox::MessageState, int> settled_;  // Guarded by mu_.
  outbox::TimePoint last_delivered_at_{};        // Guarded by mu_.
};

// Changes a scenario document before the sandbox loads it.
using ScenarioEdit = std::function<void(json::value& scenario)>;

// The setup guide's tenant with a third sender mailbox (support@) in the senders group, then
// `edit`, written beside the test's files; returns its path relative to the source tree (as
// SandboxFixture wants).
inline std::string ThreeSenderScenario(const std::filesystem::path& dir,
                                       const ScenarioEdit& edit = {}) {
  std::ifstream in(std::string(GRAPHPOST_SOURCE_DIR) + "/scenarios/setup-guide.json");
  std::stringstream text;
  text << in.rdbuf();
  json::value doc = ParseJson(text.str()).value();
  json::array& recipients = doc.at("tenants").as_array()[0].at("recipients").as_array();
  json::object support = recipients[2].as_object();  // advocacy@, a shared mailbox
  support["id"] = "c17d8e9f-a0b1-4c23-94d5-a6b7c8d9e0f1";
  support["displayName"] = "Support";
  support["alias"] = "support";
  support["userPrincipalName"] = "support@company.com";
  support["primarySmtpAddress"] = "support@company.com";
  support["distinguishedName"] =
      "CN=support,OU=company.onmicrosoft.com,OU=Microsoft Exchange Hosted "
      "Organizations,DC=NAMPR00A001,DC=prod,DC=outlook,DC=com";
  for (auto& r : recipients) {
    if (auto* members = r.as_object().if_contains("members")) {
      members->as_array().push_back("support@company.com");
    }
  }
  recipients.push_back(support);
  if (edit) edit(doc);
  std::filesystem::create_directories(dir);
  const auto path = dir / "three-senders.json";
  std::ofstream(path) << ToJson(doc);
  return std::filesystem::relative(path, GRAPHPOST_SOURCE_DIR).string();
}

class DeliveryWorld {
 public:
  DeliveryWorld(Clock& clock, boost::json::object settings, const ScenarioEdit& edit = {})
      : scenario_dir_(dir_.path() / "scenario"),
        sandbox_(ThreeSenderScenario(scenario_dir_, edit), std::move(settings)),
        clock_(clock) {
    auto vault = connections::SecretVault::FromKeyFile(dir_.path() / "master.key", random_);
    auto store = connections::ConnectionStore::Open(dir_.path() / "graphpost.db",
                                                    std::move(vault.value()), clock_);
    connections_ = std::move(store.value());
    auto outbox = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    sqlite_ = std::move(outbox.value());
    observed_ = std::make_unique<ObservedOutbox>(*sqlite_);
  }

  SandboxFixture& sandbox() { return sandbox_; }
  connections::ConnectionStore& connections() { return *connections_; }
  ObservedOutbox& outbox() { return *observed_; }

  // Saves a connection named `name` for `mailbox` with the guide app's secret.
  void AddConnection(const std::string& name, const std::string& mailbox) {
    connections::Connection c;
    c.name = name;
    c.tenant = kGuideTenant;
    c.client_id = kGuideClient;
    c.user_id = mailbox;
    c.client_secret = Secret(sandbox_.GuideSecret());
    c.cloud = "custom";
    c.login_url = sandbox_.base_url();
    c.graph_url = sandbox_.base_url() + "/v1.0";
    c.ca_file = sandbox_.sandbox().endpoint().ca_path;
    ASSERT_TRUE(connections_->Add(c));
  }

  // Queues `count` messages from `mailbox` (through connection `name`) to pat@; returns the ids.
  std::vector<std::string> Submit(const std::string& name, const std::string& mailbox, int count) {
    outbox::Submission submission{.api_key_id = "k_test"};
    std::vector<std::string> ids;
    const auto now = clock_.WallNow();
    for (int i = 0; i < count; ++i) {
      message::ApiMessage m;
      m.connection = name;
      m.from = mailbox;
      m.message.subject = mailbox + " #" + std::to_string(i);
      m.message.body = "hello";
      m.message.to = {{"", "pat@company.com"}};
      ids.push_back(NewGuid(random_));
      submission.messages.push_back(outbox::MessageRecord{.id = ids.back(),
                                                          .api_key_id = "k_test",
                                                          .lane = {name, mailbox},
                                                          .recipients = 1,
                                                          .payload = message::ToCanonicalJson(m),
                                                          .created_at = now,
                                                          .send_at = now,
                                                          .next_attempt_at = now});
    }
    std::promise<Result<outbox::SubmitOutcome>> stored;
    observed_->Submit(std::move(submission),
                      [&stored](Result<outbox::SubmitOutcome> r) { stored.set_value(r); });
    EXPECT_TRUE(stored.get_future().get());
    return ids;
  }

  // Queues one message that came in over SMTP, from `mailbox` through connection `name`, as the
  // SMTP intake stores it (recipients = the envelope's count); returns its id.
  std::string SubmitMime(const std::string& name, const std::string& mailbox,
                         const message::StoredMime& stored) {
    const auto now = clock_.WallNow();
    const std::string id = NewGuid(random_);
    outbox::Submission submission{.api_key_id = "smtp"};
    submission.messages.push_back(
        outbox::MessageRecord{.id = id,
                              .api_key_id = "smtp",
                              .lane = {name, mailbox},
                              .recipients = static_cast<int>(stored.rcpt_to.size()),
                              .payload = message::EncodeStoredMime(stored),
                              .created_at = now,
                              .send_at = now,
                              .next_attempt_at = now});
    std::promise<Result<outbox::SubmitOutcome>> done;
    observed_->Submit(std::move(submission),
                      [&done](Result<outbox::SubmitOutcome> r) { done.set_value(r); });
    EXPECT_TRUE(done.get_future().get());
    return id;
  }

  // The sandbox's delivery counts by `header` (docs/sandbox.md, "Counting deliveries"): value →
  // copies in [Inboxes, Sent Items, the internet sink].
  std::map<std::string, std::vector<int>> Deliveries(const std::string& header) {
    json::value answer = Admin("GET", "deliveries?header=" + header, "");
    std::map<std::string, std::vector<int>> out;
    const json::object* counts = JsonObject(answer, "counts");
    if (counts == nullptr) return out;
    for (const auto& [value, places] : *counts) {
      for (const auto& n : places.as_array()) out[value].push_back(static_cast<int>(n.to_number<int>()));
    }
    return out;
  }

  // POST /_sandbox/<path> with the admin key; returns the parsed answer (null on failure).
  json::value Admin(const std::string& method, const std::string& path, const std::string& body) {
    http::ClientRequest req{
        .method = method, .url = sandbox_.base_url() + "/_sandbox/" + path, .body = body};
    req.headers.Set("Authorization", "Bearer " + sandbox_.sandbox().admin_key());
    req.headers.Set("Content-Type", "application/json");
    auto resp = sandbox_.http().Send(req);
    if (!resp || resp->status >= 300) {
      ADD_FAILURE() << method << " " << path << ": "
                    << (resp ? std::to_string(resp->status) + " " + resp->body
                             : resp.error().message);
      return nullptr;
    }
    return ParseJson(resp->body).value_or(nullptr);
  }

  // How often each X-Graphpost-Id arrived in `mailbox`'s Inbox.
  std::map<std::string, int> DeliveriesById(const std::string& mailbox) {
    json::value listing =
        Admin("GET", "tenants/company.com/mailboxes/" + mailbox + "/folders/inbox", "");
    std::map<std::string, int> out;
    const json::array* messages = JsonArray(listing, "value");
    if (messages == nullptr) return out;
    for (const auto& m : *messages) {
      const json::array* props = JsonArray(m, "singleValueExtendedProperties");
      if (props == nullptr) continue;
      for (const auto& p : *props) {
        if (JsonString(p, "id").value_or("") == graph::kMessageIdProperty) {
          ++out[JsonString(p, "value").value_or("")];
        }
      }
    }
    return out;
  }

 private:
  TempDir dir_;
  std::filesystem::path scenario_dir_;
  SandboxFixture sandbox_;
  Clock& clock_;
  SystemRandom random_;
  std::unique_ptr<connections::ConnectionStore> connections_;
  std::unique_ptr<outbox::SqliteOutboxStore> sqlite_;
  std::unique_ptr<ObservedOutbox> observed_;
};

}  // namespace graphpost::testing
