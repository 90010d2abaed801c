// The operator routes against a real SqliteOutboxStore in a temporary directory.
#include "gateway/operator_api.hpp"

#include <future>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/api_keys.hpp"
#include "api/api_test_fixture.hpp"
#include "core/json.hpp"
#include "outbox/sqlite/outbox_test_support.hpp"
#include "outbox/sqlite/sqlite_outbox_store.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"
#include "testing/temp_dir.hpp"

namespace graphpost::gateway {
namespace {

using namespace std::chrono_literals;
using outbox::test::Await;

class OperatorApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = outbox::SqliteOutboxStore::Open(dir_.path() / "outbox.db", {}, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    directory_.Add("contoso", "sales@contoso.com");
    api_ = std::make_unique<OperatorApi>(*store_, directory_, clock_, random_);
    admin_key_ = AddKey("operator", {}, true);
  }

  std::string AddKey(std::string name, std::vector<std::string> connections, bool admin) {
    auto key = api::MakeApiKey(
        random_, clock_,
        {.name = std::move(name), .connections = std::move(connections), .admin = admin});
    EXPECT_TRUE(Await<void>([&](auto done) { store_->PutApiKey(key.record, done); }));
    return key.text.Reveal();
  }

  http::Response Call(std::string method, std::string path, std::string body = "",
                      std::optional<std::string> key = std::nullopt) {
    http::Request request;
    request.method = std::move(method);
    request.path = request.target = std::move(path);
    request.body = std::move(body);
    request.headers.Set("Authorization", "Bearer " + key.value_or(admin_key_));
    std::promise<http::Response> answer;
    api_->Handle(request, [&](http::Response r) { answer.set_value(std::move(r)); });
    auto future = answer.get_future();
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return future.get();
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  testing::FakeRandom random_;
  api::MapDirectory directory_;
  std::unique_ptr<outbox::SqliteOutboxStore> store_;
  std::unique_ptr<OperatorApi> api_;
  std::string admin_key_;
};

TEST_F(OperatorApiTest, CreatedKeyIsShownOnceAndStoredOnlyAsItsHash) {
  auto created = Call("POST", "/v1/admin/apikeys", R"({"name":"shop","connections":["contoso"]})");

  ASSERT_EQ(created.status, 201) << created.body;
  auto body = ParseJson(created.body);
  const std::string key = JsonString(*body, "key").value_or("");
  ASSERT_TRUE(key.starts_with("gpk_"));
  auto stored = store_->FindApiKeyByHash(api::HashApiKey(key));
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->connections, std::vector<std::string>{"contoso"});
  auto listed = Call("GET", "/v1/admin/apikeys");
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(key), std::string::npos);
  EXPECT_NE(listed.body.find("\"shop\""), std::string::npos);
}

TEST_F(OperatorApiTest, KeyThatIsNotAdminIsForbidden) {
  const std::string user = AddKey("shop", {"contoso"}, false);

  auto answer = Call("GET", "/v1/admin/apikeys", "", user);

  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(answer.headers.Get("Content-Type"), "application/problem+json");
  EXPECT_EQ(answer.body.find(user), std::string::npos);
}

TEST_F(OperatorApiTest, UnknownKeyIsUnauthorizedWithoutEchoingIt) {
  auto answer = Call("GET", "/v1/admin/apikeys", "", "gpk_not-a-real-key");

  EXPECT_EQ(answer.status, 401);
  EXPECT_EQ(answer.body.find("gpk_not-a-real-key"), std::string::npos);
}

TEST_F(OperatorApiTest, RevokedKeyNoLongerWorks) {
  auto created = Call("POST", "/v1/admin/apikeys", R"({"name":"second","admin":true})");
  auto body = ParseJson(created.body);
  const std::string id = JsonString(*body, "id").value_or("");
  const std::string key = JsonString(*body, "key").value_or("");

  auto revoked = Call("POST", "/v1/admin/apikeys/" + id + "/revoke");

  EXPECT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(Call("GET", "/v1/admin/apikeys", "", key).status, 401);
}

TEST_F(OperatorApiTest, KeyWithoutConnectionsOrAdminIsRefused) {
  auto answer = Call("POST", "/v1/admin/apikeys", R"({"name":"nothing"})");

  EXPECT_EQ(answer.status, 400);
}

TEST_F(OperatorApiTest, KeyForAConnectionThatDoesNotExistIsRefusedNamingIt) {
  auto created = Call("POST", "/v1/admin/apikeys",
                      R"({"name":"bad","connections":["contoso","nonexistent"]})");

  EXPECT_EQ(created.status, 400) << created.body;
  EXPECT_NE(created.body.find("nonexistent"), std::string::npos) << created.body;
  EXPECT_EQ(created.body.find("gpk_"), std::string::npos);
  auto listed = Call("GET", "/v1/admin/apikeys");
  EXPECT_EQ(listed.body.find("\"bad\""), std::string::npos) << listed.body;
}

TEST_F(OperatorApiTest, PurgeDeletesFinalMessagesOlderThanTheAge) {
  auto m = outbox::test::SampleMessage("11111111-1111-4111-8111-111111111111", clock_.WallNow());
  ASSERT_TRUE(Await<outbox::SubmitOutcome>(
      [&](auto done) { store_->Submit(outbox::test::SampleSubmission({m}), done); }));
  ASSERT_TRUE(
      Await<outbox::MessageRecord>([&](auto done) { store_->Cancel(m.id, std::nullopt, done); }));
  clock_.Advance(8 * 24h);

  auto answer = Call("POST", "/v1/admin/purge", R"({"olderThan":"7d"})");

  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(JsonInt(*ParseJson(answer.body), "purged"), 1);
  EXPECT_FALSE(store_->Get(m.id, std::nullopt));
}

TEST_F(OperatorApiTest, PurgeNeedsADuration) {
  EXPECT_EQ(Call("POST", "/v1/admin/purge", R"({"olderThan":"last week"})").status, 400);
}

}  // namespace
}  // namespace graphpost::gateway
