#include "sandbox/graph/upload_session.hpp"

#include <charconv>

#include "core/ascii.hpp"

namespace graphpost::sandbox::graph {
namespace {

std::optional<std::size_t> Number(std::string_view text) {
  text = TrimAscii(text);
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// UNCONFIRMED: Outlook's exact codes/texts for bad upload chunks are not documented.
GraphError ChunkError(std::string message) { return errors::BadRequest(std::move(message)); }

}  // namespace

std::optional<ContentRange> ParseContentRange(std::string_view text) {
  text = TrimAscii(text);
  if (!AsciiIStartsWith(text, "bytes")) return std::nullopt;
  text = TrimAscii(text.substr(5));
  std::size_t dash = text.find('-');
  std::size_t slash = text.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  auto first = Number(text.substr(0, dash));
  auto last = Number(text.substr(dash + 1, slash - dash - 1));
  auto total = Number(text.substr(slash + 1));
  if (!first || !last || !total || *first > *last || *last >= *total) return std::nullopt;
  return ContentRange{*first, *last, *total};
}

GraphStatus AppendChunk(UploadSession& session, std::optional<std::string_view> content_range,
                        std::string_view body) {
  auto range = content_range ? ParseContentRange(*content_range) : std::nullopt;
  if (!range) return GraphFail(ChunkError("The Content-Range header is missing or malformed."));
  if (body.size() > kMaxUploadChunkBytes) {
    return GraphFail(ChunkError("The maximum chunk size supported is 4MB."));
  }
  if (range->total != session.size) {
    return GraphFail(ChunkError("The Content-Range total does not match the upload session size."));
  }
  if (range->last - range->first + 1 != body.size()) {
    return GraphFail(ChunkError("The Content-Range does not match the length of the body."));
  }
  if (range->first != session.received.size()) {
    GraphError e{416,
                 "ErrorInvalidRange",
                 "The uploaded range does not start at the next expected byte.",
                 std::nullopt,
                 {}};
    e.extra["nextExpectedRanges"] = boost::json::array{std::to_string(session.received.size())};
    return GraphFail(std::move(e));
  }
  session.received.append(body);
  return {};
}

}  // namespace graphpost::sandbox::graph
