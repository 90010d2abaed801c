#include "core/ids.hpp"

#include <gtest/gtest.h>

#include "testing/fake_random.hpp"

namespace graphpost {
namespace {

TEST(IdsTest, NewGuidIsVersion4AndRecognised) {
  testing::FakeRandom random;
  std::string guid = NewGuid(random);

  EXPECT_TRUE(IsGuid(guid));
  EXPECT_EQ(guid[14], '4');
  EXPECT_FALSE(IsGuid("contoso.onmicrosoft.com"));
  EXPECT_FALSE(IsGuid("0000000-0000-0000-0000-0000000000000"));
}

}  // namespace
}  // namespace graphpost
