#include "graph/internal/redact.hpp"

#include <gtest/gtest.h>

namespace graphpost::graph::internal {
namespace {

Error GraphError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::nullopt, "BadRequest"};
}

TEST(RedactTest, AOneCharacterTokenLeavesTheMessageReadable) {
  Error e = GraphError("graph sendMail: 400 BadRequest: Entra token endpoint said invalid");

  Error out = Redact(e, "a");

  EXPECT_EQ(out.message, e.message);
  EXPECT_EQ(out.remote_code, "BadRequest");
}

TEST(RedactTest, ATokenIsReplacedWhole) {
  Error out =
      Redact(GraphError("Rejected: Bearer eyJ0eXAi.eyJyb2xl.c2ln!"), "eyJ0eXAi.eyJyb2xl.c2ln");

  EXPECT_EQ(out.message, "Rejected: Bearer ***!");
}

TEST(RedactTest, UploadUrlQueryValuesAreReplacedButShortParametersAreKept) {
  const std::string url =
      "https://outlook.office.com/api/v2.0/Users('x')/Messages('m')/"
      "AttachmentSessions('s')?authtoken=eyJhbGciOiJSUzI1NiJ9abc&v=1";

  Error out = RedactUploadUrl(
      GraphError("upload failed for token eyJhbGciOiJSUzI1NiJ9abc at chunk 1 of v=1"), url);

  EXPECT_EQ(out.message, "upload failed for token *** at chunk 1 of v=1");
}

}  // namespace
}  // namespace graphpost::graph::internal
