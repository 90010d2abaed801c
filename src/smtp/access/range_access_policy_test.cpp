// RangeAccessPolicy: who submits without AUTH, and where AUTH is offered before TLS.
#include "smtp/access/range_access_policy.hpp"

#include <gtest/gtest.h>

namespace graphpost::smtp::access {
namespace {

Cidr Range(std::string_view text) { return ParseCidr(text).value(); }

Peer At(std::string address, bool loopback = false) {
  return Peer{.address = std::move(address), .port = 40000, .loopback = loopback};
}

RangeAccessPolicy Policy() {
  return RangeAccessPolicy(
      {RangeRule{.range = Range("10.0.0.0/8"), .connections = {"contoso"}, .senders = {}},
       RangeRule{.range = Range("10.1.0.0/16"),
                 .connections = {"fabrikam"},
                 .senders = {"@fabrikam.com"}},
       RangeRule{.range = Range("2001:db8::/32"), .connections = {"v6"}, .senders = {}}},
      {Range("192.168.50.0/24")});
}

TEST(RangeAccessPolicyTest, AnAddressInARangeGetsThatRangesPrincipal) {
  auto principal = Policy().Anonymous(At("10.200.3.4"));

  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->kind, Principal::Kind::kRange);
  EXPECT_EQ(principal->name, "10.0.0.0/8");
  EXPECT_EQ(principal->connections, std::vector<std::string>{"contoso"});
}

TEST(RangeAccessPolicyTest, TheMostSpecificRangeWins) {
  auto principal = Policy().Anonymous(At("10.1.2.3"));

  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->name, "10.1.0.0/16");
  EXPECT_EQ(principal->senders, std::vector<std::string>{"@fabrikam.com"});
}

TEST(RangeAccessPolicyTest, AnIpv4MappedPeerMatchesAnIpv4Range) {
  auto principal = Policy().Anonymous(At("::ffff:10.9.9.9"));

  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->name, "10.0.0.0/8");
}

TEST(RangeAccessPolicyTest, Ipv6PeersMatchIpv6Ranges) {
  auto principal = Policy().Anonymous(At("2001:db8:1::5"));

  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->connections, std::vector<std::string>{"v6"});
}

TEST(RangeAccessPolicyTest, AnAddressOutsideEveryRangeMustAuthenticate) {
  EXPECT_FALSE(Policy().Anonymous(At("203.0.113.5")));
  EXPECT_FALSE(Policy().Anonymous(At("not an address")));
}

TEST(RangeAccessPolicyTest, LoopbackIsNotAnonymousUnlessConfigured) {
  EXPECT_FALSE(Policy().Anonymous(At("127.0.0.1", true)));
}

TEST(RangeAccessPolicyTest, AuthWithoutTlsOnLoopback) {
  RangeAccessPolicy policy({}, {});

  EXPECT_TRUE(policy.AuthWithoutTls(At("127.0.0.1", true)));
  EXPECT_TRUE(policy.AuthWithoutTls(At("::1")));
  EXPECT_TRUE(policy.AuthWithoutTls(At("::ffff:127.0.0.1")));
  EXPECT_FALSE(policy.AuthWithoutTls(At("10.0.0.1")));
}

TEST(RangeAccessPolicyTest, AuthWithoutTlsInConfiguredRanges) {
  EXPECT_TRUE(Policy().AuthWithoutTls(At("192.168.50.9")));
  EXPECT_FALSE(Policy().AuthWithoutTls(At("192.168.51.9")));
  EXPECT_FALSE(Policy().AuthWithoutTls(At("10.1.2.3")));  // anonymous ranges are not TLS-exempt
}

}  // namespace
}  // namespace graphpost::smtp::access
