#include "http/internal/request_rules.hpp"

#include <gtest/gtest.h>

namespace graphpost::http::internal {
namespace {

TEST(TransferEncodingAcceptableTest, AbsentOrChunkedAloneIsAccepted) {
  EXPECT_TRUE(TransferEncodingAcceptable({}));
  EXPECT_TRUE(TransferEncodingAcceptable({"chunked"}));
  EXPECT_TRUE(TransferEncodingAcceptable({" Chunked "}));
  EXPECT_TRUE(TransferEncodingAcceptable({"chunked,"}));
}

TEST(TransferEncodingAcceptableTest, AnyOtherCodingOrListIsRefused) {
  EXPECT_FALSE(TransferEncodingAcceptable({"gzip"}));
  EXPECT_FALSE(TransferEncodingAcceptable({"gzip, chunked"}));
  EXPECT_FALSE(TransferEncodingAcceptable({"chunked, gzip"}));
  EXPECT_FALSE(TransferEncodingAcceptable({"chunked", "chunked"}));
  EXPECT_FALSE(TransferEncodingAcceptable({"identity"}));
  EXPECT_FALSE(TransferEncodingAcceptable({""}));
  EXPECT_FALSE(TransferEncodingAcceptable({"xchunked"}));
}

TEST(HostFieldsAcceptableTest, Http11NeedsExactlyOneAndHttp10AtMostOne) {
  EXPECT_TRUE(HostFieldsAcceptable(11, 1));
  EXPECT_FALSE(HostFieldsAcceptable(11, 0));
  EXPECT_FALSE(HostFieldsAcceptable(11, 2));
  EXPECT_TRUE(HostFieldsAcceptable(10, 0));
  EXPECT_TRUE(HostFieldsAcceptable(10, 1));
  EXPECT_FALSE(HostFieldsAcceptable(10, 2));
}

TEST(BodyProgressTest, StallsWhenAnIntervalBringsLessThanTheMinimum) {
  BodyProgress progress(100);

  EXPECT_FALSE(progress.StalledAt(100));
  EXPECT_FALSE(progress.StalledAt(5000));
  EXPECT_TRUE(progress.StalledAt(5099));
}

TEST(BodyProgressTest, OneBytePerIntervalStallsAtTheFirstCheck) {
  BodyProgress progress(1024);

  EXPECT_TRUE(progress.StalledAt(1));
}

}  // namespace
}  // namespace graphpost::http::internal
