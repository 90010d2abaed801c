#include "sandbox/graph/mime_codec.hpp"

#include <algorithm>
#include <map>

#include "core/ascii.hpp"
#include "core/base64.hpp"

namespace graphpost::sandbox::graph {
namespace {

constexpr std::size_t kMaxCharsetLength = 64;
constexpr std::size_t kMaxEncodedWordLength = 4096;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Length of a soft line break ("=\r\n", "=\n", or "=" + trailing blanks + newline) at `i`, or 0.
std::size_t SoftBreakLength(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
  if (j < text.size() && text[j] == '\r') ++j;
  if (j < text.size() && text[j] == '\n') return j + 1 - i;
  return j == text.size() ? j - i : 0;
}

void AppendUtf8(std::string& out, unsigned code_point) {
  // Only the Basic Multilingual Plane is needed (Latin-1 and Windows-1252).
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Windows-1252 0x80-0x9F; the five bytes it leaves undefined keep their Latin-1 (C1) meaning.
constexpr unsigned kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string Windows1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    AppendUtf8(out, b >= 0x80 && b < 0xA0 ? kWindows1252High[b - 0x80] : b);
  }
  return out;
}

// Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates, at
// most U+10FFFF), or 0 when the bytes there are not one.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = at(i);
  if (b < 0x80) return 1;
  std::size_t n = b >= 0xC2 && b <= 0xDF   ? 2
                  : b >= 0xE0 && b <= 0xEF ? 3
                  : b >= 0xF0 && b <= 0xF4 ? 4
                                           : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char b1 = at(i + 1);
  if (b == 0xE0 && b1 < 0xA0) return 0;   // overlong
  if (b == 0xED && b1 >= 0xA0) return 0;  // surrogate
  if (b == 0xF0 && b1 < 0x90) return 0;   // overlong
  if (b == 0xF4 && b1 >= 0x90) return 0;  // above U+10FFFF
  return n;
}

// One encoded word starting at `pos` ("=?cs?E?text?="): decoded text and its length.
std::optional<std::pair<std::string, std::size_t>> EncodedWordAt(std::string_view text,
                                                                 std::size_t pos) {
  if (text.substr(pos, 2) != "=?") return std::nullopt;
  // Bounded searches keep hostile headers linear (RFC 2047 words are at most 75 characters;
  // real-world encoders exceed that, so allow more).
  std::size_t q1 = text.substr(0, pos + 2 + kMaxCharsetLength).find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= text.size() || text[q1 + 2] != '?') {
    return std::nullopt;
  }
  std::size_t end = text.substr(0, q1 + 3 + kMaxEncodedWordLength).find("?=", q1 + 3);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view charset = text.substr(pos + 2, q1 - pos - 2);
  if (std::size_t star = charset.find('*'); star != std::string_view::npos) {
    charset = charset.substr(0, star);  // RFC 2231 language suffix
  }
  char encoding = text[q1 + 1];
  std::string_view payload = text.substr(q1 + 3, end - q1 - 3);
  std::string bytes;
  if (encoding == 'B' || encoding == 'b') {
    auto decoded = Base64Decode(payload);
    if (!decoded) return std::nullopt;
    bytes = std::move(*decoded);
  } else if (encoding == 'Q' || encoding == 'q') {
    bytes = DecodeQuotedPrintable(payload, /*underscore_is_space=*/true);
  } else {
    return std::nullopt;
  }
  return std::pair{ToUtf8(bytes, charset), end + 2 - pos};
}

std::string PercentUnescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// RFC 2231 extended value "charset'lang'percent-encoded".
std::string DecodeExtendedValue(std::string_view value) {
  std::size_t q1 = value.find('\'');
  std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return PercentUnescape(value);
  return ToUtf8(PercentUnescape(value.substr(q2 + 1)), value.substr(0, q1));
}

// Reads a token or quoted string at `pos`; advances `pos`.
std::string ReadParamValue(std::string_view text, std::size_t& pos) {
  std::string out;
  if (pos < text.size() && text[pos] == '"') {
    for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
      if (text[pos] == '\\' && pos + 1 < text.size()) ++pos;
      out.push_back(text[pos]);
    }
    if (pos < text.size()) ++pos;
    return out;
  }
  while (pos < text.size() && text[pos] != ';') out.push_back(text[pos++]);
  return std::string(TrimAscii(out));
}

}  // namespace

