// SplitForDraft: cut attachment parts out of the original bytes (largest first, inline images
// last) until the rest fits one Graph request, and hand the cut parts back decoded.
#include <algorithm>
#include <optional>

#include "mime/internal/gmime_glue.hpp"
#include "mime/internal/header_block.hpp"
#include "mime/internal/part_tree.hpp"
#include "mime/mime_message.hpp"

namespace graphpost::mime {
namespace {

using internal::HeaderBlock;
using internal::Part;
using internal::PartTree;

struct Candidate {
  std::size_t index = 0;   // in PartTree::parts
  graph::Attachment meta;  // everything but the bytes
  std::size_t cut_size = 0;
};

std::string FieldValue(const HeaderBlock& header, std::string_view name) {
  const internal::HeaderField* field = internal::FindField(header, name);
  return field == nullptr ? std::string() : internal::Unfold(field->raw_value);
}

std::string StripAngles(std::string id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') return id.substr(1, id.size() - 2);
  return id;
}

// An attachment is a leaf part that says so (disposition attachment, a file name) or is neither
// text nor a container; a text/plain or text/html part without a name is message body. Inline:
// it has a Content-ID and is not marked as an attachment (an image the HTML shows by cid:).
std::optional<Candidate> AsCandidate(std::string_view mime, const PartTree& tree,
                                     std::size_t index) {
  const Part& part = tree.parts[index];
  if (part.parent < 0 || part.multipart || part.type.type == "multipart") return std::nullopt;
  const HeaderBlock header =
      internal::ScanPartHeader(mime.substr(part.begin, part.end - part.begin));
  const internal::ContentDisposition disposition =
      internal::ParseContentDisposition(FieldValue(header, "Content-Disposition"));
  const std::string content_id = StripAngles(FieldValue(header, "Content-ID"));
  std::string name = !disposition.filename.empty() ? disposition.filename : part.type.name;
  const bool body_text =
      part.type.type == "text" && (part.type.subtype == "plain" || part.type.subtype == "html");
  const bool attachment = disposition.disposition == "attachment" || !name.empty() ||
                          (!body_text && (part.type.type != "text" || !content_id.empty()));
  if (!attachment) return std::nullopt;
  if (name.empty()) name = part.type.type == "message" ? "message.eml" : "attachment";
  Candidate out;
  out.index = index;
  out.meta.name = std::move(name);
  out.meta.content_type = part.type.type + "/" + part.type.subtype;
  out.meta.content_id = content_id;
  out.meta.is_inline = !content_id.empty() && disposition.disposition != "attachment";
  out.cut_size = part.cut_end - part.cut_begin;
  return out;
}

// What stands in for the parts of a multipart that lost all of them: an empty text part, so the
// multipart stays valid (RFC 2046 wants at least one body part).
std::string Placeholder(const Part& multipart, const Part& first_child) {
  const std::string& eol = first_child.eol;
  return "--" + multipart.type.boundary + eol + "Content-Type: text/plain; charset=us-ascii" + eol +
         eol + eol;
}

// The draft: the message with the chosen parts' cuts removed (and a placeholder where a multipart
// lost every part).
std::string Splice(std::string_view mime, const PartTree& tree, std::vector<std::size_t> removed) {
  std::sort(removed.begin(), removed.end());
  std::vector<std::size_t> children(tree.parts.size(), 0), gone(tree.parts.size(), 0);
  for (const Part& part : tree.parts) {
    if (part.parent >= 0) ++children[static_cast<std::size_t>(part.parent)];
  }
  for (std::size_t index : removed) ++gone[static_cast<std::size_t>(tree.parts[index].parent)];
  std::string out;
  out.reserve(mime.size());
  std::size_t copied = 0;
  for (std::size_t index : removed) {
    const Part& part = tree.parts[index];
    const auto parent = static_cast<std::size_t>(part.parent);
    out.append(mime.substr(copied, part.cut_begin - copied));
    if (gone[parent] == children[parent]) {
      out += Placeholder(tree.parts[parent], part);
      gone[parent] = 0;  // one placeholder per multipart
    }
    copied = part.cut_end;
  }
  out.append(mime.substr(copied));
  return out;
}

// Parts that must go, in the order they go: attachments before inline images, each group
// largest first.
std::vector<Candidate> RemovalOrder(std::string_view mime, const PartTree& tree) {
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < tree.parts.size(); ++i) {
    if (auto candidate = AsCandidate(mime, tree, i)) candidates.push_back(std::move(*candidate));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.meta.is_inline != b.meta.is_inline) return !a.meta.is_inline;
                     return a.cut_size > b.cut_size;
                   });
  return candidates;
}

struct Cut {
  std::string draft;
  std::vector<const Candidate*> removed;  // in message order
};

// Takes candidates out in order until the draft fits; nullopt when taking all out is not enough.
std::optional<Cut> CutUntilFits(std::string_view mime, const PartTree& tree,
                                const std::vector<Candidate>& order, std::size_t max_draft_bytes) {
  std::vector<std::size_t> removed;
  std::size_t cut = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    removed.push_back(order[k].index);
    cut += order[k].cut_size;
    // Placeholders add a few dozen bytes: splice (and measure exactly) only once the arithmetic
    // fits.
    if (Base64Size(mime.size() - cut) > max_draft_bytes) continue;
    std::string draft = Splice(mime, tree, removed);
    if (Base64Size(draft.size()) > max_draft_bytes) continue;
    Cut out{.draft = std::move(draft)};
    for (std::size_t j = 0; j <= k; ++j) out.removed.push_back(&order[j]);
    std::sort(out.removed.begin(), out.removed.end(),
              [](const Candidate* a, const Candidate* b) { return a->index < b->index; });
    return out;
  }
  return std::nullopt;
}

graph::Attachment Decoded(std::string_view mime, const PartTree& tree, const Candidate& candidate) {
  const Part& part = tree.parts[candidate.index];
  const HeaderBlock header =
      internal::ScanPartHeader(mime.substr(part.begin, part.end - part.begin));
  graph::Attachment attachment = candidate.meta;
  attachment.bytes =
      internal::DecodeTransferEncoding(FieldValue(header, "Content-Transfer-Encoding"),
                                       mime.substr(part.body_begin, part.end - part.body_begin));
  return attachment;
}

}  // namespace

Result<SplitMime> SplitForDraft(std::string_view mime, std::size_t max_draft_bytes) {
  // A message that fits is only checked for a header: the part limits apply to what is split.
  if (Base64Size(mime.size()) <= max_draft_bytes) {
    auto header = internal::ScanMessageHeader(mime);
    if (!header) return Fail(header.error());
    return SplitMime{.draft_mime = std::string(mime)};
  }
  auto tree = internal::ScanParts(mime);
  if (!tree) return Fail(tree.error());
  const std::vector<Candidate> order = RemovalOrder(mime, *tree);
  std::optional<Cut> cut = CutUntilFits(mime, *tree, order, max_draft_bytes);
  if (!cut) {
    return Fail(ErrorCode::kInvalidArgument,
                "the message (" + std::to_string(mime.size()) +
                    " bytes) is too large for a draft even without its " +
                    std::to_string(order.size()) + " attachments");
  }
  SplitMime out{.draft_mime = std::move(cut->draft)};
  for (const Candidate* candidate : cut->removed) {
    out.attachments.push_back(Decoded(mime, *tree, *candidate));
  }
  return out;
}

}  // namespace graphpost::mime
