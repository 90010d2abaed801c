// sandbox/graph/upload_session.hpp — an Outlook attachment upload session (protocol.md §3.4):
// created by createUploadSession, fed by PUTs with Content-Range in order, ≤ 4 MB per chunk,
// finished when every byte arrived. The chunk rules are pure functions here; GraphService keeps
// the sessions. Plain value type; not thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/time_format.hpp"
#include "sandbox/graph/graph_error.hpp"

namespace graphpost::sandbox::graph {

inline constexpr std::size_t kMinUploadSessionBytes = 3 * 1024 * 1024;
inline constexpr std::size_t kMaxUploadChunkBytes = 4 * 1024 * 1024;
// The most the sandbox reads for one upload PUT; Graph's upload sessions cap a chunk below 60 MiB.
inline constexpr std::size_t kMaxUploadRequestBytes = 60 * 1024 * 1024 - 1;

struct UploadSession {
  std::string id;
  std::string auth_token;  // the uploadUrl's authtoken
  std::string tenant_id;
  std::string mailbox_id;
  std::string message_id;
  std::string base_url;  // for the Location of the finished attachment
  std::string name;
  std::string content_type;
  std::string content_id;
  bool is_inline = false;
  std::size_t size = 0;  // declared AttachmentItem.size
  std::string received;  // bytes so far
  WallTime expires{};
};

struct ContentRange {
  std::size_t first = 0;
  std::size_t last = 0;  // inclusive
  std::size_t total = 0;
};

// "bytes 0-4194303/5242880"; nullopt when malformed or first > last.
std::optional<ContentRange> ParseContentRange(std::string_view text);

// Appends one chunk. 400 when Content-Range is missing or malformed, disagrees with the body
// length or the session size, or the chunk exceeds 4 MB; 416 (with nextExpectedRanges) when it
// does not start at the next expected byte.
[[nodiscard]] GraphStatus AppendChunk(UploadSession& session,
                                      std::optional<std::string_view> content_range,
                                      std::string_view body);

inline bool IsComplete(const UploadSession& s) { return s.received.size() == s.size; }

}  // namespace graphpost::sandbox::graph
