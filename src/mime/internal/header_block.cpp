#include "mime/internal/header_block.hpp"

namespace graphpost::mime::internal {
namespace {

struct Line {
  std::size_t begin = 0;
  std::size_t content_end = 0;  // before "\r\n" or "\n"
  std::size_t end = 0;          // after the line break
};

Line LineAt(std::string_view text, std::size_t pos) {
  const std::size_t lf = text.find('\n', pos);
  if (lf == std::string_view::npos) return {pos, text.size(), text.size()};
  std::size_t content_end = lf;
  if (content_end > pos && text[content_end - 1] == '\r') --content_end;
  return {pos, content_end, lf + 1};
}

bool IsWsp(char c) { return c == ' ' || c == '\t'; }

// The length of `name` in "name: value" (0 when the line is not a header field), and where the
// value starts.
struct FieldStart {
  std::size_t name_len = 0;
  std::size_t value_offset = 0;
};

FieldStart ParseFieldStart(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == ':' || c <= 32 || c >= 127) break;
    ++i;
  }
  const std::size_t name_len = i;
  while (i < line.size() && IsWsp(line[i])) ++i;
  if (name_len == 0 || i >= line.size() || line[i] != ':') return {};
  return {name_len, i + 1};
}

enum class Mode { kStrict, kLenient };

Result<HeaderBlock> Scan(std::string_view text, Mode mode) {
  HeaderBlock block;
  const Line first = LineAt(text, 0);
  if (first.end > first.content_end)
    block.eol = text.substr(first.content_end, first.end - first.content_end);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Line line = LineAt(text, pos);
    const std::string_view content = text.substr(line.begin, line.content_end - line.begin);
    if (content.empty()) {
      if (block.fields.empty() && mode == Mode::kStrict) {
        return Fail(ErrorCode::kInvalidArgument, "not an RFC 5322 message: no header block");
      }
      block.body_begin = line.end;
      return block;
    }
    if (IsWsp(content.front()) && !block.fields.empty()) {
      HeaderField& field = block.fields.back();
      field.end = line.end;
      field.raw_value = text.substr(field.raw_value.data() - text.data(),
                                    line.content_end - (field.raw_value.data() - text.data()));
      pos = line.end;
      continue;
    }
    const FieldStart start = ParseFieldStart(content);
    if (start.name_len == 0) {
      if (mode == Mode::kStrict) {
        return Fail(ErrorCode::kInvalidArgument, block.fields.empty()
                                                     ? "not an RFC 5322 message: no header block"
                                                     : "not an RFC 5322 message: header line " +
                                                           std::to_string(block.fields.size() + 1) +
                                                           " is not `name: value`");
      }
      block.body_begin = line.begin;
      return block;
    }
    block.fields.push_back(
        HeaderField{.name = content.substr(0, start.name_len),
                    .begin = line.begin,
                    .end = line.end,
                    .raw_value = text.substr(line.begin + start.value_offset,
                                             line.content_end - line.begin - start.value_offset)});
    pos = line.end;
  }
  if (block.fields.empty() && mode == Mode::kStrict) {
    return Fail(ErrorCode::kInvalidArgument, "not an RFC 5322 message: no header block");
  }
  block.body_begin = text.size();
  return block;
}

}  // namespace

Result<HeaderBlock> ScanMessageHeader(std::string_view text) { return Scan(text, Mode::kStrict); }

HeaderBlock ScanPartHeader(std::string_view text) { return *Scan(text, Mode::kLenient); }

std::string Unfold(std::string_view raw_value) {
  std::string out;
  out.reserve(raw_value.size());
  for (char c : raw_value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  const std::size_t first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const std::size_t last = out.find_last_not_of(" \t");
  return out.substr(first, last - first + 1);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const HeaderField* FindField(const HeaderBlock& block, std::string_view name) {
  for (const HeaderField& field : block.fields) {
    if (EqualsIgnoreCase(field.name, name)) return &field;
  }
  return nullptr;
}

}  // namespace graphpost::mime::internal
