#include "core/base64.hpp"

#include <array>

namespace graphpost {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(std::string_view in, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  std::size_t rest = in.size() - i;
  if (rest == 0) return out;
  unsigned v = static_cast<unsigned char>(in[i]) << 16;
  if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
  out.push_back(alphabet[(v >> 18) & 63]);
  out.push_back(alphabet[(v >> 12) & 63]);
  if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
  if (pad) out.append(rest == 1 ? "==" : "=");
  return out;
}

std::array<signed char, 256> Table(const char* alphabet) {
  std::array<signed char, 256> t{};
  t.fill(-1);
  for (int i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
  return t;
}

std::optional<std::string> Decode(std::string_view in, const std::array<signed char, 256>& table,
                                  bool skip_space) {
  std::string out;
  out.reserve(in.size() / 4 * 3 + 3);
  unsigned acc = 0;
  int bits = 0;
  std::size_t digits = 0;
  std::size_t pads = 0;
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (skip_space && (c == '\r' || c == '\n' || c == ' ' || c == '\t')) continue;
    if (c == '=') {
      ++pads;
      continue;
    }
    if (pads > 0 || table[c] < 0) return std::nullopt;  // data after padding, or a stray byte
    acc = (acc << 6) | static_cast<unsigned>(table[c]);
    bits += 6;
    ++digits;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if (digits % 4 == 1 || pads > 2) return std::nullopt;
  if (pads > 0 && (digits + pads) % 4 != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStd, true); }
std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrl, false); }

std::optional<std::string> Base64Decode(std::string_view text) {
  static const auto kTable = Table(kStd);
  return Decode(text, kTable, true);
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  static const auto kTable = Table(kUrl);
  return Decode(text, kTable, false);
}

}  // namespace graphpost
