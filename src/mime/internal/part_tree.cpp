#include "mime/internal/part_tree.hpp"

#include "mime/internal/header_block.hpp"

namespace graphpost::mime::internal {
namespace {

struct Delimiter {
  std::size_t line_begin = 0;
  std::size_t line_end = 0;      // after its line break
  std::size_t break_before = 0;  // where the line break preceding it starts (its CRLF or LF)
  bool close = false;
  std::string eol;
};

enum class LineKind { kOther, kDelimiter, kCloseDelimiter };

// "--boundary", optionally "--", then only transport padding (RFC 2046 §5.1.1).
LineKind Classify(std::string_view line, std::string_view boundary) {
  if (line.size() < boundary.size() + 2 || !line.starts_with("--") ||
      line.substr(2, boundary.size()) != boundary) {
    return LineKind::kOther;
  }
  std::string_view rest = line.substr(boundary.size() + 2);
  const bool close = rest.starts_with("--");
  if (close) rest.remove_prefix(2);
  if (rest.find_first_not_of(" \t\r") != std::string_view::npos) return LineKind::kOther;
  return close ? LineKind::kCloseDelimiter : LineKind::kDelimiter;
}

std::vector<Delimiter> FindDelimiters(std::string_view mime, std::size_t begin, std::size_t end,
                                      std::string_view boundary) {
  std::vector<Delimiter> out;
  std::size_t pos = begin;
  while (pos < end) {
    std::size_t lf = mime.find('\n', pos);
    const std::size_t line_end = (lf == std::string_view::npos || lf >= end) ? end : lf + 1;
    std::string_view line = mime.substr(pos, line_end - pos);
    if (line.ends_with('\n')) line.remove_suffix(1);
    const LineKind kind = Classify(line, boundary);
    if (kind != LineKind::kOther) {
      const bool close = kind == LineKind::kCloseDelimiter;
      std::size_t break_before = pos;
      if (break_before > begin && mime[break_before - 1] == '\n') --break_before;
      if (break_before > begin && break_before < pos && mime[break_before - 1] == '\r') {
        --break_before;
      }
      std::string eol = mime.substr(pos, line_end - pos).ends_with("\r\n") ? "\r\n" : "\n";
      out.push_back({pos, line_end, break_before, close, std::move(eol)});
      if (close) break;
    }
    pos = line_end;
  }
  return out;
}

class Scanner {
 public:
  explicit Scanner(std::string_view mime) : mime_(mime) {}

  Result<PartTree> Run() {
    auto header = ScanMessageHeader(mime_);
    if (!header) return Fail(header.error());
    Part root;
    root.body_begin = header->body_begin;
    root.end = mime_.size();
    root.eol = std::string(header->eol);
    root.type = TypeOf(*header, ContentType{});
    if (Status s = Add(std::move(root)); !s) return Fail(s.error());
    return std::move(tree_);
  }

 private:
  static ContentType TypeOf(const HeaderBlock& header, const ContentType& fallback) {
    const HeaderField* field = FindField(header, "Content-Type");
    return field == nullptr ? fallback : ParseContentType(Unfold(field->raw_value));
  }

  Status Add(Part part) {
    if (tree_.parts.size() >= kMaxParts) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the message has more than " + std::to_string(kMaxParts) + " MIME parts");
    }
    part.multipart = part.type.type == "multipart" && !part.type.boundary.empty() &&
                     part.depth < kMaxMultipartDepth;
    tree_.parts.push_back(part);
    if (!part.multipart) return Ok();
    return AddChildren(static_cast<int>(tree_.parts.size() - 1));
  }

  Status AddChildren(int index) {
    const Part parent = tree_.parts[static_cast<std::size_t>(index)];
    // In a multipart/digest a part without Content-Type is a message (RFC 2046 §5.1.5).
    ContentType fallback;
    if (parent.type.subtype == "digest")
      fallback = ContentType{.type = "message", .subtype = "rfc822"};
    const std::vector<Delimiter> delimiters =
        FindDelimiters(mime_, parent.body_begin, parent.end, parent.type.boundary);
    for (std::size_t k = 0; k < delimiters.size() && !delimiters[k].close; ++k) {
      const bool last = k + 1 == delimiters.size();
      Part child;
      child.parent = index;
      child.depth = parent.depth + 1;
      child.begin = delimiters[k].line_end;
      child.end = last ? parent.end : std::max(child.begin, delimiters[k + 1].break_before);
      child.cut_begin = delimiters[k].line_begin;
      child.cut_end = last ? parent.end : delimiters[k + 1].line_begin;
      child.eol = delimiters[k].eol;
      const HeaderBlock header = ScanPartHeader(mime_.substr(child.begin, child.end - child.begin));
      child.body_begin = child.begin + header.body_begin;
      child.type = TypeOf(header, fallback);
      if (Status s = Add(std::move(child)); !s) return s;
    }
    return Ok();
  }

  std::string_view mime_;
  PartTree tree_;
};

}  // namespace

Result<PartTree> ScanParts(std::string_view mime) { return Scanner(mime).Run(); }

}  // namespace graphpost::mime::internal
