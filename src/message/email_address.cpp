#include "message/email_address.hpp"

#include <cstdint>

namespace graphpost::message {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext, plus UTF-8 bytes (RFC 6531).
bool IsAtext(unsigned char c) {
  if (IsAsciiAlnum(c) || c >= 0x80) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
      return true;
    default:
      return false;
  }
}

std::optional<std::string> LocalPartProblem(std::string_view local) {
  if (local.empty()) return "has nothing before the '@'";
  if (local.size() > kMaxLocalPartLength) return "has a part before the '@' longer than 64 bytes";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != local.npos) {
    return "has a misplaced '.' before the '@'";
  }
  for (char c : local) {
    if (c != '.' && !IsAtext(static_cast<unsigned char>(c))) {
      return "has a character that is not allowed before the '@' (spaces, quotes, brackets, "
             "commas and control characters are not)";
    }
  }
  return std::nullopt;
}

std::optional<std::string> LabelProblem(std::string_view label) {
  if (label.empty()) return "has an empty part in its domain";
  if (label.size() > kMaxLabelLength) return "has a domain part longer than 63 bytes";
  if (label.front() == '-' || label.back() == '-')
    return "has a domain part that starts or ends "
           "with '-'";
  for (char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (!IsAsciiAlnum(u) && u < 0x80 && c != '-') {
      return "has a character that is not allowed in its domain";
    }
  }
  return std::nullopt;
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::string> DomainProblem(std::string_view domain) {
  if (domain.empty()) return "has no domain after the '@'";
  if (domain.size() > kMaxDomainLength) return "has a domain longer than 253 bytes";
  std::size_t labels = 0;
  std::string_view last;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == domain.npos ? domain.npos : dot - start);
    if (auto problem = LabelProblem(label)) return problem;
    ++labels;
    last = label;
    if (dot == domain.npos) break;
    start = dot + 1;
  }
  if (labels < 2) return "has a domain without a '.' (e.g. contoso.com)";
  if (AllDigits(last)) return "has a domain that ends in a number";
  return std::nullopt;
}

// Unicode spaces, format characters and C1 controls, which are not letters however valid the
// UTF-8: U+0080-U+00A0, U+1680, U+2000-U+200F, U+2028-U+202F, U+205F-U+206F, U+3000, U+FEFF.
// (Boost.JSON has already checked that strings are well-formed UTF-8.)
bool HasUnicodeSpace(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) continue;
    char32_t cp = 0;
    std::size_t extra = 0;
    if ((b0 & 0xE0) == 0xC0) {
      cp = b0 & 0x1F;
      extra = 1;
    } else if ((b0 & 0xF0) == 0xE0) {
      cp = b0 & 0x0F;
      extra = 2;
    } else {
      continue;  // 4-byte sequences (and stray bytes) hold no spaces
    }
    for (std::size_t k = 1; k <= extra && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += extra;
    if ((cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) ||
        (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 ||
        cp == 0xFEFF) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> AddressProblem(std::string_view address) {
  if (address.empty()) return "is empty";
  if (address.size() > kMaxAddressLength) return "is longer than 254 bytes";
  const std::size_t at = address.rfind('@');
  if (at == address.npos) return "has no '@'";
  if (address.find('@') != at) return "has more than one '@'";
  if (HasUnicodeSpace(address)) return "has a Unicode space or invisible character";
  if (auto problem = LocalPartProblem(address.substr(0, at))) return problem;
  return DomainProblem(address.substr(at + 1));
}

}  // namespace graphpost::message
