#include "outbox/outbox_store.hpp"

#include <gtest/gtest.h>

namespace graphpost::outbox {
namespace {

TEST(MessageStateTest, NamesRoundTrip) {
  for (auto state : {MessageState::kQueued, MessageState::kSending, MessageState::kDelivered,
                     MessageState::kFailed, MessageState::kExpired, MessageState::kCancelled}) {
    EXPECT_EQ(ParseMessageState(MessageStateName(state)), state);
  }
  EXPECT_EQ(MessageStateName(MessageState::kCancelled), "cancelled");
  EXPECT_EQ(ParseMessageState("sent"), std::nullopt);
  EXPECT_EQ(ParseMessageState("Queued"), std::nullopt);
}

TEST(MessageStateTest, OnlyDeliveredFailedExpiredAndCancelledAreFinal) {
  EXPECT_FALSE(IsFinal(MessageState::kQueued));
  EXPECT_FALSE(IsFinal(MessageState::kSending));
  EXPECT_TRUE(IsFinal(MessageState::kDelivered));
  EXPECT_TRUE(IsFinal(MessageState::kFailed));
  EXPECT_TRUE(IsFinal(MessageState::kExpired));
  EXPECT_TRUE(IsFinal(MessageState::kCancelled));
}

TEST(GuaranteeTest, NamesAreTheApisWords) {
  EXPECT_EQ(GuaranteeName(Guarantee::kExactlyOnce), "exactly-once");
  EXPECT_EQ(GuaranteeName(Guarantee::kAtLeastOnce), "at-least-once");
}

}  // namespace
}  // namespace graphpost::outbox