std::string DecodeQuotedPrintable(std::string_view text, bool underscore_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_' && underscore_is_space) {
      out.push_back(' ');
    } else if (c != '=') {
      out.push_back(c);
    } else if (i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else if (std::size_t n = SoftBreakLength(text, i); n > 0) {
      i += n - 1;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string cs = AsciiLower(TrimAscii(charset));
  bool single_byte = cs == "iso-8859-1" || cs == "latin1" || cs == "latin-1" ||
                     cs == "windows-1252" || cs == "cp1252" || cs == "iso8859-1" ||
                     cs == "us-ascii" || cs == "ascii";
  return single_byte ? Windows1252ToUtf8(bytes) : EnsureUtf8(bytes);
}

bool IsValidUtf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string EnsureUtf8(std::string_view bytes) {
  return IsValidUtf8(bytes) ? std::string(bytes) : Windows1252ToUtf8(bytes);
}

std::string DecodeEncodedWords(std::string_view text) {
  std::string out;
  std::size_t pending_space_start = std::string::npos;  // blanks after an encoded word
  bool last_was_word = false;
  for (std::size_t i = 0; i < text.size();) {
    if (auto word = EncodedWordAt(text, i)) {
      if (pending_space_start != std::string::npos && !last_was_word) {
        out.append(text.substr(pending_space_start, i - pending_space_start));
      }
      pending_space_start = std::string::npos;
      out += word->first;
      i += word->second;
      last_was_word = true;
      continue;
    }
    char c = text[i];
    if ((c == ' ' || c == '\t' || c == '\r' || c == '\n') && last_was_word) {
      if (pending_space_start == std::string::npos) pending_space_start = i;
      ++i;
      continue;
    }
    if (pending_space_start != std::string::npos) {
      out.append(text.substr(pending_space_start, i - pending_space_start));
      pending_space_start = std::string::npos;
    }
    last_was_word = false;
    out.push_back(c);
    ++i;
  }
  if (pending_space_start != std::string::npos) out.append(text.substr(pending_space_start));
  return out;
}

std::optional<std::string> HeaderValue::Param(std::string_view name) const {
  std::map<int, std::string> sections;  // RFC 2231 continuations by index
  for (const auto& [key, text] : params) {
    if (key == name) return text;
    if (key.size() <= name.size() || key.compare(0, name.size(), name) != 0 ||
        key[name.size()] != '*') {
      continue;
    }
    std::string_view rest = std::string_view(key).substr(name.size() + 1);
    bool extended = !rest.empty() && rest.back() == '*';
    if (extended) rest.remove_suffix(1);
    if (rest.empty()) return extended || key.back() == '*' ? DecodeExtendedValue(text) : text;
    int index = 0;
    for (char c : rest) {
      if (c < '0' || c > '9' || index > 1000) return std::nullopt;
      index = index * 10 + (c - '0');
    }
    sections[index] =
        extended ? (index == 0 ? DecodeExtendedValue(text) : PercentUnescape(text)) : text;
  }
  if (sections.empty()) return std::nullopt;
  std::string joined;
  for (const auto& [index, part] : sections) joined += part;
  return joined;
}

HeaderValue ParseHeaderValue(std::string_view text) {
  HeaderValue out;
  std::size_t semi = text.find(';');
  out.value = AsciiLower(TrimAscii(text.substr(0, semi)));
  std::size_t pos = semi == std::string_view::npos ? text.size() : semi + 1;
  while (pos < text.size()) {
    std::size_t next_semi = std::min(text.find(';', pos), text.size());
    std::size_t eq = text.substr(0, next_semi).find('=', pos);
    if (eq == std::string_view::npos) {
      pos = next_semi + 1;
      continue;
    }
    std::string key = AsciiLower(TrimAscii(text.substr(pos, eq - pos)));
    pos = eq + 1;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::string value = ReadParamValue(text, pos);
    if (!key.empty()) out.params.emplace_back(std::move(key), std::move(value));
    std::size_t after = text.find(';', pos);  // skip junk after a quoted value
    pos = after == std::string_view::npos ? text.size() : after + 1;
  }
  return out;
}

}  // namespace graphpost::sandbox::graph
