// outbox/sqlite/outbox_test_support.hpp — helpers for the outbox tests: waiting for a write's
// callback, and sample messages and submissions. Test-only; thread-safe where it waits.
#pragma once

#include <chrono>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "outbox/outbox_store.hpp"

namespace graphpost::outbox::test {

// Runs `start(callback)` and waits for the callback's result (a failure guard, not a delay).
template <class T, class Start>
Result<T> Await(Start start) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  start([promise](Result<T> result) { promise->set_value(std::move(result)); });
  if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    ADD_FAILURE() << "an outbox callback did not run within 30 s";
    return Fail(ErrorCode::kDeadlineExceeded, "callback did not run");
  }
  return future.get();
}

inline MessageRecord SampleMessage(std::string id, TimePoint created,
                                   LaneKey lane = {"contoso", "a@contoso.com"},
                                   std::string api_key_id = "k_one") {
  MessageRecord m;
  m.id = std::move(id);
  m.api_key_id = std::move(api_key_id);
  m.lane = std::move(lane);
  m.recipients = 2;
  m.payload = R"({"subject":"hello"})";
  m.created_at = created;
  m.send_at = created;
  m.next_attempt_at = created;
  return m;
}

inline Submission SampleSubmission(std::vector<MessageRecord> messages,
                                   std::string idempotency_key = "", std::string hash = "h1") {
  Submission s;
  s.api_key_id = messages.empty() ? "k_one" : messages.front().api_key_id;
  s.idempotency_key = std::move(idempotency_key);
  s.request_hash = std::move(hash);
  s.messages = std::move(messages);
  s.response_status = 202;
  s.response_body = R"({"ids":[]})";
  return s;
}

}  // namespace graphpost::outbox::test
