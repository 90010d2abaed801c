// IP addresses and CIDR ranges: parsing, IPv4-mapped IPv6, containment and refusals.
#include "smtp/access/cidr.hpp"

#include <gtest/gtest.h>

namespace graphpost::smtp::access {
namespace {

IpAddress Ip(std::string_view text) {
  auto parsed = ParseIpAddress(text);
  EXPECT_TRUE(parsed) << text;
  return parsed.value_or(IpAddress{});
}

Cidr Range(std::string_view text) {
  auto parsed = ParseCidr(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
  return parsed.value_or(Cidr{});
}

TEST(CidrTest, AnIpv4RangeHoldsItsAddressesOnly) {
  Cidr lan = Range("192.168.1.0/24");

  EXPECT_TRUE(lan.Contains(Ip("192.168.1.0")));
  EXPECT_TRUE(lan.Contains(Ip("192.168.1.255")));
  EXPECT_FALSE(lan.Contains(Ip("192.168.2.1")));
  EXPECT_FALSE(lan.Contains(Ip("10.0.0.1")));
}

TEST(CidrTest, AnIpv4RangeHoldsTheIpv4MappedFormOfItsAddresses) {
  Cidr lan = Range("10.0.0.0/8");

  EXPECT_TRUE(lan.Contains(Ip("::ffff:10.20.30.40")));
  EXPECT_FALSE(lan.Contains(Ip("::ffff:11.0.0.1")));
}

TEST(CidrTest, AnIpv6RangeHoldsItsAddressesOnly) {
  Cidr net = Range("2001:db8::/32");

  EXPECT_TRUE(net.Contains(Ip("2001:db8:ffff::1")));
  EXPECT_FALSE(net.Contains(Ip("2001:db9::1")));
  EXPECT_FALSE(net.Contains(Ip("10.0.0.1")));
}

TEST(CidrTest, ABareAddressIsOneHost) {
  Cidr host = Range("192.0.2.7");
  Cidr host6 = Range("2001:db8::7");

  EXPECT_EQ(host.prefix, 128);
  EXPECT_TRUE(host.Contains(Ip("192.0.2.7")));
  EXPECT_FALSE(host.Contains(Ip("192.0.2.8")));
  EXPECT_TRUE(host6.Contains(Ip("2001:db8::7")));
}

TEST(CidrTest, SlashZeroHoldsEveryAddressOfItsFamily) {
  EXPECT_TRUE(Range("0.0.0.0/0").Contains(Ip("203.0.113.9")));
  EXPECT_FALSE(Range("0.0.0.0/0").Contains(Ip("2001:db8::1")));
  EXPECT_TRUE(Range("::/0").Contains(Ip("2001:db8::1")));
}

TEST(CidrTest, OddPrefixesMaskInsideAByte) {
  Cidr range = Range("172.16.0.0/12");

  EXPECT_TRUE(range.Contains(Ip("172.31.255.255")));
  EXPECT_FALSE(range.Contains(Ip("172.32.0.0")));
}

TEST(CidrTest, KeepsTheTextAsWritten) { EXPECT_EQ(Range("10.0.0.0/8").text, "10.0.0.0/8"); }

TEST(CidrTest, HostBitsAreMaskedOffAndTheTextSaysTheRange) {
  Cidr range = Range("10.1.2.3/8");
  Cidr range6 = Range("2001:db8::7/32");

  EXPECT_EQ(range.text, "10.0.0.0/8");
  EXPECT_TRUE(range.Contains(Ip("10.200.0.1")));
  EXPECT_FALSE(range.Contains(Ip("11.0.0.1")));
  EXPECT_EQ(range6.text, "2001:db8::/32");
  EXPECT_TRUE(range6.Contains(Ip("2001:db8:ffff::1")));
}

TEST(CidrTest, MalformedRangesAreRefused) {
  for (const char* bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08",
                          "10.0.0/8", "10.0.0.256", "010.0.0.0/8", "::/129", "2001:db8::/x",
                          "fe80::%eth0/64", "[::1]", "10.0.0.0/8/8", "example.com", "1.2.3.4 "}) {
    auto parsed = ParseCidr(bad);
    EXPECT_FALSE(parsed) << "'" << bad << "' parsed";
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(CidrTest, PeerAddressesMayCarryAnIpv6Zone) {
  auto link_local = ParseIpAddress("fe80::1%eth0");

  ASSERT_TRUE(link_local);
  EXPECT_TRUE(Range("fe80::/10").Contains(*link_local));
  EXPECT_FALSE(ParseIpAddress("10.0.0.1%eth0"));
}

TEST(CidrTest, LoopbackIsBothFamilies) {
  EXPECT_TRUE(Ip("127.0.0.1").IsLoopback());
  EXPECT_TRUE(Ip("127.9.9.9").IsLoopback());
  EXPECT_TRUE(Ip("::1").IsLoopback());
  EXPECT_TRUE(Ip("::ffff:127.0.0.1").IsLoopback());
  EXPECT_FALSE(Ip("10.0.0.1").IsLoopback());
  EXPECT_FALSE(Ip("::2").IsLoopback());
}

}  // namespace
}  // namespace graphpost::smtp::access
