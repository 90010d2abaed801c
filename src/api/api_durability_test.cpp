// A submission is answered only from the outbox's Submit callback: until the store says the
// messages are durable, the client hears nothing; a failed commit is never answered 202.
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"

namespace graphpost::api {
namespace {

// Forwards to a real store, but holds Submit's callback until Release().
class HoldingOutbox final : public outbox::OutboxStore {
 public:
  explicit HoldingOutbox(outbox::OutboxStore& inner) : inner_(inner) {}

  void Release(std::optional<Error> fail = std::nullopt) {
    std::promise<Result<outbox::SubmitOutcome>> stored;
    inner_.Submit(std::move(*held_),
                  [&](Result<outbox::SubmitOutcome> r) { stored.set_value(std::move(r)); });
    Result<outbox::SubmitOutcome> outcome = stored.get_future().get();
    if (fail) outcome = Fail(*fail);
    done_(std::move(outcome));
  }
  bool holding() const { return held_.has_value(); }

  void Submit(outbox::Submission s, outbox::Callback<outbox::SubmitOutcome> done) override {
    held_ = std::move(s);
    done_ = std::move(done);
  }
  void Claim(outbox::ClaimRequest r,
             outbox::Callback<std::vector<outbox::MessageRecord>> d) override {
    inner_.Claim(std::move(r), std::move(d));
  }
  void Finish(std::vector<outbox::AttemptResult> r, outbox::Callback<void> d) override {
    inner_.Finish(std::move(r), std::move(d));
  }
  void RecoverLeases(outbox::TimePoint n, outbox::TimePoint v,
                     outbox::Callback<std::vector<outbox::LaneKey>> d) override {
    inner_.RecoverLeases(n, v, std::move(d));
  }
  void Cancel(std::string id, std::optional<std::string> k,
              outbox::Callback<outbox::MessageRecord> d) override {
    inner_.Cancel(std::move(id), std::move(k), std::move(d));
  }
  void Retry(std::string id, std::optional<std::string> k, outbox::TimePoint n,
             outbox::Callback<outbox::MessageRecord> d) override {
    inner_.Retry(std::move(id), std::move(k), n, std::move(d));
  }
  void Purge(outbox::TimePoint b, outbox::Callback<std::int64_t> d) override {
    inner_.Purge(b, std::move(d));
  }
  void PutApiKey(outbox::ApiKeyRecord k, outbox::Callback<void> d) override {
    inner_.PutApiKey(std::move(k), std::move(d));
  }
  void RevokeApiKey(std::string id, outbox::Callback<void> d) override {
    inner_.RevokeApiKey(std::move(id), std::move(d));
  }
  Result<outbox::MessageRecord> Get(const std::string& id,
                                    const std::optional<std::string>& k) override {
    return inner_.Get(id, k);
  }
  Result<std::vector<outbox::Attempt>> Attempts(const std::string& id) override {
    return inner_.Attempts(id);
  }
  Result<outbox::ListPage> List(const outbox::ListFilter& f) override { return inner_.List(f); }
  Result<std::vector<outbox::LaneSummary>> QueuedLanes() override { return inner_.QueuedLanes(); }
  Result<std::vector<std::pair<outbox::MessageState, std::int64_t>>> CountByState() override {
    return inner_.CountByState();
  }
  Result<std::int64_t> RecipientsDeliveredSince(const outbox::LaneKey& l,
                                                outbox::TimePoint s) override {
    return inner_.RecipientsDeliveredSince(l, s);
  }
  Result<std::optional<outbox::ApiKeyRecord>> FindApiKeyByHash(const std::string& h) override {
    return inner_.FindApiKeyByHash(h);
  }
  Result<std::vector<outbox::ApiKeyRecord>> ListApiKeys() override { return inner_.ListApiKeys(); }
  void PutSmtpAccount(outbox::SmtpAccountRecord a, outbox::Callback<void> d) override {
    inner_.PutSmtpAccount(std::move(a), std::move(d));
  }
  void RemoveSmtpAccount(std::string name, outbox::Callback<void> d) override {
    inner_.RemoveSmtpAccount(std::move(name), std::move(d));
  }
  Result<std::optional<outbox::SmtpAccountRecord>> FindSmtpAccount(const std::string& n) override {
    return inner_.FindSmtpAccount(n);
  }
  Result<std::vector<outbox::SmtpAccountRecord>> ListSmtpAccounts() override {
    return inner_.ListSmtpAccounts();
  }

 private:
  outbox::OutboxStore& inner_;
  std::optional<outbox::Submission> held_;
  outbox::Callback<outbox::SubmitOutcome> done_;
};

class ApiDurabilityTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    holding_ = std::make_unique<HoldingOutbox>(*store_);
    api_ = std::make_unique<Api>(ApiSetup{.outbox = *holding_,
                                          .clock = clock_,
                                          .random = random_,
                                          .connections = directory_,
                                          .notify = {},
                                          .options = {}});
  }

  std::optional<http::Response> answer_;
  std::unique_ptr<HoldingOutbox> holding_;

  void Submit() {
    http::Request request = Head("POST", "/v1/messages", alice_);
    request.headers.Set("Content-Type", "application/json");
    request.body = Message("contoso");
    api_->Handle(std::move(request), [this](http::Response r) { answer_ = std::move(r); });
  }
};

TEST_F(ApiDurabilityTest, The202WaitsForTheOutboxToCommit) {
  Submit();

  ASSERT_TRUE(holding_->holding());
  EXPECT_FALSE(answer_);
  holding_->Release();

  ASSERT_TRUE(answer_);
  EXPECT_EQ(answer_->status, 202);
}

TEST_F(ApiDurabilityTest, AFailedCommitIsNeverAnswered202) {
  Submit();

  holding_->Release(Error{ErrorCode::kUnavailable, "storage full", std::nullopt, {}});

  ASSERT_TRUE(answer_);
  EXPECT_EQ(answer_->status, 503);
  EXPECT_EQ(answer_->headers.Get("Retry-After"), "30");
  EXPECT_EQ(answer_->body.find("storage full"), std::string::npos);  // store text not shown
}

}  // namespace
}  // namespace graphpost::api
