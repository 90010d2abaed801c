#include "http/internal/connection_slots.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace graphpost::http::internal {
namespace {

using Kind = ConnectionSlots::Kind;

TEST(ConnectionSlotsTest, ServesUpToTheCapThenRefusesThenHasNothing) {
  ConnectionSlots slots(2, 1);

  auto a = slots.Acquire();
  auto b = slots.Acquire();
  auto c = slots.Acquire();
  auto d = slots.Acquire();

  EXPECT_EQ(a.kind(), Kind::kServe);
  EXPECT_EQ(b.kind(), Kind::kServe);
  EXPECT_EQ(c.kind(), Kind::kRefuse);
  EXPECT_EQ(d.kind(), Kind::kNone);
  EXPECT_EQ(slots.open(), 3u);
}

TEST(ConnectionSlotsTest, AReleasedSlotIsServedAgain) {
  ConnectionSlots slots(1, 0);
  {
    auto first = slots.Acquire();
    ASSERT_EQ(first.kind(), Kind::kServe);
    EXPECT_EQ(slots.Acquire().kind(), Kind::kNone);
  }

  auto again = slots.Acquire();

  EXPECT_EQ(again.kind(), Kind::kServe);
}

TEST(ConnectionSlotsTest, AMovedSlotIsReleasedOnce) {
  ConnectionSlots slots(1, 1);
  std::vector<ConnectionSlots::Slot> held;
  held.push_back(slots.Acquire());
  held.push_back(slots.Acquire());
  ConnectionSlots::Slot moved = std::move(held[0]);

  held.clear();

  EXPECT_EQ(slots.open(), 1u);
  EXPECT_EQ(moved.kind(), Kind::kServe);
  EXPECT_EQ(slots.Acquire().kind(), Kind::kRefuse);
}

}  // namespace
}  // namespace graphpost::http::internal
