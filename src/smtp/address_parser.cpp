#include "smtp/internal/address_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/ascii.hpp"

namespace graphpost::smtp::internal {
namespace {

// RFC 5321 §4.5.3.1: local part 64 octets, domain 255, the whole path 256 with its <>.
constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxDomain = 255;
constexpr std::size_t kMaxMailbox = 254;

using ParseError = tl::unexpected<std::string>;

bool IsAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsHigh(unsigned char c) { return c >= 0x80; }
bool IsAtext(unsigned char c) {
  return IsAlnum(c) || IsHigh(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

ParseError Err(std::string what, std::size_t index) {
  return ParseError(what + " at character " + std::to_string(index + 1) + " of the address");
}

std::string Shown(unsigned char c) {
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  if (c == ' ') return "a space";
  return "a byte " + std::to_string(c) + " that is not allowed";
}

// The local part ends at the returned index (the '@').
Expected<std::size_t, std::string> ScanQuotedLocal(std::string_view s) {
  std::size_t i = 1;
  while (i < s.size() && s[i] != '"') {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      if (i + 1 >= s.size() || static_cast<unsigned char>(s[i + 1]) < 0x20 ||
          static_cast<unsigned char>(s[i + 1]) == 0x7f) {
        return Err("a '\\' in the quoted local part escapes nothing", i);
      }
      i += 2;
      continue;
    }
    if (c < 0x20 || c == 0x7f)
      return Err("unexpected " + Shown(c) + " in the quoted local part", i);
    ++i;
  }
  if (i >= s.size()) return Err("the quoted local part has no closing '\"'", 0);
  return i + 1;
}

Expected<std::size_t, std::string> ScanDotLocal(std::string_view s) {
  std::size_t i = 0;
  bool atom_start = true;
  for (; i < s.size() && s[i] != '@'; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '.') {
      if (atom_start) return Err("an empty part between dots in the local part", i);
      atom_start = true;
      continue;
    }
    if (!IsAtext(c)) return Err("unexpected " + Shown(c), i);
    atom_start = false;
  }
  if (i == 0) return Err("the local part is empty", 0);
  if (atom_start) return Err("the local part ends with a dot", i - 1);
  return i;
}

std::optional<ParseError> CheckLiteral(std::string_view domain, std::size_t at) {
  if (domain.size() < 3 || domain.back() != ']') {
    return Err("the address literal has no closing ']'", at);
  }
  for (std::size_t i = 1; i + 1 < domain.size(); ++i) {
    const auto c = static_cast<unsigned char>(domain[i]);
    if (c < 0x21 || c > 0x7e || c == '[' || c == '\\') {
      return Err("unexpected " + Shown(c) + " in the address literal", at + i);
    }
  }
  return std::nullopt;
}

// RFC 5321 sub-domain: letters, digits and hyphens, not starting or ending with a hyphen; UTF-8
// letters (U-labels) are let through here and judged against SMTPUTF8 by the caller.
std::optional<ParseError> CheckDomain(std::string_view domain, std::size_t at) {
  if (domain.empty()) return Err("the domain is empty", at);
  if (domain.size() > kMaxDomain) return Err("the domain is longer than 255 characters", at);
  if (domain.front() == '[') return CheckLiteral(domain, at);
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    if (i < domain.size() && domain[i] != '.') {
      const auto c = static_cast<unsigned char>(domain[i]);
      if (!IsAlnum(c) && !IsHigh(c) && c != '-')
        return Err("unexpected " + Shown(c) + " in the domain", at + i);
      continue;
    }
    const std::size_t len = i - label_start;
    if (len == 0) return Err("an empty label in the domain", at + i);
    if (len > 63) return Err("a domain label longer than 63 characters", at + label_start);
    if (domain[label_start] == '-' || domain[i - 1] == '-') {
      return Err("a domain label starts or ends with '-'", at + label_start);
    }
    label_start = i + 1;
  }
  return std::nullopt;
}

Expected<std::string, std::string> ParseMailbox(std::string_view s) {
  auto local_end = !s.empty() && s[0] == '"' ? ScanQuotedLocal(s) : ScanDotLocal(s);
  if (!local_end) return ParseError(local_end.error());
  const std::size_t at = *local_end;
  if (at >= s.size()) return Err("expected '@' and a domain after the local part", at);
  if (s[at] != '@') return Err("unexpected " + Shown(static_cast<unsigned char>(s[at])), at);
  if (at > kMaxLocalPart) return Err("the local part is longer than 64 characters", 0);
  if (s.size() > kMaxMailbox) return Err("the address is longer than 254 characters", 0);
  if (auto bad = CheckDomain(s.substr(at + 1), at + 1)) return *bad;
  return std::string(s);
}

// "@a.example,@b.example:" — checked for shape, then dropped (RFC 5321 §4.1.2, Appendix C).
Expected<std::size_t, std::string> SkipSourceRoute(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return Err("a source route without ':'", 0);
  std::size_t start = 0;
  for (std::string_view hop : Split(s.substr(0, colon), ',')) {
    if (hop.size() < 2 || hop[0] != '@') return Err("a source route hop is not '@domain'", start);
    if (auto bad = CheckDomain(hop.substr(1), start + 1)) return *bad;
    start += hop.size() + 1;
  }
  return colon + 1;
}

// The text between < and >, and how much of `text` the path used.
Expected<std::pair<std::string_view, std::size_t>, std::string> Bracketed(std::string_view text) {
  if (text.empty() || text[0] != '<') {
    const std::size_t end = std::min(text.find(' '), text.size());
    if (end == 0) return ParseError("expected an address in <>");
    return std::pair{text.substr(0, end), end};
  }
  bool quoted = false;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (quoted && text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && text[i] == '>') {
      return std::pair{text.substr(1, i - 1), i + 1};
    }
  }
  return ParseError("the address has no closing '>'");
}

}  // namespace

Expected<ParsedPath, std::string> ParsePath(std::string_view text, PathKind kind) {
  auto bracketed = Bracketed(text);
  if (!bracketed) return ParseError(bracketed.error());
  auto [inner, consumed] = *bracketed;
  if (inner.empty()) {
    if (kind == PathKind::kSender) return ParsedPath{"", false, consumed};
    return ParseError("the recipient address is empty");
  }
  if (inner[0] == '@') {
    auto skip = SkipSourceRoute(inner);
    if (!skip) return ParseError(skip.error());
    inner.remove_prefix(*skip);
  }
  if (kind == PathKind::kRecipient && AsciiIEquals(inner, "postmaster")) {
    return ParsedPath{std::string(inner), false, consumed};
  }
  auto mailbox = ParseMailbox(inner);
  if (!mailbox) return ParseError(mailbox.error());
  bool utf8 = false;
  for (unsigned char c : inner) utf8 = utf8 || IsHigh(c);
  if (utf8 && !IsValidUtf8(inner)) return ParseError("the address is not valid UTF-8");
  return ParsedPath{std::move(*mailbox), utf8, consumed};
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace graphpost::smtp::internal
