#include "sandbox/graph/mime_splice.hpp"

#include "core/ascii.hpp"
#include "sandbox/graph/mime_codec.hpp"

namespace graphpost::sandbox::graph {
namespace {

// The line [pos, end-of-line] without its "\n" or "\r\n".
std::string_view LineContent(std::string_view raw, std::size_t pos, std::size_t line_end) {
  std::string_view line = raw.substr(pos, line_end - pos);
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// The field name of a header line, or "" when the line is not "Name: value" (the reader's rule).
std::string FieldName(std::string_view content) {
  std::size_t colon = content.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string_view name = TrimAscii(content.substr(0, colon));
  if (name.empty() || name.find(' ') != std::string_view::npos) return {};
  return std::string(name);
}

// Unfolding removes only the line breaks (RFC 5322 §2.2.3).
std::string UnfoldedValue(std::string_view raw, const HeaderFieldSpan& field) {
  std::string_view text = raw.substr(field.begin, field.end - field.begin);
  text.remove_prefix(std::min(text.size(), text.find(':') + 1));
  std::string out;
  for (char c : text) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

// Where the closing delimiter "--boundary--" of the top-level body starts (at a line start), or
// npos when the body has none.
std::size_t ClosingDelimiter(std::string_view raw, std::size_t body_begin,
                             std::string_view boundary) {
  std::string close = "--" + std::string(boundary) + "--";
  for (std::size_t pos = raw.find(close, body_begin); pos != std::string_view::npos;
       pos = raw.find(close, pos + 1)) {
    if (pos == body_begin || raw[pos - 1] == '\n') return pos;
  }
  return std::string_view::npos;
}

std::string FreshBoundary(std::string_view raw) {
  for (int n = 0;; ++n) {
    std::string boundary = "=_sandbox_mixed_" + std::to_string(n);
    if (raw.find(boundary) == std::string_view::npos) return boundary;
  }
}

void AppendDelimited(std::string& out, const std::vector<MimePart>& parts,
                     std::string_view boundary, std::string_view newline) {
  for (const auto& part : parts) {
    out += "--";
    out += boundary;
    out += newline;
    out += part.text;
  }
}

std::size_t PartsSize(const std::vector<MimePart>& parts, std::string_view boundary) {
  std::size_t size = 0;
  for (const auto& part : parts) size += part.text.size() + boundary.size() + 4;
  return size;
}

// Inserts the parts before the closing delimiter of an existing multipart/mixed.
std::string InsertIntoMixed(std::string_view raw, const HeaderSection& section,
                            std::string_view boundary, const std::vector<MimePart>& parts) {
  std::size_t close = ClosingDelimiter(raw, section.body_begin, boundary);
  std::string out;
  out.reserve(raw.size() + PartsSize(parts, boundary) + boundary.size() + 8);
  if (close != std::string_view::npos) {
    out.append(raw.substr(0, close));
    AppendDelimited(out, parts, boundary, section.newline);
    out.append(raw.substr(close));
    return out;
  }
  out.append(raw);  // no closing delimiter (truncated): the parts and one go at the end
  if (!out.empty() && !out.ends_with('\n')) out += section.newline;
  AppendDelimited(out, parts, boundary, section.newline);
  return out + "--" + std::string(boundary) + "--" + section.newline;
}

// Makes the message multipart/mixed: its Content-* lines and body become the first part.
std::string WrapInMixed(std::string_view raw, const HeaderSection& section,
                        const std::vector<MimePart>& parts) {
  const std::string& nl = section.newline;
  std::string boundary = FreshBoundary(raw);
  std::string top;
  std::string first_part_headers;
  bool has_version = false;
  for (const auto& f : section.fields) {
    std::string_view bytes = raw.substr(f.begin, f.end - f.begin);
    if (AsciiIStartsWith(f.name, "content-")) {
      first_part_headers.append(bytes);
    } else {
      top.append(bytes);
      has_version = has_version || AsciiIEquals(f.name, "MIME-Version");
    }
  }
  if (!top.empty() && !top.ends_with('\n')) top += nl;
  if (!first_part_headers.empty() && !first_part_headers.ends_with('\n')) first_part_headers += nl;
  if (!has_version) top += "MIME-Version: 1.0" + nl;
  top += "Content-Type: multipart/mixed;" + nl + "\tboundary=\"" + boundary + "\"" + nl + nl;
  std::string out = std::move(top);
  out.reserve(raw.size() + out.size() + PartsSize(parts, boundary) + 2 * boundary.size() + 16);
  out += "--" + boundary + nl + first_part_headers + nl;
  out.append(raw.substr(section.body_begin));
  // The line break before a delimiter belongs to the delimiter: the body keeps its last bytes.
  out += nl;
  AppendDelimited(out, parts, boundary, nl);
  return out + "--" + boundary + "--" + nl;
}

}  // namespace

HeaderSection ScanHeaderSection(std::string_view raw) {
  HeaderSection section;
  std::size_t first_lf = raw.find('\n');
  bool bare_lf = first_lf != std::string_view::npos && (first_lf == 0 || raw[first_lf - 1] != '\r');
  section.newline = bare_lf ? "\n" : "\r\n";
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    std::size_t line_end = eol == std::string_view::npos ? raw.size() : eol + 1;
    std::string_view content = LineContent(raw, pos, line_end);
    if (content.empty()) {
      section.end = pos;
      section.body_begin = line_end;
      return section;
    }
    bool continuation = content.front() == ' ' || content.front() == '\t';
    if (continuation && !section.fields.empty()) {
      section.fields.back().end = line_end;
    } else {
      section.fields.push_back({continuation ? std::string() : FieldName(content), pos, line_end});
    }
    pos = line_end;
  }
  section.end = raw.size();
  section.body_begin = raw.size();
  return section;
}

bool HasHeaderField(std::string_view raw, std::string_view name) {
  for (const auto& f : ScanHeaderSection(raw).fields) {
    if (AsciiIEquals(f.name, name)) return true;
  }
  return false;
}

std::string RemoveHeaderField(std::string_view raw, std::string_view name) {
  HeaderSection section = ScanHeaderSection(raw);
  std::string out;
  out.reserve(raw.size());
  std::size_t copied = 0;
  for (const auto& f : section.fields) {
    if (!AsciiIEquals(f.name, name)) continue;
    out.append(raw.substr(copied, f.begin - copied));
    copied = f.end;
  }
  out.append(raw.substr(copied));
  return out;
}

std::string SetHeaderField(std::string_view raw, std::string_view name, std::string_view value) {
  HeaderSection section = ScanHeaderSection(raw);
  std::string line = std::string(name) + ": " + std::string(value) + section.newline;
  std::string out;
  out.reserve(raw.size() + line.size());
  std::size_t copied = 0;
  bool placed = false;
  for (const auto& f : section.fields) {
    if (!AsciiIEquals(f.name, name)) continue;
    out.append(raw.substr(copied, f.begin - copied));
    if (!placed) out += line;
    placed = true;
    copied = f.end;
  }
  if (!placed) {
    out.append(raw.substr(0, section.end));
    if (!out.empty() && !out.ends_with('\n')) out += section.newline;
    out += line;
    copied = section.end;
  }
  out.append(raw.substr(copied));
  return out;
}

std::string AddMixedParts(std::string_view raw, const std::vector<MimePart>& parts) {
  if (parts.empty()) return std::string(raw);
  HeaderSection section = ScanHeaderSection(raw);
  for (const auto& f : section.fields) {
    if (!AsciiIEquals(f.name, "Content-Type")) continue;
    HeaderValue type = ParseHeaderValue(UnfoldedValue(raw, f));
    std::optional<std::string> boundary = type.Param("boundary");
    if (type.value == "multipart/mixed" && boundary && !boundary->empty()) {
      return InsertIntoMixed(raw, section, *boundary, parts);
    }
    break;  // the first Content-Type decides, as in the reader
  }
  return WrapInMixed(raw, section, parts);
}

}  // namespace graphpost::sandbox::graph
